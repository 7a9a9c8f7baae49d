"""Qala settings: everything comes from the environment, with working defaults.

See `.env.example` for every variable. Integrations (Redis, S3, Telegram, SMTP) switch on
when their variable is present; without them Qala runs on embedded fallbacks.
"""

import warnings
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
env = environ.Env()
if (BASE_DIR / ".env").exists():
    environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off.")
    from django.core.management.utils import get_random_secret_key

    warnings.warn("DJANGO_SECRET_KEY is not set; using a random key for this process.", stacklevel=1)
    SECRET_KEY = get_random_secret_key()
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must be set when DJANGO_DEBUG is off.")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.google",
    "allauth.socialaccount.providers.facebook",
    "allauth.socialaccount.providers.openid_connect",
    "captcha",
    "django_tasks",
    "django_tasks_db",
    "django_htmx",
    "qala.common",
    "qala.accounts",
    "qala.territory",
    "qala.organisations",
    "qala.appeals",
    "qala.notifications",
    "qala.rewards",
    "qala.booking",
    "qala.bot",
    "qala.analytics",
    "qala.portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "qala.accounts.mfa.StaffMFAMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "qala.urls"
WSGI_APPLICATION = "qala.wsgi.application"
ASGI_APPLICATION = "qala.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "qala" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "qala.common.context_processors.maps",
            ],
        },
    },
]

# --- Database: an embedded SQLite file unless DATABASE_URL names another one.
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Web, worker and bot share one file: WAL lets readers run beside the writer, and
    # IMMEDIATE takes the write lock up front instead of failing half-way through.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and sessions: Redis when REDIS_URL is set, else in-process memory and the database.
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Background tasks: django-tasks with its database backend; `manage.py db_worker` runs them.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# --- Accounts
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "portal:home"
ACCOUNT_LOGIN_METHODS = {"email", "username"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Qala] "
# Sign-up (name, agreement, captcha), sign-in and social sign-in: qala/accounts/{adapter,forms,lockout}.py.
# Every self-made account, social ones included, is a resident; staff roles come from an admin only.
ACCOUNT_ADAPTER = "qala.accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {"signup": "qala.accounts.forms.SignupForm", "login": "qala.accounts.forms.LoginForm"}
# Failed passwords are counted by qala/accounts/lockout.py: the captcha after a few, then a lock-out that doubles
# each round and says when to come back. (allauth's "login_failed" rate limit still guards two-factor codes.)
QALA_LOGIN_CAPTCHA_AFTER = env.int("QALA_LOGIN_CAPTCHA_AFTER", default=3)  # failures, by account or by address
QALA_LOGIN_LOCK_AFTER = env.int("QALA_LOGIN_LOCK_AFTER", default=5)  # failures on one account per lock round
# Failures from one client address per round; higher, because many residents share one address (mobile NAT).
QALA_LOGIN_ADDRESS_LOCK_AFTER = env.int("QALA_LOGIN_ADDRESS_LOCK_AFTER", default=20)
QALA_LOGIN_LOCK_SECONDS = env.int("QALA_LOGIN_LOCK_SECONDS", default=60)  # the first lock; each round doubles it
QALA_LOGIN_LOCK_MAX_SECONDS = env.int("QALA_LOGIN_LOCK_MAX_SECONDS", default=3600)
# Behind a reverse proxy, how many proxies to trust in X-Forwarded-For; otherwise every client looks like the proxy.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("ALLAUTH_TRUSTED_PROXY_COUNT", default=0)
CAPTCHA_TIMEOUT = 10  # minutes to solve the picture (django-simple-captcha; no outside service)
SOCIALACCOUNT_ADAPTER = "qala.accounts.adapter.SocialAccountAdapter"
SOCIALACCOUNT_FORMS = {"signup": "qala.accounts.forms.SocialSignupForm"}
SOCIALACCOUNT_EMAIL_REQUIRED = True  # residents are told about their appeals by e-mail
SOCIALACCOUNT_QUERY_EMAIL = True
SOCIALACCOUNT_STORE_TOKENS = False
# A provider switches on when its client id and secret are set; without them it is neither shown nor reachable (404).
# Its e-mail counts as confirmed only when the provider says it is verified (Facebook never does).
SOCIALACCOUNT_PROVIDERS = {}
if env.str("GOOGLE_CLIENT_ID", default="") and env.str("GOOGLE_CLIENT_SECRET", default=""):
    SOCIALACCOUNT_PROVIDERS["google"] = {
        "APPS": [{"client_id": env.str("GOOGLE_CLIENT_ID"), "secret": env.str("GOOGLE_CLIENT_SECRET")}],
        "SCOPE": ["profile", "email"],
        "OAUTH_PKCE_ENABLED": True,
    }
if env.str("FACEBOOK_CLIENT_ID", default="") and env.str("FACEBOOK_CLIENT_SECRET", default=""):
    SOCIALACCOUNT_PROVIDERS["facebook"] = {
        "APPS": [{"client_id": env.str("FACEBOOK_CLIENT_ID"), "secret": env.str("FACEBOOK_CLIENT_SECRET")}],
        "METHOD": "oauth2",
        "SCOPE": ["email", "public_profile"],
    }
# A generic OpenID Connect provider, e.g. eGov IDP: OIDC_SERVER_URL is its issuer (or its discovery document).
if all(env.str(name, default="") for name in ("OIDC_SERVER_URL", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET")):
    SOCIALACCOUNT_PROVIDERS["openid_connect"] = {
        "APPS": [
            {
                "provider_id": env.str("OIDC_PROVIDER_ID", default="oidc"),
                "name": env.str("OIDC_PROVIDER_NAME", default="OpenID Connect"),
                "client_id": env.str("OIDC_CLIENT_ID"),
                "secret": env.str("OIDC_CLIENT_SECRET"),
                "settings": {
                    "server_url": env.str("OIDC_SERVER_URL"),
                    "oauth_pkce_enabled": env.bool("OIDC_PKCE", default=True),
                },
            }
        ]
    }
# Shown on the user agreement page (qala/portal/templates/portal/agreement.html) beside the 109 call centre.
QALA_CONTACT_EMAIL = env.str("QALA_CONTACT_EMAIL", default="")
# Two-factor authentication (allauth.mfa): an authenticator app (TOTP) plus recovery codes.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Qala"
MFA_TOTP_TOLERANCE = 1  # accept the code of the previous or next 30 seconds: phone clocks drift
# Staff must set up TOTP before they can open any page; off only for a local demo or tests.
QALA_STAFF_REQUIRE_MFA = env.bool("QALA_STAFF_REQUIRE_MFA", default=True)

# --- E-mail: printed to the console unless EMAIL_URL says otherwise (e.g. smtp+tls://user:pass@host:587).
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Qala <noreply@qala.local>")
# A mail server that hangs must not outlast the outbox's claim on a message.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
# The public address of this Qala, for links in e-mails.
QALA_SITE_URL = env.str("QALA_SITE_URL", default="http://127.0.0.1:8000")

# --- Languages and time
LANGUAGE_CODE = "kk"
LANGUAGES = [("kk", _("Kazakh")), ("ru", _("Russian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["qala.formats"]
TIME_ZONE = "Asia/Almaty"
USE_I18N = True
USE_TZ = True

# --- Static files and uploads. Leaflet ships in PyPI packages, served from our own host.
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "qala" / "static"]


def _xstatic_dir(name):
    import importlib

    return importlib.import_module(f"xstatic.pkg.{name}").BASE_DIR


STATICFILES_DIRS += [
    ("vendor/leaflet", _xstatic_dir("leaflet")),
    ("vendor/markercluster", _xstatic_dir("leaflet_markercluster")),
]
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("QALA_MEDIA_ROOT", default=BASE_DIR / "media")
AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME", default="")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if AWS_STORAGE_BUCKET_NAME:
    # S3-compatible storage through django-storages (pip install "django-storages[s3]").
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default=None),
            "region_name": env.str("AWS_S3_REGION_NAME", default=None),
            "querystring_auth": True,
        },
    }
# A request may carry five photos of up to 15 MB each.
DATA_UPLOAD_MAX_MEMORY_SIZE = 80 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Telegram: the token switches the bot on (`manage.py runbot`, started by `make run`).
TELEGRAM_BOT_TOKEN = env.str("TELEGRAM_BOT_TOKEN", default="")
TELEGRAM_API_BASE = env.str("TELEGRAM_API_BASE", default="https://api.telegram.org")
TELEGRAM_BOT_USERNAME = env.str("TELEGRAM_BOT_USERNAME", default="")  # for the Login Widget and t.me links
# Webhook mode: Telegram posts updates to /telegram/<path>/ with this secret in a header.
TELEGRAM_WEBHOOK_PATH = env.str("TELEGRAM_WEBHOOK_PATH", default="")
TELEGRAM_WEBHOOK_SECRET = env.str("TELEGRAM_WEBHOOK_SECRET", default="")
# How old a Web App's or the Login Widget's signed data may be.
TELEGRAM_AUTH_MAX_AGE = env.int("TELEGRAM_AUTH_MAX_AGE", default=24 * 3600)

# --- Product knobs
QALA_STAFF_EMAIL_DOMAINS = env.list("QALA_STAFF_EMAIL_DOMAINS", default=["gov.kz"])
QALA_PHOTO_MAX_BYTES = env.int("QALA_PHOTO_MAX_BYTES", default=15 * 1024 * 1024)
QALA_PHOTO_MAX_PIXELS = env.int("QALA_PHOTO_MAX_PIXELS", default=40_000_000)
QALA_PHOTOS_PER_APPEAL = 5
# Map tiles are pictures from a tile server; an empty value draws maps without a base layer.
QALA_MAP_TILES_URL = env.str("QALA_MAP_TILES_URL", default="https://tile.openstreetmap.org/{z}/{x}/{y}.png")
QALA_MAP_ATTRIBUTION = env.str("QALA_MAP_ATTRIBUTION", default="© OpenStreetMap contributors")
QALA_MAP_MAX_MARKERS = env.int("QALA_MAP_MAX_MARKERS", default=2000)

# Points for a resident: an appeal accepted (assigned), a fix confirmed. Rejected appeals earn none.
QALA_POINTS = {
    "accepted": env.int("QALA_POINTS_ACCEPTED", default=10),
    "confirmed": env.int("QALA_POINTS_CONFIRMED", default=5),
}
# A done appeal the resident neither confirms nor disputes is closed after this many days.
QALA_AUTO_CLOSE_DAYS = env.int("QALA_AUTO_CLOSE_DAYS", default=7)
# PSC booking (eGov's rules): one day of bookings per IIN within this many days, counted separately
# for PSCs and auto-PSCs unless pooled; slots are opened this many days ahead.
QALA_BOOKING_WINDOW_DAYS = env.int("QALA_BOOKING_WINDOW_DAYS", default=10)
QALA_BOOKING_POOL_KINDS = env.bool("QALA_BOOKING_POOL_KINDS", default=False)
QALA_BOOKING_DAYS_AHEAD = env.int("QALA_BOOKING_DAYS_AHEAD", default=14)
# An executor is warned once when a task's deadline is this close.
QALA_DEADLINE_WARNING_HOURS = env.int("QALA_DEADLINE_WARNING_HOURS", default=24)
# Nearby open appeals of the same category within this many metres are offered as duplicates.
QALA_DUPLICATE_RADIUS_M = env.int("QALA_DUPLICATE_RADIUS_M", default=100)

if not DEBUG:
    SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
}
