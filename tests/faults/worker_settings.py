"""Settings of the ``db_worker`` the fault tests start: the test database (DATABASE_URL), the
database task backend, and the test's SMTP sink (FAULT_SMTP_PORT)."""

import os

from tests.settings import *  # noqa: F403

TASKS = {"default": {"BACKEND": DB_TASKS_BACKEND}}  # noqa: F405
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = "127.0.0.1"
EMAIL_PORT = int(os.environ.get("FAULT_SMTP_PORT", "25"))
EMAIL_TIMEOUT = 5
WAGTAIL_PARTICIPATION_EMAIL_LEASE_SECONDS = int(os.environ.get("FAULT_LEASE_SECONDS", "5"))
