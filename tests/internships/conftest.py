import pytest

from partenaria.internships.models import Diploma
from partenaria.internships.reference import load_reference


@pytest.fixture(autouse=True)
def _french(settings):
    settings.LANGUAGE_CODE = "fr"


@pytest.fixture(autouse=True)
def _reference_data(request):
    """The data migration's rows, again after a transactional test flushed them."""
    if "db" in request.fixturenames or request.node.get_closest_marker("django_db"):
        request.getfixturevalue("db")
        if not Diploma.objects.exists():
            load_reference()
