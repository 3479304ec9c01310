"""A bare site as ``wagtail start`` makes it, plus the apps a test names: for the system
checks that must tell an integrator which installation step is missing.

``INSTALL_APPS`` (comma-separated app names after Wagtail's) and ``INSTALL_URLS``
(``before`` or ``after`` Wagtail's catch-all, or ``none``) come from the environment;
``INSTALL_TASKS=database`` adds the database task backend as docs/how-to/production.md says
for the django-tasks installed.
"""

import os
from importlib.util import find_spec

SECRET_KEY = "tests-installs-not-secret"
DEBUG = False
ALLOWED_HOSTS = ["*"]
WAGTAILADMIN_BASE_URL = "http://testserver"
WAGTAIL_SITE_NAME = "Installs"
ROOT_URLCONF = "tests.installs.urls"
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True

INSTALLED_APPS = [
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
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
    *[name for name in os.environ.get("INSTALL_APPS", "").split(",") if name],
]

MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "wagtail_participation.core.cache_control.PrivateCacheControlMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

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
            ]
        },
    }
]
STATIC_URL = "/static/"
SILENCED_SYSTEM_CHECKS = ["wagtail_participation.W001", "wagtail_participation.W002"]

if os.environ.get("INSTALL_TASKS") == "database":
    # django-tasks 0.12 (Wagtail 7.4, 8): django-tasks-db; before (Wagtail 7.0 to 7.3): its own.
    if find_spec("django_tasks.backends.database"):
        INSTALLED_APPS.append("django_tasks.backends.database")
        TASKS = {"default": {"BACKEND": "django_tasks.backends.database.DatabaseBackend"}}
    else:
        INSTALLED_APPS.append("django_tasks_db")
        TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
