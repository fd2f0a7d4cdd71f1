from django.contrib import admin
from django.urls import include, path

from partenaria.api import api

# Uploaded files are never served as public media: each goes through an access-checked view.
urlpatterns = [
    path("", include("partenaria.dashboard.urls")),
    path("", include("partenaria.core.urls")),
    path("compte/", include("partenaria.accounts.urls")),
    path("organisations/", include("partenaria.organisations.urls")),
    path("partenariats/", include("partenaria.conventions.urls")),
    path("echeances/", include("partenaria.deadlines.urls")),
    path("instances/", include("partenaria.governance.urls")),
    path("plan-d-action/", include("partenaria.actionplan.urls")),
    path("documents/", include("partenaria.documents.urls")),
    path("rapports/", include("partenaria.reports.urls")),
    path("stages/affectation/", include("partenaria.allocation.urls")),
    path("stages/", include("partenaria.internships.urls")),
    path("recherche/", include("partenaria.research.urls")),
    # Rooms are a resource shared under the conventions (FN3, EV2): under « Finances » in the navigation.
    path("finances/salles/", include("partenaria.rooms.urls")),
    path("finances/", include("partenaria.finance.urls")),
    path("evenements/", include("partenaria.events.urls")),
    path("europe/", include("partenaria.europe.urls")),
    path("cooperation-pedagogique/", include("partenaria.teaching.urls")),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

# The product's error pages (trust 19): French, in its layout, no traceback, nothing echoed.
handler400 = "partenaria.core.errors.bad_request"
handler500 = "partenaria.core.errors.server_error"
