from django.urls import path

from . import views
from .content_urls import urlpatterns as content_urlpatterns
from .dispute_urls import urlpatterns as dispute_urlpatterns

app_name = "conventions"
urlpatterns = [
    path("", views.partnership_list, name="partnership_list"),
    path("nouveau/", views.partnership_create, name="partnership_create"),
    path("<int:pk>/", views.partnership_detail, name="partnership_detail"),
    path("<int:pk>/nouvelle-convention/", views.convention_create, name="convention_create"),
    path("conventions/", views.convention_list, name="convention_list"),
    path("conventions/export.csv", views.convention_export, {"fmt": "csv"}, name="convention_export_csv"),
    path("conventions/export.xlsx", views.convention_export, {"fmt": "xlsx"}, name="convention_export_xlsx"),
    path("conventions/<int:pk>/", views.convention_detail, name="convention_detail"),
    path("conventions/<int:pk>/modifier/", views.convention_edit, name="convention_edit"),
    path("conventions/<int:pk>/soumettre/", views.convention_submit, name="convention_submit"),
    path(
        "conventions/<int:pk>/retour-brouillon/",
        views.convention_return_to_draft,
        name="convention_return_to_draft",
    ),
    path("conventions/<int:pk>/signer/", views.convention_sign, name="convention_sign"),
    path("conventions/<int:pk>/remplacer/", views.convention_supersede, name="convention_supersede"),
    path("conventions/<int:pk>/denoncer/", views.convention_denounce, name="convention_denounce"),
    *content_urlpatterns,
    *dispute_urlpatterns,
]
