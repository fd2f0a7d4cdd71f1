from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("convention/<int:pk>/", views.convention_reports, name="convention"),
    path("convention/<int:pk>/regle/", views.rule_edit, name="rule_edit"),
    path("convention/<int:pk>/<int:year>/", views.report_detail, name="detail"),
    path("convention/<int:pk>/<int:year>/preparer/", views.report_open, name="open"),
    path("convention/<int:pk>/<int:year>/avant-propos/", views.report_foreword, name="foreword"),
    path("convention/<int:pk>/<int:year>/envoi/", views.report_send, name="send"),
]
