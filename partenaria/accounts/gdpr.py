"""Processings of the accounts app (register of art. 30, see partenaria/core/gdpr.py)."""

from partenaria.core.gdpr import LegalBasis, Processing, RetentionRule, declare

# Login attempts are kept 6 months (CNIL recommendation for access logs), then deleted.
LOGIN_LOG_DAYS = 183

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
        retention="the account while its person holds a membership, then deleted one year after the last "
        "membership ends (proposed); login attempts and sessions: 6 months (proposed, CNIL "
        "recommendation for access logs)",
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
            RetentionRule(model=label, days=LOGIN_LOG_DAYS, date_field="attempt_time", delete=True)
            for label in ("axes.AccessAttempt", "axes.AccessFailureLog", "axes.AccessLog")
        ],
    )
)
