import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english():
    # European partners read the interface in English; the French catalogue is checked by test_i18n.
    with translation.override("en"):
        yield
