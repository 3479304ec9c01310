"""System checks for the installation steps a live site needs (docs/reference/checks.md).

W010: the layout drops our pages' styles or scripts (core/layout.py). W011: emails go to
the console, memory or nowhere while DEBUG is off. W012: tasks are never run. W013 (database):
emails waited in the outbox for long (no task worker, nor the cron job). W014 (staticfiles):
our static files are not in STATIC_ROOT (collectstatic was not run since installing).
"""

import datetime

from django.conf import settings as django_settings
from django.core.checks import Tags, Warning, register
from django.db import DatabaseError
from django.utils import timezone

from . import layout
from .models import OutgoingEmail

#: Email backends that send nothing anywhere a resident could read it.
UNSENT_EMAIL_BACKENDS = {
    "django.core.mail.backends.console.EmailBackend": "printed to the console",
    "django.core.mail.backends.locmem.EmailBackend": "kept in memory",
    "django.core.mail.backends.dummy.EmailBackend": "thrown away",
    "django.core.mail.backends.filebased.EmailBackend": "written to files",
}
#: An outbox email due longer ago than this means nothing is sending them.
OVERDUE = datetime.timedelta(minutes=30)


@register(Tags.templates)
def check_layout(app_configs, **kwargs):
    """W010: the site's wagtail_participation/base.html drops a block our pages fill."""
    found = layout.problems(layout.inspect_layout(layout.BASE_TEMPLATE))
    return [
        Warning(
            f"Our pages' layout, {layout.BASE_TEMPLATE}: {problem}.",
            hint="Wrap our pages in your layout as the installation's layout step shows: for "
            "the base.html of `wagtail start`, render our block extra_head inside your "
            "extra_css block and link participation.css (docs/tutorial/install.md).",
            id="wagtail_participation.W010",
        )
        for problem in found
    ]


def _email_backend():
    """The dotted path of the default mailer's backend (MAILERS on Django 6.1, where reading
    EMAIL_BACKEND is deprecated; EMAIL_BACKEND before)."""
    try:
        from django.core.mail import mailers  # type: ignore[attr-defined]
    except ImportError:  # Django 5.2 and 6.0
        return getattr(django_settings, "EMAIL_BACKEND", "")
    try:
        backend = type(mailers.default)  # builds the backend; nothing connects yet
    except Exception:  # noqa: BLE001 - a mailer that cannot be built: Django reports it
        return ""
    return f"{backend.__module__}.{backend.__qualname__}"


@register(Tags.compatibility)
def check_email_and_tasks(app_configs, **kwargs):
    """W011 and W012: on a live site (DEBUG off), emails and tasks must really go out."""
    if django_settings.DEBUG:
        return []
    warnings = []
    backend = _email_backend()
    if backend in UNSENT_EMAIL_BACKENDS:
        warnings.append(
            Warning(
                f"Emails are {UNSENT_EMAIL_BACKENDS[backend]} ({backend}) while DEBUG is off: "
                "residents never get their sign-in links or petition confirmations.",
                hint="Configure your mail server (EMAIL_BACKEND, or MAILERS on Django 6.1, "
                "EMAIL_HOST...) and DEFAULT_FROM_EMAIL; see docs/how-to/production.md.",
                id="wagtail_participation.W011",
            )
        )
    tasks = getattr(django_settings, "TASKS", None) or {}
    task_backend = (tasks.get("default") or {}).get("BACKEND", "")
    if task_backend.endswith(".DummyBackend"):
        warnings.append(
            Warning(
                f"Tasks are never run ({task_backend}) while DEBUG is off: emails wait in the "
                "outbox for ever and petition counts never change.",
                hint="Use the ImmediateBackend, or a worker backend with its worker running "
                "(docs/how-to/production.md).",
                id="wagtail_participation.W012",
            )
        )
    return warnings


@register(Tags.database)
def check_outbox_is_sent(app_configs, databases=None, **kwargs):
    """W013: emails are overdue in the outbox: no worker, or no cron job, sends them."""
    if not databases or "default" not in databases:
        return []
    try:
        late = OutgoingEmail.objects.filter(
            sent_at__isnull=True, attempts=0, due_at__lt=timezone.now() - OVERDUE
        ).count()
    except DatabaseError:  # not migrated yet: migrate runs the check again afterwards
        return []
    if not late:
        return []
    return [
        Warning(
            f"{late} email(s) have waited in the outbox for more than "
            f"{int(OVERDUE.total_seconds() // 60)} minutes without a single attempt.",
            hint="Keep your task worker running (db_worker, with a worker backend in TASKS) "
            "and run `python manage.py participation_send_emails` from cron every few minutes "
            "(docs/how-to/production.md).",
            id="wagtail_participation.W013",
        )
    ]


@register(Tags.staticfiles)
def check_static_collected(app_configs, **kwargs):
    """W014: DEBUG is off and STATIC_ROOT lacks our stylesheet: collectstatic was not run."""
    if django_settings.DEBUG or not getattr(django_settings, "STATIC_ROOT", None):
        return []
    from django.contrib.staticfiles.storage import staticfiles_storage

    try:
        present = staticfiles_storage.exists(layout.STYLESHEET)
    except Exception:  # noqa: BLE001 - a remote storage that cannot be asked: nothing to say
        return []
    if present:
        return []
    return [
        Warning(
            f"{layout.STYLESHEET} is not in STATIC_ROOT ({django_settings.STATIC_ROOT}) "
            "while DEBUG is off: our pages would have no styles, or fail with a manifest "
            "storage.",
            hint="Run `python manage.py collectstatic` after installing or upgrading.",
            id="wagtail_participation.W014",
        )
    ]
