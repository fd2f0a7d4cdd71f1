import datetime
import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

# The session's date: the demo is checked against it so that the tests do not age with the clock.
TODAY = datetime.date(2026, 11, 23)


def _pin_today(monkeypatch):
    real_localdate = timezone.localdate

    def localdate(value=None, timezone=None):
        return TODAY if value is None else real_localdate(value, timezone)

    monkeypatch.setattr("django.utils.timezone.localdate", localdate)


@pytest.fixture
def today(monkeypatch):
    _pin_today(monkeypatch)
    return TODAY


@pytest.fixture(scope="module")
def demo_data(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo loaded once for a whole test module, rolled back at its end.

    Each test still runs in its own savepoint (``db``), so what a test changes is undone. Its files
    (the placeholder logos) land in a throw-away folder.
    """
    media = override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media"))
    with pytest.MonkeyPatch.context() as monkeypatch, django_db_blocker.unblock(), media:
        _pin_today(monkeypatch)
        with transaction.atomic():
            out = io.StringIO()
            call_command("load_demo", stdout=out)
            yield out.getvalue()
            transaction.set_rollback(True)


@pytest.fixture
def demo(demo_data, db):
    return demo_data
