import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _french():
    # Services answer in the reader's language; these tests read the French messages.
    with translation.override("fr"):
        yield
