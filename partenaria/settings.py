"""Settings of Partenaria, read from the environment with safe embedded defaults.

Development needs no variable at all (SQLite, console e-mail, debug). Production sets at least
DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS, DATABASE_URL and DJANGO_DEBUG=0 (see README).
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", True)
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise RuntimeError("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off.")
    SECRET_KEY = "dev-only-insecure-key-never-used-in-production"  # noqa: S105
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "django_htmx",
    "ninja",
    "django_tasks_db",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "partenaria.core",
    "partenaria.accounts",
    "partenaria.organisations",
    "partenaria.conventions",
    "partenaria.deadlines",
    "partenaria.governance",
    "partenaria.actionplan",
    "partenaria.documents",
    "partenaria.reports",
    "partenaria.internships",
    "partenaria.research",
    "partenaria.finance",
    "partenaria.rooms",
    "partenaria.events",
    "partenaria.teaching",
    "partenaria.allocation",
    "partenaria.europe",
    "partenaria.dashboard",
    "partenaria.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "partenaria.accounts.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A form posted twice acts once (trust 23); an edit saved over someone else's is refused (22).
    "partenaria.core.once.OncePerSubmissionMiddleware",
    "partenaria.core.stored_state.StoredStateMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "partenaria.core.middleware.CurrentOrganisationMiddleware",
    # Last, so that it sees the answer of a refused login (trust 9).
    "axes.middleware.AxesMiddleware",
]

if not DEBUG:
    # Each app process serves the collected static files itself (runserver does it in development).
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "partenaria.urls"
WSGI_APPLICATION = "partenaria.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "partenaria" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "partenaria.core.context_processors.navigation",
            ],
            "builtins": ["partenaria.core.templatetags.partenaria"],
        },
    }
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'var' / 'partenaria.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses any attempt on an account locked out after repeated failures (trust 9).
    "partenaria.accounts.lockout.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "dashboard:home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    # Digits alone are a date or a phone number; otherwise no composition rule (trust 10).
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Saved at every request, the age is an idle timeout: 8 hours without a request and the session ends.
SESSION_COOKIE_AGE = int(os.environ.get("DJANGO_SESSION_AGE", str(8 * 3600)))
SESSION_SAVE_EVERY_REQUEST = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Lockout after repeated failed logins (trust 9, django-axes): per account, whatever the address, so
# that the agents of one authority behind one proxy never lock each other out; the attempts are kept
# in the database (AccessAttempt, AccessFailureLog) and shown in the admin.
AXES_FAILURE_LIMIT = int(os.environ.get("PARTENARIA_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(os.environ.get("PARTENARIA_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "partenaria.accounts.lockout.username_of"
AXES_CLIENT_IP_CALLABLE = "partenaria.accounts.lockout.client_address"
AXES_RESET_ON_SUCCESS = True
# axes.W006 warns that a lockout without the address lets an attacker rotate user agents; here the
# account itself is the key (it cannot be rotated), and the attempts of one address on many accounts
# are limited by the "login" rate limit below.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_LOCKOUT_CALLABLE = "partenaria.accounts.lockout.locked_out"
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_VERBOSE = False

# Two-factor authentication (TOTP, django-otp). The issuer is the name shown in the person's app.
OTP_TOTP_ISSUER = os.environ.get("PARTENARIA_OTP_ISSUER", "Partenaria")
# URL namespaces where a person whose role sees research data must have set up two-factor
# authentication first (see partenaria.accounts.two_factor). Apps holding such data add theirs.
PARTENARIA_TWO_FACTOR_NAMESPACES = env_list("PARTENARIA_TWO_FACTOR_NAMESPACES", "research,admin")

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "partenaria" / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "partenaria" / "static"]
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "var" / "media"))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {
        "BACKEND": os.environ.get("DJANGO_FILE_STORAGE", "django.core.files.storage.FileSystemStorage")
    },
    # WhiteNoise lets each app process serve the vendored assets itself, with far-future caching.
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

MAILERS = {
    "default": {
        # Console in development; SMTP in production unless told otherwise.
        "BACKEND": os.environ.get(
            "DJANGO_EMAIL_BACKEND",
            "django.core.mail.backends.console.EmailBackend"
            if DEBUG
            else "django.core.mail.backends.smtp.EmailBackend",
        ),
        "OPTIONS": (
            {"host": os.environ["DJANGO_EMAIL_HOST"], "port": int(os.environ.get("DJANGO_EMAIL_PORT", "25"))}
            if os.environ.get("DJANGO_EMAIL_HOST")
            else {}
        ),
    }
}
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "Partenaria <no-reply@partenaria.local>")

TASKS = {
    "default": {
        "BACKEND": os.environ.get("DJANGO_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# Security headers. The CSP forbids inline scripts: every script is a vendored static file.
SECURE_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# No personal data or secrets in the logs (trust 19): every handler masks e-mail addresses, tokens
# (bearer, API, calendar feeds, evaluation and registration links), session ids and passwords
# (partenaria.core.logging). A handler added here must list "mask_secrets" in its filters
# (tests/test_logs.py checks every handler of every logger).
_LOG_FILTERS = ["mask_secrets", "error_reference"]
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "mask_secrets": {"()": "partenaria.core.logging.MaskSecretsFilter"},
        "error_reference": {"()": "partenaria.core.logging.ErrorReferenceFilter"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
    },
    "formatters": {"plain": {"format": "{asctime} {levelname} {name} {message}", "style": "{"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": _LOG_FILTERS},
        # Errors of requests e-mailed to ADMINS (when set), through the safe reporter below.
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false", *_LOG_FILTERS],
        },
    },
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        # Replaces Django's default handlers (its own console and mail handlers have no mask).
        "django": {"handlers": ["mail_admins"], "level": "INFO", "propagate": True},
        # runserver's request lines (a feed's path holds its token): masked like the rest.
        "django.server": {"handlers": [], "level": "INFO", "propagate": True},
        # django-axes logs each success at INFO; failures and lockouts (WARNING) are what matters.
        "axes": {"level": os.environ.get("PARTENARIA_AXES_LOG_LEVEL", "WARNING")},
    },
}
# Who receives the report of an error (a 500), as "Name <address>,..."; none by default.
ADMINS = env_list("DJANGO_ADMINS", "")
# The report Django e-mails to ADMINS hides personal fields and secrets, and masks the rest.
DEFAULT_EXCEPTION_REPORTER = "partenaria.core.logging.SafeExceptionReporter"
DEFAULT_EXCEPTION_REPORTER_FILTER = "partenaria.core.logging.SafeExceptionReporterFilter"

# Public address of the site, for links in e-mails sent by workers (no request there).
PARTENARIA_SITE_URL = os.environ.get("PARTENARIA_SITE_URL", "http://127.0.0.1:8000")
# Behind one reverse proxy, the API's rate limits read the client address it forwards.
NINJA_NUM_PROXIES = int(os.environ.get("DJANGO_NUM_PROXIES", "0")) or None

# The cache holds the counters of the rate limits and the tokens of forms already sent: in production it
# is shared by every process through the database (run `manage.py createcachetable` once), so that a
# second click landing on another process is still caught. Development and tests keep it in memory.
_CACHE = os.environ.get("PARTENARIA_CACHE", "locmem" if DEBUG else "database")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "partenaria_cache"}
    if _CACHE == "database"
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}

# Rate limits of partenaria.core.ratelimit (trust 11): scope -> "count/period", per person or address.
PARTENARIA_RATE_LIMITS = {
    # CSV and XLSX exports: a person exports a few lists an hour; a script harvesting data is stopped.
    "export": os.environ.get("PARTENARIA_EXPORT_RATE", "60/hour"),
    # Generating a DOCX or PDF costs up to seconds of a process: a loop of them would stall the site.
    "document": os.environ.get("PARTENARIA_DOCUMENT_RATE", "30/hour"),
    # Attempts to log in from one address, whatever the account (password spraying); the lockout of
    # one account after 5 failures is django-axes' (AXES_*).
    "login": os.environ.get("PARTENARIA_LOGIN_RATE", "30/min"),
}

# --- Business settings -------------------------------------------------------------------------
# Days before a deadline at which reminders are e-mailed (CV3, AP4).
PARTENARIA_REMINDER_OFFSETS = [int(d) for d in env_list("PARTENARIA_REMINDER_OFFSETS", "120,60,30,7")]
# Days a registered letter may take: the recommended sending date is this many days before the
# last day for the notice to be received (CV3).
PARTENARIA_REGISTERED_LETTER_DAYS = int(os.environ.get("PARTENARIA_REGISTERED_LETTER_DAYS", "7"))
# How far ahead the deadlines page and feed look, in days.
PARTENARIA_DEADLINE_HORIZON_DAYS = int(os.environ.get("PARTENARIA_DEADLINE_HORIZON_DAYS", "730"))
# Logo uploads (CV10 needs every party's logo).
PARTENARIA_LOGO_MAX_BYTES = 1024 * 1024
# Registrations of outsiders to an event are anonymised this many days after its end (EV1, DP2).
PARTENARIA_EVENT_OUTSIDER_RETENTION_DAYS = int(
    os.environ.get("PARTENARIA_EVENT_OUTSIDER_RETENTION_DAYS", "365")
)
# Retention periods of personal data, in days (trust 14, DP2; `manage.py apply_retention`). Each is
# « proposed » in the register until each party's data protection officer confirms it.
PARTENARIA_RETENTION_DAYS = {
    # Students and their placements: after the end of the school year of their last placement.
    "students": 5 * 365,
    # Tutor evaluation links never used: after the link expired.
    "evaluation_links": 30,
    # Research team members: after the end of the project.
    "research": 5 * 365,
    # Professionals of the learning mobilities: after their last mobility (the Erasmus+ audit time).
    "europe": 5 * 365,
    # Teaching cooperation: agents after their last intervention; documentation-centre registrations
    # after their withdrawal; speakers' charter records after their last change; job offers after
    # their closing date.
    "teaching": 5 * 365,
    "teaching_documentation": 365,
    "teaching_speakers": 3 * 365,
    "teaching_job_offers": 2 * 365,
    # Directory entries with no active role and no link: after their last change.
    "directory": 2 * 365,
    # Accounts: after the last login (or the creation, for an account never used).
    "accounts": 2 * 365,
    # Login attempts (axes), as the CNIL recommends for access logs.
    "login_attempts": 183,
    # Allocation runs, wishes and profiles: after the campaign's school year.
    "allocation": 365,
    # The audit trail: after the act, names scrubbed (the row stays).
    "audit": 10 * 365,
    # Answered erasure requests: proof that the request was answered.
    "erasure_requests": 3 * 365,
}
# The access journal of sensitive records (core/journal.py, trust 18): CNIL, six months to a year.
PARTENARIA_ACCESS_JOURNAL_DAYS = int(os.environ.get("PARTENARIA_ACCESS_JOURNAL_DAYS", "365"))
for _key in PARTENARIA_RETENTION_DAYS:
    _value = os.environ.get(f"PARTENARIA_RETENTION_DAYS_{_key.upper()}")
    if _value:
        PARTENARIA_RETENTION_DAYS[_key] = int(_value)
# Public registration links: at most this many registration attempts per address and minute.
PARTENARIA_PUBLIC_REGISTRATION_PER_MINUTE = int(
    os.environ.get("PARTENARIA_PUBLIC_REGISTRATION_PER_MINUTE", "20")
)
# The controller named in the register of processing activities (manage.py gdpr_register).
PARTENARIA_GDPR_CONTROLLER = os.environ.get(
    "PARTENARIA_GDPR_CONTROLLER",
    "each partner organisation for the partnerships it is party to (joint controllers, GDPR art. 26)",
)
# Lifetime of API tokens, in days.
PARTENARIA_API_TOKEN_DAYS = int(os.environ.get("PARTENARIA_API_TOKEN_DAYS", "30"))
