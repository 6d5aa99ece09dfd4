"""Every setting of Accord. Production behaviour comes only from environment variables.

Defaults are the safe production values: DEBUG is off, cookies are secure, HTTPS is
enforced. `make run` writes a git-ignored `.env` with development values (DEBUG on, a
random SECRET_KEY), which this module reads when it exists.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
if (BASE_DIR / ".env").exists():
    environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def env_flag(name: str, *, default: bool) -> bool:
    """A yes/no setting that fails fast on anything but a clear true or false (DEBUG=perhaps)."""
    raw = env.str(name, default="").strip().lower()
    if not raw:
        return default
    if raw in _TRUE:
        return True
    if raw in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}.")


DEBUG = env_flag("DEBUG", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "insecure-development-key-only-used-with-DEBUG-on"  # noqa: S105

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# --- Applications -----------------------------------------------------------------------
INSTALLED_APPS = [
    "accord.accounts.apps.AccordAdminConfig",  # django.contrib.admin behind the second factor
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",  # sitemap.xml (config/views.py): its templates
    "django.forms",
    "rest_framework",
    "knox",
    "drf_spectacular",
    "django_filters",
    "django_tables2",
    "django_htmx",
    "template_partials",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    # Backup codes: ten single-use codes for the day the phone or the key is lost.
    "django_otp.plugins.otp_static",
    # Security keys and passkeys (WebAuthn), a third kind of django-otp device.
    "django_otp_webauthn",
    "csp",
    "accord.core",
    "accord.accounts",
    "accord.registry",
    "accord.governance",
    "accord.planning",
    "accord.funding",
    "accord.events",
    "accord.communication",
    "accord.collaboration",
    "accord.newsletter",
    "accord.results",
    "accord.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "accord.core.middleware.PermissionsPolicyMiddleware",
    # Before anything reads the address: PostgreSQL cannot compare text holding NUL.
    "accord.core.middleware.RejectNulMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "accord.core.middleware.ApiLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): signed in with a second factor in this session.
    "django_otp.middleware.OTPMiddleware",
    # Who must have a second factor reaches nothing else before enrolling or giving a code.
    "accord.accounts.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accord.core.middleware.SessionLifetimeMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Axes must come last so that it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
# Form widgets render with Django's own Jinja2 templates: a select of 150 regions took the
# template engine several milliseconds, option by option. Forms' layout stays in our templates.
# Widgets that exist only as Django templates (the admin's, contrib.auth's) render with Django's
# engine: under Jinja2 alone, the admin's forms answered 500.
FORM_RENDERER = "accord.core.forms.FormRenderer"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "accord.core.context_processors.site",
                "accord.accounts.context_processors.powers",
                "accord.governance.context_processors.governance",
                "accord.planning.context_processors.planning",
                "accord.funding.context_processors.funding",
                "accord.communication.context_processors.communication",
                "accord.results.context_processors.results",
            ],
            "builtins": [
                "django.templatetags.i18n",
                "django.templatetags.static",
                "template_partials.templatetags.partials",
            ],
        },
    },
]

# --- Data -------------------------------------------------------------------------------
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'accord.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default: WAL lets readers work while a writer commits, and IMMEDIATE
    # transactions take the write lock up front instead of failing half-way ("database is locked").
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # Client-side cursors: a choice field's options are read with `.iterator()`, which on
    # PostgreSQL opens a server-side cursor (DECLARE, FETCH, CLOSE) for a few rows; it costs
    # about half a millisecond a select, and transaction-mode poolers (PgBouncer) forbid it.
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = env.bool("DISABLE_SERVER_SIDE_CURSORS", default=True)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")
# The cache holds sessions (read through to the database) and whole public pages (accord.core.public).
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Background work --------------------------------------------------------------------
# Production queues tasks through Celery on Redis; the embedded default runs them inline.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
if CELERY_TASK_ALWAYS_EAGER:
    # Inline tasks never reach a broker; naming the in-memory one keeps kombu from guessing one.
    CELERY_BROKER_URL = "memory://"
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_DEFAULT_QUEUE = "accord"
CELERY_TIMEZONE = "America/Toronto"
# Run by `celery -A config beat` in production; nothing runs them in the embedded default.
CELERY_BEAT_SCHEDULE = {
    "remind-final-reports": {"task": "accord.funding.tasks.remind_final_reports", "schedule": 24 * 3600},
    # Law 25: data past its retention period is deleted or anonymised (accord.core.retention).
    "apply-retention": {"task": "accord.core.tasks.apply_retention", "schedule": 24 * 3600},
    # A coordinator mandate dated to start or end on a later day changes the créneau's coordinator then.
    "sync-coordinators": {"task": "accord.governance.tasks.sync_coordinators", "schedule": 24 * 3600},
    # Each committee's compliance stored for the new day: what the oversight queues read (standing.py).
    "state-committees": {"task": "accord.governance.tasks.state_committees", "schedule": crontab(hour=0, minute=5)},
    # The ministry's staff get the coordinators' overdue reports by email once a week.
    "email-reminders": {"task": "accord.governance.tasks.email_reminders", "schedule": 7 * 24 * 3600},
    # Those who asked for it get their work queues each morning (accord.registry.queues, decision 28).
    "email-digests": {"task": "accord.registry.tasks.email_digests", "schedule": crontab(hour=6, minute=30)},
    # Indicator values not yet submitted: their reporters are told once when due, once when overdue (decision 39).
    "remind-values-due": {"task": "accord.results.tasks.remind_values_due", "schedule": crontab(hour=7, minute=0)},
}

# --- Accounts and security --------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Sessions are read from the cache (Redis in production) and written through to the
# database: one query less on every signed-in request, nothing lost if the cache is flushed.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# A signed-in session ends after half an hour without a request, and twelve hours after
# signing in whatever happens (accord.core.middleware.SessionLifetimeMiddleware).
SESSION_IDLE_TIMEOUT = env.int("SESSION_IDLE_TIMEOUT", default=30 * 60)
SESSION_COOKIE_AGE = env.int("SESSION_MAX_AGE", default=12 * 60 * 60)
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "landing"
LOGOUT_REDIRECT_URL = "registry:home"
# Password-reset and invitation links (the same token generator) are valid a day.
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_TIMEOUT", default=24 * 60 * 60)
# Password-reset emails an hour, per email address and per client address (the same answer
# is shown beyond, so no one learns whether an account exists).
PASSWORD_RESET_LIMIT = env.int("PASSWORD_RESET_LIMIT", default=3)
PASSWORD_RESET_CLIENT_LIMIT = env.int("PASSWORD_RESET_CLIENT_LIMIT", default=10)

# Login throttling: five failures for one address from one IP lock it for fifteen minutes.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_USERNAME_FORM_FIELD = "username"
# Trusted reverse proxies in front of the app, each appending to X-Forwarded-For: the client's
# address is the one the outermost of them saw (0: REMOTE_ADDR, the header is ignored).
PROXY_COUNT = env.int("PROXY_COUNT", default=0)
AXES_IPWARE_PROXY_COUNT = PROXY_COUNT

# Second factor (TOTP, django-otp): required of ministry, regional-office and technical-admin
# accounts (accord.accounts.policies.requires_second_factor), offered to everyone else.
ACCORD_REQUIRE_SECOND_FACTOR = env_flag("ACCORD_REQUIRE_SECOND_FACTOR", default=True)
# The name authenticator apps show beside the account.
OTP_TOTP_ISSUER = "Accord"
# The admin's lists of devices never show their secret keys.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
# A signed-in password waits this long for its second factor before the sign-in starts over.
ACCORD_SECOND_FACTOR_TIMEOUT = timedelta(minutes=5)

SESSION_COOKIE_SECURE = env_flag("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env_flag("CSRF_COOKIE_SECURE", default=not DEBUG)
SESSION_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = env_flag("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_flag("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env_flag("SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp): only our own origin, no inline script or style (the
# templates have none: no <script> without src, no on…= handlers, no style attributes), no
# framing, forms post only here. `data:` images are Swagger UI's icons.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
# Powerful browser features none of our pages uses, denied to them and to anything they embed
# (accord.core.middleware.PermissionsPolicyMiddleware).
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "hid",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}
# Passkeys (WebAuthn) may serve as a second factor: our own pages may ask for them.
PERMISSIONS_POLICY |= {"publickey-credentials-create": ["self"], "publickey-credentials-get": ["self"]}
if env_flag("BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- Email ------------------------------------------------------------------------------
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://" if DEBUG else "smtp://localhost:25")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Accord <accord@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Languages --------------------------------------------------------------------------
# French is the reference language and the default; English is complete and one click away.
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# The release the public pages are kept under (accord.core.public.release): the deployment's commit,
# say. Empty: a digest of the code, templates, catalogues and static files, read once per process.
ACCORD_RELEASE = env.str("ACCORD_RELEASE", default="")
# Canadian dates in both languages: 2025-10-31, "31 octobre 2025", "October 31, 2025" (decision 25).
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = "America/Toronto"
USE_I18N = True
USE_TZ = True
# Off: with it, every integer a template prints is grouped, so ids ("item-1 001"), years
# ("2 026") and form values broke once they passed 999. Amounts and counts are grouped on
# purpose instead (the `money` and `intcomma` filters).
USE_THOUSAND_SEPARATOR = False

# --- Static files -----------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # Front-end libraries come from npm (package-lock.json) and are served from node_modules.
    ("vendor/htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
    ("vendor/swagger-ui", BASE_DIR / "node_modules" / "swagger-ui-dist"),
    ("vendor/cytoscape", BASE_DIR / "node_modules" / "cytoscape" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")
# Never served under this URL: uploaded files are business plans and committee papers, sent only
# by views that check the owning object's policy (accord.core.files.download_response).
MEDIA_URL = "/media/"
# How those views send a file: "" streams it through Django; "x-accel-redirect" lets nginx send
# it from an internal location (ACCORD_SENDFILE_PREFIX, an alias of MEDIA_ROOT); "x-sendfile"
# lets Apache (mod_xsendfile) or lighttpd send it from its path on disk.
ACCORD_SENDFILE = env.str("ACCORD_SENDFILE", default="")
if ACCORD_SENDFILE not in ("", "x-accel-redirect", "x-sendfile"):
    raise ImproperlyConfigured('ACCORD_SENDFILE must be "", "x-accel-redirect" or "x-sendfile".')
ACCORD_SENDFILE_PREFIX = env.str("ACCORD_SENDFILE_PREFIX", default="/protected-media/")

# --- API --------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "knox.auth.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_PAGINATION_CLASS": "accord.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "accord.api.filters.AccentInsensitiveSearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "accord.core.api.exception_handler",
    "DEFAULT_THROTTLE_RATES": {"token": "10/minute"},
    # Throttles count per client address: REMOTE_ADDR, or the address the configured number
    # of trusted reverse proxies saw. With None (DRF's default) the whole X-Forwarded-For
    # header, which any client writes, was the key: rotating it bypassed the throttle.
    "NUM_PROXIES": PROXY_COUNT,
}
# API tokens (django-rest-knox): only their SHA-512 is stored; each expires after
# API_TOKEN_TTL_DAYS; their owner revokes them from the account page; a password change
# ends them all. Clients keep sending "Authorization: Token <token>".
REST_KNOX = {
    "TOKEN_TTL": timedelta(days=env.int("API_TOKEN_TTL_DAYS", default=30)),
    "AUTH_HEADER_PREFIX": "Token",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Accord API",
    "DESCRIPTION": (
        "Programme ACCORD / créneaux d'excellence. Token authentication: POST /api/v1/auth/token/ "
        'with {"email", "password"} (or create a token on your account page, or run '
        # In backticks: the docs render Markdown, where a bare <token> vanished as an HTML tag.
        "`manage.py create_api_token EMAIL`), then send the header `Authorization: Token YOUR_TOKEN`. "
        "A token expires after its `expiry` and ends when the account's password changes."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI comes from npm (swagger-ui-dist) and is served as a static file, not from a CDN.
    "SWAGGER_UI_DIST": f"{STATIC_URL}vendor/swagger-ui",
    "SWAGGER_UI_FAVICON_HREF": f"{STATIC_URL}vendor/swagger-ui/favicon-32x32.png",
    # Several models have a `kind` or a `status`: each choice set gets its own schema name.
    "ENUM_NAME_OVERRIDES": {
        "OrganisationKindEnum": "accord.registry.models.OrganisationKind",
        "CommitteeKindEnum": "accord.governance.models.CommitteeKind",
        "AgendaItemKindEnum": "accord.governance.models.ItemKind",
        "MeetingStatusEnum": "accord.governance.models.MeetingStatus",
        "AttendanceStatusEnum": "accord.governance.models.AttendanceStatus",
        "DecisionModeEnum": "accord.governance.models.DecisionMode",
        "NoticeAnswerKindEnum": "accord.governance.models.NoticeAnswerKind",
        "MinutesStatusEnum": "accord.governance.models.MinutesStatus",
        "ProjectStatusEnum": "accord.funding.models.ProjectStatus",
        "CostCategoryEnum": "accord.funding.models.CostCategory",
        "CreneauCategoryEnum": "accord.registry.models.CreneauCategory",
        "ClaimStatusEnum": "accord.funding.models.ClaimStatus",
        "PlanStatusEnum": "accord.planning.models.PlanStatus",
        "ActionStatusEnum": "accord.planning.models.ActionStatus",
        "IndicatorValueStatusEnum": "accord.results.models.ValueStatus",
        "IndicatorUnitEnum": "accord.results.models.Unit",
        "IndicatorDirectionEnum": "accord.results.models.Direction",
        "AxisKindEnum": "accord.planning.models.AxisKind",
    },
}

# --- Accord -----------------------------------------------------------------------------
ACCORD_SITE_NAME = "Accord"
# Law 25: the person in charge of the protection of personal information, named in the
# public privacy notice (/confidentialite/). Production sets the real contact.
ACCORD_PRIVACY_OFFICER = {
    "name": env.str(
        "ACCORD_PRIVACY_OFFICER_NAME", default="Responsable de la protection des renseignements personnels"
    ),
    "email": env.str("ACCORD_PRIVACY_OFFICER_EMAIL", default="confidentialite@accord.example"),
    "phone": env.str("ACCORD_PRIVACY_OFFICER_PHONE", default=""),
    "address": env.str("ACCORD_PRIVACY_OFFICER_ADDRESS", default=""),
}
# The site's public address, for the absolute links of what it sends (emails, calendar
# invitations): background tasks have no request to read it from (accord.core.links).
# Production must set it; the development default is `make run`'s address.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000" if DEBUG else "")
if not SITE_URL:
    raise ImproperlyConfigured("SITE_URL must be set when DEBUG is off (for example https://accord.example.org).")
# Security keys and passkeys (django-otp-webauthn) are bound to the site's domain and
# accepted only from its origin, both read from SITE_URL. Browsers offer them only over
# HTTPS or on localhost: a development SITE_URL over plain HTTP (127.0.0.1) gives
# http://localhost on the same port. They are a second factor only, never the password.
_site = urlsplit(SITE_URL)
if _site.scheme == "https" or _site.hostname == "localhost":
    _webauthn_origin = f"{_site.scheme}://{_site.netloc}"
else:
    _webauthn_origin = "http://localhost" + (f":{_site.port}" if _site.port else "")
OTP_WEBAUTHN_RP_ID = env.str("WEBAUTHN_RP_ID", default=urlsplit(_webauthn_origin).hostname or "")
OTP_WEBAUTHN_RP_NAME = "Accord"
OTP_WEBAUTHN_ALLOWED_ORIGINS = [_webauthn_origin]
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False
# Rows per page in back-office lists; exports ignore it and return every row.
ACCORD_PAGE_SIZE = 25
# A filtered back-office list counts its matches up to this many ("more than 1,000 results").
ACCORD_COUNT_CAP = 1000
# Live API tokens an account may hold at once (each call of the token endpoint issues one).
ACCORD_API_TOKEN_LIMIT = env.int("API_TOKEN_LIMIT", default=20)
DJANGO_TABLES2_TEMPLATE = "components/table.html"
# A créneau's indicator values of a year are due on this (month, day) of the following year: the
# quarter after the year gathers the members' yearly figures, approved before the year's bilan
# (decision 39). Its reporters are emailed this many days before, then once overdue.
ACCORD_VALUES_DUE = (3, 31)
ACCORD_VALUES_REMINDER_DAYS = 30
# Registry imports are refused before they are parsed when they pass these bounds: an .xlsx is
# a zip, and a few compressed megabytes can declare gigabytes of XML to parse.
ACCORD_IMPORT_MAX_BYTES = env.int("ACCORD_IMPORT_MAX_BYTES", default=5 * 1024 * 1024)
ACCORD_IMPORT_MAX_ROWS = env.int("ACCORD_IMPORT_MAX_ROWS", default=10_000)
ACCORD_IMPORT_XLSX_MAX_ENTRIES = env.int("ACCORD_IMPORT_XLSX_MAX_ENTRIES", default=200)
ACCORD_IMPORT_XLSX_MAX_UNCOMPRESSED = env.int("ACCORD_IMPORT_XLSX_MAX_UNCOMPRESSED", default=20 * 1024 * 1024)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"axes": {"level": "WARNING"}, "celery.app.trace": {"level": "WARNING"}},
}

# A change reason is a sentence ("Tempête de neige, report en janvier…"): never cut at 100 characters.
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# The dashboards' covering index (results_target_verdicts) carries two columns beside its keys on
# PostgreSQL, where its count is answered from the index alone; SQLite, the embedded default, keeps
# the keys only and says so at every start. Same index, same answers.
SILENCED_SYSTEM_CHECKS: list[str] = ["models.W040"]
