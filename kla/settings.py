"""Settings for Pantau KLA: one file, driven by environment variables.

With no environment at all it runs on an embedded SQLite file under ``var/`` so that a first
``make run`` (which sets ``DEBUG=1``) needs nothing installed; production sets ``DATABASE_URL``
(PostgreSQL through psycopg2), ``SECRET_KEY``, ``ALLOWED_HOSTS`` and, served over HTTPS,
``KLA_HTTPS=1``. ``DEBUG`` is off unless set (docs/deployment-security.md).
"""

import contextlib
import datetime
import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("KLA_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    return os.environ.get(name, str(int(default))).lower() in {"1", "true", "yes", "on"}


# Safe by default (issue 9): DEBUG only when asked for, and never the public key without it.
DEBUG = env_bool("DEBUG", False)
DEV_SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"  # noqa: S105
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not DEBUG and SECRET_KEY in {"", DEV_SECRET_KEY}:
    raise ImproperlyConfigured(
        "SECRET_KEY is missing or is the public development key while DEBUG is off. Set "
        "SECRET_KEY to a long random secret (e.g. python -c 'import secrets; "
        "print(secrets.token_urlsafe(64))'), or DEBUG=1 for local development only."
    )
SECRET_KEY = SECRET_KEY or DEV_SECRET_KEY
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "kla.admin_site.PlatformAdminConfig",  # issue 9: the admin for platform superusers only
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "axes",
    "csp",
    "kla.wilayah",
    "kla.organisations",
    "kla.accounts",
    "indicators",
    "evaluations",
    "kla.ops",  # background jobs, health probe, backup and restore (issue 13)
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files with DEBUG off and no proxy (issue 13): hashed names, compressed, cached long.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "kla.headers.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "kla.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    # A person's own changes show on the dashboards at once, whichever process answers.
    "evaluations.middleware.OwnChangesMiddleware",
    # issue 9 (walls, bad input): control characters in the address get the app's 400 page; a
    # temporary password must be changed before any other page.
    "kla.request_checks.ControlCharacterGuard",
    "kla.accounts.middleware.TemporaryPasswordMiddleware",
]

ROOT_URLCONF = "kla.urls"
WSGI_APPLICATION = "kla.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "kla.accounts.context_processors.role",
                "kla.accounts.navigation.nav_items",
            ],
        },
    },
]

if "DATABASE_URL" not in os.environ:
    VAR_DIR.mkdir(parents=True, exist_ok=True)  # a fresh clone has no var/ for the SQLite file
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'pantau-kla.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # ModelBackend, with the user's city, province and OPD in the same query. Sessions name
    # their backend: ones signed in under the previous name end once, at the next request.
    "kla.accounts.backends.UserBackend",
]
# Login throttling (django-axes, issue 9; kla/accounts/throttling.py, docs/security.md): each
# rule locks for AXES_COOLOFF_TIME once its own limit of failures is reached in that window.
KLA_LOGIN_LIMITS = [
    (["username", "ip_address"], int(os.environ.get("KLA_LOGIN_LIMIT_USER_ADDRESS", "5"))),
    ("username", int(os.environ.get("KLA_LOGIN_LIMIT_USER", "10"))),
    ("ip_address", int(os.environ.get("KLA_LOGIN_LIMIT_ADDRESS", "30"))),
]
AXES_LOCKOUT_PARAMETERS = [parameters for parameters, _limit in KLA_LOGIN_LIMITS]
AXES_FAILURE_LIMIT = KLA_LOGIN_LIMITS[0][1]
AXES_HANDLER = "kla.accounts.throttling.LoginThrottle"
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(os.environ.get("KLA_LOGIN_COOLOFF_MIN", "15")))
AXES_RESET_ON_SUCCESS = True  # only that username from that address (LoginThrottle)
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # the page's "try again at" holds
AXES_LOCKOUT_CALLABLE = "kla.accounts.throttling.lockout_response"
# How many reverse proxies stand in front of the app (each appending to X-Forwarded-For).
# 0 (default): the header is ignored, the connection's address counts.
KLA_TRUSTED_PROXIES = int(os.environ.get("KLA_TRUSTED_PROXIES", "0"))
AXES_CLIENT_IP_CALLABLE = "kla.accounts.throttling.client_ip"
AXES_VERBOSE = False

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "staticfiles"))

# Evidence files are private: they live outside STATIC_ROOT, no URL serves MEDIA_ROOT directly,
# and they are only streamed by a view that checks the user's right to the entry.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "private-media"))
# No URL pattern serves this prefix (Django's test live server needs a string here).
MEDIA_URL = "/berkas-privat-tidak-dilayani/"
EVIDENCE_MAX_BYTES = int(os.environ.get("EVIDENCE_MAX_MB", "20")) * 1024 * 1024
# Issue 9 (uploads checked inside): current files per entry, and what a DOCX/XLSX may inflate
# to (total uncompressed bytes, and the ratio of any member: zip bombs are refused).
EVIDENCE_MAX_FILES = int(os.environ.get("EVIDENCE_MAX_FILES", "20"))
EVIDENCE_MAX_UNZIPPED_BYTES = int(os.environ.get("EVIDENCE_MAX_UNZIPPED_MB", "100")) * 1024 * 1024
EVIDENCE_MAX_ZIP_RATIO = int(os.environ.get("EVIDENCE_MAX_ZIP_RATIO", "100"))
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# The what-if form without JavaScript posts every answer of every kecamatan: a kabupaten with
# 30+ kecamatan passes Django's default of 1000 fields.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# EMAIL_BACKEND and the SMTP server: see "Running it for real" at the end of this file.
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "pantau-kla@localhost")

# Safe by default (issue 9, docs/deployment-security.md) -------------------------------------
SESSION_COOKIE_HTTPONLY = True
# A working day, and never past closing the browser: a shared office PC forgets the login.
SESSION_COOKIE_AGE = int(os.environ.get("KLA_SESSION_HOURS", "9")) * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# No page is framed; evidence shown inline in the verification queue says SAMEORIGIN itself.
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# KLA_HTTPS=1: served over HTTPS (also read by the production server stack). It turns on the
# redirect to HTTPS, HSTS and secure cookies. Behind a TLS-terminating proxy Django trusts the
# proxy's X-Forwarded-Proto header (KLA_PROXY_SSL_HEADER, "" when Django terminates TLS
# itself): the proxy must set it on every request.
KLA_HTTPS = env_bool("KLA_HTTPS", False)
SECURE_SSL_REDIRECT = KLA_HTTPS
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = KLA_HTTPS
SECURE_HSTS_SECONDS = int(os.environ.get("KLA_HSTS_SECONDS", "31536000")) if KLA_HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = KLA_HTTPS and env_bool("KLA_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = KLA_HTTPS and env_bool("KLA_HSTS_PRELOAD", True)
_proxy_header = os.environ.get("KLA_PROXY_SSL_HEADER", "X-Forwarded-Proto" if KLA_HTTPS else "")
if _proxy_header:
    SECURE_PROXY_SSL_HEADER = (f"HTTP_{_proxy_header.upper().replace('-', '_')}", "https")
# Content-Security-Policy (django-csp): no inline script or style anywhere; data for scripts
# comes as json_script (not executed). img-src data: is Bootstrap's own SVG icons in its CSS.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
# Browser features the app never uses (kla/headers.py).
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=()"
)
# seed_demo runs on the embedded SQLite default only (or with its explicit flag).
KLA_EMBEDDED_DATABASE = "DATABASE_URL" not in os.environ

# Score pages (issue 13): how long a process trusts the state of a cycle it last read before
# reading it again (evaluations/scores/cached.py): the dashboards and score pages show another
# process's change within this many seconds, and a person's own change at once
# (evaluations/middleware.py). 0: every request reads it (the test suite: it changes rows
# between requests faster than anyone clicks).
KLA_SCORES_RECHECK_SECONDS = float(os.environ.get("KLA_SCORES_RECHECK_SECONDS", "5"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}


# --- Running it for real (issue 13): database tuning, storages, e-mail, queue ----------------
# The embedded SQLite default takes concurrent saves: WAL lets readers go on while one writer
# writes; IMMEDIATE transactions take the write lock at BEGIN, so a waiting writer waits for
# the busy timeout instead of failing with "database is locked" half-way through a transaction.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": int(os.environ.get("SQLITE_BUSY_TIMEOUT", "30")),
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

# Evidence lives in its own storage ("evidence"), on the local disk under MEDIA_ROOT by default
# or in S3-compatible object storage with KLA_EVIDENCE_STORAGE=s3 (django-storages, the "s3"
# extra; bucket, endpoint and keys from AWS_* variables, docs/deploy.md). No location is given
# for the disk: it reads MEDIA_ROOT when used, so a changed setting (tests) is followed.
EVIDENCE_STORAGE = os.environ.get("KLA_EVIDENCE_STORAGE", "filesystem")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "evidence": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
if EVIDENCE_STORAGE == "s3":
    STORAGES["evidence"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ.get("AWS_STORAGE_BUCKET_NAME", ""),
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
# WhiteNoise warns on a missing STATIC_ROOT; a fresh clone has none before collectstatic.
with contextlib.suppress(OSError):
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)

# E-mail from the environment: SMTP as soon as EMAIL_HOST is set, the console otherwise.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = EMAIL_HOST or "localhost"
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587" if env_bool("EMAIL_USE_TLS", False) else "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "20"))  # an SMTP server that hangs
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))

# Background work (kla/celery.py, kla/ops/): with CELERY_BROKER_URL set (Redis), side effects
# and jobs go to Celery workers; with none (the embedded default) they run in-process after
# commit. Tasks are idempotent and acknowledged late, so a worker lost mid-task is retried.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_RESULT_BACKEND = None  # results live in the database (kla.ops.Job), not the broker
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_TIMEZONE = TIME_ZONE
KLA_REMINDER_DAYS = int(os.environ.get("KLA_REMINDER_DAYS", "7"))
CELERY_BEAT_SCHEDULE = {
    # Every morning at 07:00 (Asia/Jakarta): one digest per operator with entries due soon.
    "deadline-reminders": {
        "task": "evaluations.send_deadline_reminders",
        "schedule": crontab(hour=7, minute=0),
    },
}
