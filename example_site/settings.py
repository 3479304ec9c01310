"""Settings of the example council site (also the base of the test settings).

SQLite by default; set DATABASE_URL (postgres://...) for PostgreSQL and
REDIS_URL for a shared cache, as on a multi-server production install.
"""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent

# The demo runs with DEBUG on and this placeholder key. It is public (it is in this file), and the
# key signs sign-in links, confirmation links and sessions: with DEBUG off the site refuses to start
# until DJANGO_SECRET_KEY names a key of its own.
PLACEHOLDER_SECRET_KEY = "example-site-not-secret-change-me"  # noqa: S105 - refused with DEBUG off
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or PLACEHOLDER_SECRET_KEY
DEBUG = os.environ.get("DJANGO_DEBUG", "1") == "1"
if not DEBUG and SECRET_KEY == PLACEHOLDER_SECRET_KEY:
    raise ImproperlyConfigured(
        "The example site runs with DEBUG off (DJANGO_DEBUG is not 1) and its public placeholder SECRET_KEY, "
        "which would let anyone forge sign-in links and sessions. Set the environment variable "
        "DJANGO_SECRET_KEY to a long random value of your own, for example the output of "
        "python3 -c 'import secrets; print(secrets.token_urlsafe(50))'."
    )
ALLOWED_HOSTS = os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")

INSTALLED_APPS = [
    "example_site.council",
    # wagtail-participation: core first, then the methods the site wants
    "wagtail_participation.core",
    "wagtail_participation.projects",
    "wagtail_participation.ideas",
    "wagtail_participation.surveys",
    "wagtail_participation.petitions",
    "wagtail_participation.budgeting",
    "wagtail_participation.events",
    # its dependencies
    "crispy_forms",
    "wagtail_modeladmin",
    # Wagtail
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Pages built for a signed-in resident or carrying a message: Cache-Control: private, no-store.
    "wagtail_participation.core.cache_control.PrivateCacheControlMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "wagtail_participation.core.middleware.ContentSecurityPolicyMiddleware",
    # A lost database connection gives residents a "please try again" page (503), not an error.
    "wagtail_participation.core.faults.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "example_site.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "example_site.wsgi.application"


def _database_from_url(url):
    import dj_database_url

    return dj_database_url.parse(url, conn_max_age=60)


if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": _database_from_url(os.environ["DATABASE_URL"])}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
        }
    }

if os.environ.get("REDIS_URL"):
    # As docs/how-to/production.md advises: Wagtail's cache misses while Redis is down, the
    # package's state lives in a plain cache on the same server.
    CACHES = {
        "default": {
            "BACKEND": "wagtail_participation.core.caches.FailSafeRedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        },
        "participation": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        },
    }
    WAGTAIL_PARTICIPATION_CACHE = WAGTAIL_PARTICIPATION_RATE_LIMIT_CACHE = "participation"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("de", "Deutsch"),
    ("nl", "Nederlands"),
    ("da", "Dansk"),
    ("nb", "Norsk bokmål"),
    ("es", "Español"),
    ("fr", "Français"),
    ("cy", "Cymraeg"),
]
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
TIME_ZONE = "Europe/London"
# Dates and times as a UK council writes them in English ("4 December 2026, 16:17"); other
# languages keep Django's formats for them.
FORMAT_MODULE_PATH = ["example_site.council.formats"]
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "static_collected"
MEDIA_URL = "/media/"
MEDIA_ROOT = BASE_DIR / "media"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

WAGTAIL_SITE_NAME = "Riverside Borough Council"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# The address emailed links start with (demo.py sets it to the address it serves on).
WAGTAIL_PARTICIPATION_BASE_URL = os.environ.get("WAGTAIL_PARTICIPATION_BASE_URL") or None
# Ideas on a map, with OpenStreetMap's tiles (their usage policy allows a demo's light use, with
# the attribution below). An empty WAGTAIL_PARTICIPATION_MAP_TILE_URL shows lists only.
WAGTAIL_PARTICIPATION_MAP_TILE_URL = (
    os.environ.get(
        "WAGTAIL_PARTICIPATION_MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    )
    or None
)
WAGTAIL_PARTICIPATION_MAP_ATTRIBUTION = "© OpenStreetMap contributors"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}

# The demo prints emails (sign-in links) to the console.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = "participation@riverside.example"
