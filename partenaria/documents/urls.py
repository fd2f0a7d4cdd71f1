"""Generated documents (CV10): generate a version of any registered document type, download one."""

from django.urls import path

from . import views

app_name = "documents"
urlpatterns = [
    # kind is a registered builder's (convention, amendment...); fmt is docx or pdf.
    path("<slug:kind>/<int:target_pk>/generer/<slug:fmt>/", views.generate, name="generate"),
    path("versions/<int:pk>/telecharger/", views.download, name="download"),
]
