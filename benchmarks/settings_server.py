"""Settings of the gunicorn workers of a benchmark over HTTP (``benchmarks/petitions.py``).

The benchmark process starts gunicorn with these settings and tells it, in the
environment, what to share with it:

- ``BENCH_SERVER_DATABASE``: JSON of its database connection (the throwaway
  benchmark database: the workers read and write the same rows the benchmark set up
  and checks);
- ``BENCH_REDIS_URL`` and ``BENCH_KEY_PREFIX``: the Redis server every worker shares
  as Django's cache, and the prefix of this run's keys there (deleted at the end);
- ``BENCH_MIN_FILL_SECONDS`` (optional): the anti-spam minimum fill time.

As in production, and unlike ``benchmarks/settings.py`` (one process, Django's test
client): several worker processes share one Redis cache (count flags, cached counts
and rate limits hold across workers), database connections are kept open
(``CONN_MAX_AGE``), and anti-spam is **on**: honeypot, signed fill time, and the
per-IP limits, with one trusted proxy so that each simulated resident's own address
comes in ``X-Forwarded-For``. Emails go to Redis (``benchmarks.mail``), where the
clients read their confirmation links.
"""

import json
import os

from .settings import *  # noqa: F403
from .settings import DATABASES

_database = json.loads(os.environ["BENCH_SERVER_DATABASE"])
DATABASES = {
    "default": {
        **DATABASES["default"],
        **_database,
        "CONN_MAX_AGE": 60,
        "CONN_HEALTH_CHECKS": True,
    }
}

BENCH_REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")
BENCH_KEY_PREFIX = os.environ["BENCH_KEY_PREFIX"]
# As docs/how-to/production.md advises: the default cache (Wagtail's, the site's) misses while
# Redis is down; the package's state lives in a plain cache on the same server.
_REDIS = {"LOCATION": BENCH_REDIS_URL, "KEY_PREFIX": BENCH_KEY_PREFIX}
CACHES = {
    "default": {"BACKEND": "wagtail_participation.core.caches.FailSafeRedisCache", **_REDIS},
    "participation": {"BACKEND": "django.core.cache.backends.redis.RedisCache", **_REDIS},
}
WAGTAIL_PARTICIPATION_CACHE = WAGTAIL_PARTICIPATION_RATE_LIMIT_CACHE = "participation"
EMAIL_BACKEND = "benchmarks.mail.RedisEmailBackend"
ROOT_URLCONF = "benchmarks.urls"  # the example site and the bare peer (benchmarks.peer)

if (
    os.environ.get("BENCH_TASKS") == "db"
):  # django-tasks-db, with ``db_worker`` processes beside gunicorn
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

WAGTAIL_PARTICIPATION_ANTISPAM_ENABLED = True
WAGTAIL_PARTICIPATION_TRUSTED_PROXY_COUNT = 1
WAGTAIL_PARTICIPATION_MIN_FILL_SECONDS = int(os.environ.get("BENCH_MIN_FILL_SECONDS", "3"))
WAGTAIL_PARTICIPATION_PETITION_STAFF_EMAILS = ["petitions-staff@riverside.example"]
SILENCED_SYSTEM_CHECKS = []

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"stderr": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["stderr"], "level": "WARNING"},
}
