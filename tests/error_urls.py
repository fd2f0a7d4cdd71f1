"""URLs of tests/test_logs.py: the product's, plus views that fail in each way, served by the product's
error handlers."""

from django.core.exceptions import BadRequest, PermissionDenied
from django.urls import include, path

from partenaria.urls import handler400, handler500  # noqa: F401 - Django reads them from here

SECRET_WORDS = "the view of claire.secret@example.test with password=hunter-2-hunter-2 failed"


def raising(request, token):
    person_email = "claire.secret@example.test"  # a local variable the report must not show
    raise RuntimeError(f"{SECRET_WORDS} ({len(person_email)})")


def forbidding(request):
    raise PermissionDenied("claire.secret@example.test may not")


def malformed(request):
    raise BadRequest("claire.secret@example.test sent nonsense")


urlpatterns = [
    path("test-errors/evaluation/<str:token>/", raising),
    path("test-errors/forbid/", forbidding),
    path("test-errors/bad/", malformed),
    path("", include("partenaria.urls")),
]
