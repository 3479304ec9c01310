"""The checks for a live site's steps: email, the task worker, cron, collectstatic (W011-W014)."""

import datetime

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from wagtail_participation.core.install_checks import (
    check_email_and_tasks,
    check_outbox_is_sent,
    check_static_collected,
)
from wagtail_participation.core.models import OutgoingEmail

SMTP = "django.core.mail.backends.smtp.EmailBackend"
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def ids(found):
    return [warning.id for warning in found]


@pytest.mark.parametrize(
    "backend, tasks, debug, expected",
    [
        (SMTP, IMMEDIATE, False, []),
        ("django.core.mail.backends.console.EmailBackend", IMMEDIATE, False, ["W011"]),
        ("django.core.mail.backends.locmem.EmailBackend", DUMMY, False, ["W011", "W012"]),
        (SMTP, DUMMY, False, ["W012"]),
        ("django.core.mail.backends.console.EmailBackend", DUMMY, True, []),  # development
    ],
)
def test_emails_and_tasks_that_never_reach_residents(backend, tasks, debug, expected):
    with override_settings(EMAIL_BACKEND=backend, TASKS=tasks, DEBUG=debug):
        found = check_email_and_tasks(None)
    assert ids(found) == [f"wagtail_participation.{code}" for code in expected]


@pytest.mark.django_db
def test_an_outbox_nobody_sends_is_reported():
    assert check_outbox_is_sent(None, databases=["default"]) == []
    email = OutgoingEmail.objects.create(to="a@example.org", subject="Link", body="Go.")
    assert check_outbox_is_sent(None, databases=["default"]) == []  # just queued
    OutgoingEmail.objects.filter(pk=email.pk).update(
        due_at=timezone.now() - datetime.timedelta(hours=1)
    )
    (warning,) = check_outbox_is_sent(None, databases=["default"])
    assert (
        warning.id == "wagtail_participation.W013" and "participation_send_emails" in warning.hint
    )
    assert check_outbox_is_sent(None, databases=None) == []  # plain `check`: no database


def test_static_files_not_collected(tmp_path):
    storage = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    settings = {"STATIC_ROOT": str(tmp_path), "DEBUG": False}
    with override_settings(**settings, STORAGES={"staticfiles": storage, "default": storage}):
        (warning,) = check_static_collected(None)
        assert warning.id == "wagtail_participation.W014" and "collectstatic" in warning.hint
        call_command("collectstatic", interactive=False, verbosity=0)
        assert check_static_collected(None) == []
    with override_settings(STATIC_ROOT=str(tmp_path / "empty"), DEBUG=True):
        assert check_static_collected(None) == []  # runserver serves them from the apps
