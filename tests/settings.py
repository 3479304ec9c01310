"""Fast test settings: in-memory SQLite unless DATABASE_URL names PostgreSQL."""

import os

from example_site.settings import *  # noqa: F403

# django_tasks_db: its table, for the tests that run a real db_worker (faults, the surge); TASKS stays immediate.
# tests.testapp.onequestion: a participation method built only from core's extension points (issue 13).
INSTALLED_APPS = [
    *INSTALLED_APPS,  # noqa: F405
    "tests.testapp",
    "tests.testapp.onequestion",
    "django_tasks_db",
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
    "wagtail_participation.W001",
    "wagtail_participation.W002",
]  # one process in tests
