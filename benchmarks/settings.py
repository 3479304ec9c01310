"""Settings of a benchmark run: the example site on PostgreSQL, DEBUG off, anti-spam off.

Anti-spam is off so that thousands of requests from one address are measured
rather than rate limited; everything else is as in production.
"""

import os

from example_site.settings import *  # noqa: F403
from example_site.settings import INSTALLED_APPS, _database_from_url

DEBUG = False
ALLOWED_HOSTS = ["*"]
SECRET_KEY = "benchmarks-not-secret"  # noqa: S105 - a local benchmark server, never deployed
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
INSTALLED_APPS = [*INSTALLED_APPS, "django_tasks_db"]  # its table, for the surge's task workers
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
WAGTAIL_PARTICIPATION_ANTISPAM_ENABLED = False
WAGTAIL_PARTICIPATION_MAP_TILE_URL = None  # as in earlier runs: no map links on the boards
WAGTAILADMIN_BASE_URL = "http://testserver"
SILENCED_SYSTEM_CHECKS = ["wagtail_participation.W001"]
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "ERROR"}}

DATABASES = {
    "default": {
        **_database_from_url(
            os.environ.get("BENCH_DATABASE_URL", "postgres://127.0.0.1:5432/postgres")
        ),
        "CONN_MAX_AGE": 0,
        "TEST": {"NAME": f"wp_bench_{os.getpid()}"},
    }
}
