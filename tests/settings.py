"""Fast test settings: in-memory SQLite unless DATABASE_URL names PostgreSQL."""

import os
from importlib.util import find_spec

from example_site.settings import *  # noqa: F403

# The database task backend, for the tests that run a real db_worker (faults, the surge):
# django-tasks-db with django-tasks 0.12 (Wagtail 7.4 and 8), django-tasks' own before
# (Wagtail 7.0 to 7.3; docs/how-to/production.md). TASKS stays immediate.
# Neither (the lint environment, django-tasks 0.12 without django-tasks-db): no worker tests.
if find_spec("django_tasks_db"):
    DB_TASKS_APP, DB_TASKS_BACKEND = "django_tasks_db", "django_tasks_db.DatabaseBackend"
elif find_spec("django_tasks.backends.database"):
    DB_TASKS_APP = "django_tasks.backends.database"
    DB_TASKS_BACKEND = "django_tasks.backends.database.DatabaseBackend"
else:
    DB_TASKS_APP, DB_TASKS_BACKEND = "", ""

# tests.testapp.onequestion: a participation method built only from core's extension points (issue 13).
INSTALLED_APPS = [
    *INSTALLED_APPS,  # noqa: F405
    "tests.testapp",
    "tests.testapp.onequestion",
    *[app for app in [DB_TASKS_APP] if app],
    # The multilingual test site (tests/multilingual): translations made as councils make them.
    # Inert while WAGTAIL_I18N_ENABLED is off; those tests turn it on (override_settings).
    "wagtail_localize",
    "wagtail_localize.locales",
]

SECRET_KEY = "tests-not-secret"
DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
WAGTAILADMIN_BASE_URL = "http://testserver"

if not os.environ.get("DATABASE_URL"):
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Tests post forms at once; tests of the fill-time check set it back.
WAGTAIL_PARTICIPATION_MIN_FILL_SECONDS = 0
WAGTAIL_PARTICIPATION_SIGN_IN_MIN_FILL_SECONDS = 0
SILENCED_SYSTEM_CHECKS = [
    "wagtail_participation.W001",  # one process in tests
    "wagtail_participation.W002",
    "wagtail_participation.W011",  # tests keep their emails in memory (locmem)
    "wagtail_participation.W014",  # nor collect static files (STATIC_ROOT is the demo's)
]
# Tests never load map tiles from the network: those about maps set a URL of their own.
WAGTAIL_PARTICIPATION_MAP_TILE_URL = None
