"""Background tasks (django.tasks, stored by django_tasks_db; run with ``manage.py db_worker``)."""

import datetime

from django.tasks import task

from partenaria.conventions.services import conventions_refresh_statuses

from .reminders import send_reminders


def run_daily(today: datetime.date | None = None) -> tuple[dict[str, int], int]:
    """Statuses first (a convention that expired yesterday must not be reminded), then reminders."""
    statuses = conventions_refresh_statuses(today=today)
    return statuses, send_reminders(today)


@task
def send_deadline_reminders_task(date: str | None = None) -> int:
    """Enqueue with ``send_deadline_reminders_task.enqueue()``; ``date`` is ISO (YYYY-MM-DD)."""
    return send_reminders(datetime.date.fromisoformat(date) if date else None)


@task
def run_daily_task(date: str | None = None) -> int:
    _statuses, count = run_daily(datetime.date.fromisoformat(date) if date else None)
    return count
