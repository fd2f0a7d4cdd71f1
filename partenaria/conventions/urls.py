from django.urls import path

from . import views
from .content_urls import urlpatterns as content_urlpatterns

app_name = "conventions"
urlpatterns = [
    path("", views.partnership_list, name="partnership_list"),
    path("<int:pk>/", views.partnership_detail, name="partnership_detail"),
    path("conventions/", views.convention_list, name="convention_list"),
    path("conventions/<int:pk>/", views.convention_detail, name="convention_detail"),
    *content_urlpatterns,
]
