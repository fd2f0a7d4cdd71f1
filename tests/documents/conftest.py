import datetime

import pytest

from partenaria.organisations.models import Role
from tests.factories import officer_of

from .factories import haut_rhin_like_convention

# A day inside the first term of the convention of the factories: it has not been renewed yet.
TODAY = datetime.date(2023, 5, 10)


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    # Generated files and logos land in a throw-away folder.
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def today(monkeypatch):
    from django.utils import timezone

    real_localdate = timezone.localdate

    def localdate(value=None, timezone=None):
        return TODAY if value is None else real_localdate(value, timezone)

    monkeypatch.setattr("django.utils.timezone.localdate", localdate)
    return TODAY


@pytest.fixture
def convention(db, today):
    return haut_rhin_like_convention()


@pytest.fixture
def officer(convention):
    return officer_of(convention.parties.first().organisation)


@pytest.fixture
def viewer(convention):
    return officer_of(convention.parties.first().organisation, role=Role.VIEWER)
