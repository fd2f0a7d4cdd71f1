"""Processings of the accounts app (register of art. 30, see partenaria/core/gdpr.py)."""

from partenaria.core.gdpr import LegalBasis, Processing, RetentionRule, declare


def _close_idle_accounts(*, today, dry_run):
    """Accounts unused for the period (no login since, or never used since their creation) are
    closed and their person erased, as on request: the records the law keeps stay, nameless."""
    from django.db.models import Q

    from partenaria.accounts.models import User
    from partenaria.core import privacy

    limit = privacy.aware(privacy.retention_cutoff(today, "accounts"))
    idle = (
        User.objects.filter(is_superuser=False)
        .filter(Q(last_login__lt=limit) | Q(last_login__isnull=True, date_joined__lt=limit))
        .exclude(privacy.is_erased())
        .order_by("pk")
    )
    return privacy.retention_erase(idle, dry_run=dry_run, kind="user")


declare(
    Processing(
        key="accounts",
        name="User accounts and their security",
        purpose="Let the agents of the authorities and the schools' staff log in to the partnerships "
        "of their organisation; protect the accounts (two-factor authentication, lockout after failed "
        "logins, API tokens).",
        legal_basis=LegalBasis.PUBLIC_TASK,
        data_subjects=[
            "agents of the partner authorities",
            "staff of the schools",
            "students with an account",
        ],
        categories=[
            "identity (name)",
            "professional e-mail address",
            "password hash",
            "two-factor secrets and recovery codes",
            "login attempts (address, browser, time)",
            "sessions",
        ],
        recipients=["the administrators of the platform", "the hosting provider, as processor"],
        retention="the account is closed and its person erased 2 years after the last login "
        "(PARTENARIA_RETENTION_DAYS accounts, proposed; CNIL: 2 years of inactivity); login attempts "
        "6 months (login_attempts, proposed, CNIL recommendation for access logs); sessions and API "
        "tokens deleted once expired; the administration site's log 10 years (audit, proposed)",
        models=[
            "accounts.User",
            "accounts.ApiToken",
            "otp_totp.TOTPDevice",
            "otp_static.StaticDevice",
            "axes.AccessAttempt",
            "axes.AccessFailureLog",
            "axes.AccessLog",
            "sessions.Session",
            "admin.LogEntry",
        ],
        retention_rules=[
            RetentionRule(model="accounts.User", apply=_close_idle_accounts, setting="accounts"),
            *(
                RetentionRule(model=label, setting="login_attempts", date_field="attempt_time", delete=True)
                for label in ("axes.AccessAttempt", "axes.AccessFailureLog", "axes.AccessLog")
            ),
            RetentionRule(model="sessions.Session", date_field="expire_date", delete=True),
            RetentionRule(model="accounts.ApiToken", date_field="expires_at", delete=True),
            RetentionRule(model="admin.LogEntry", setting="audit", date_field="action_time", delete=True),
        ],
    )
)
