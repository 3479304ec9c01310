"""The email outbox (``core.tasks``, ``core.models.OutgoingEmail``), one rule at a time.

The fault tests (tests/faults/) run whole outages through a real SMTP server; these pin each rule
on its own: a claimed email is sent by one sender only, a dead sender's emails go after the lease,
a failed email waits a back-off that doubles up to a maximum, it is given up after the maximum
attempts, old emails are purged, overdue ones are caught up, an email of a rolled-back
transaction never goes, and a resent email keeps its Message-ID. The mail server is
``MailServer`` below (Django's locmem backend that a test can take down); the clock is
``django.utils.timezone.now``, which the outbox reads and ``clock`` moves. Concurrent senders on
PostgreSQL: tests/concurrency/test_outbox_claims.py.
"""

import datetime
import io
import logging
import smtplib

import pytest
from django.core import mail
from django.core.mail.backends import locmem
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks import default_task_backend

from wagtail_participation.core import tasks
from wagtail_participation.core.faults import reset_warnings
from wagtail_participation.core.models import OutgoingEmail

# Our on-commit callback that queues the task; django-tasks before 0.10 (Wagtail 7.0 to 7.3)
# defers the enqueue to the commit too (ENQUEUE_ON_COMMIT): one callback more, same emails.
ON_COMMIT_CALLBACKS = 1 + int(bool(getattr(default_task_backend, "enqueue_on_commit", False)))

pytestmark = pytest.mark.django_db


class SenderKilled(BaseException):
    """The sending process dies (SIGKILL, out of memory): nothing of it runs any more."""


class MailServer(locmem.EmailBackend):
    """Django's locmem backend as a mail server a test switches (class attributes, reset per test).

    ``down``: connections are refused. ``refused``: these recipients are rejected, one message at
    a time, as an SMTP server does. ``drop_after_accepting``: the server takes the message, then
    the connection is lost before the sender hears so. ``kill_after_accepting``: the server takes
    the message and the sender dies before stamping it.
    """

    down = False
    refused = frozenset()
    drop_after_accepting = False
    kill_after_accepting = False

    def open(self):
        if MailServer.down:
            raise ConnectionRefusedError("mail server down")
        return super().open()

    def send_messages(self, messages):
        if MailServer.down:
            raise ConnectionRefusedError("mail server down")
        for message in messages:
            refused = {
                to: (550, b"no such mailbox")
                for to in message.recipients()
                if to in MailServer.refused
            }
            if refused:
                raise smtplib.SMTPRecipientsRefused(refused)
        sent = super().send_messages(messages)
        if MailServer.kill_after_accepting:
            raise SenderKilled
        if MailServer.drop_after_accepting:
            raise smtplib.SMTPServerDisconnected("connection unexpectedly closed")
        return sent


@pytest.fixture(autouse=True)
def server(settings, monkeypatch):
    settings.EMAIL_BACKEND = f"{__name__}.MailServer"
    for name in ("down", "refused", "drop_after_accepting", "kill_after_accepting"):
        monkeypatch.setattr(MailServer, name, getattr(MailServer, name))
    monkeypatch.setattr(tasks, "_last_catch_up", [float("-inf")])  # no other test's catch-up counts
    reset_warnings()
    yield MailServer
    reset_warnings()


class Clock:
    """``timezone.now`` standing still until a test moves it."""

    def __init__(self, now):
        self.now = now

    def __call__(self):
        return self.now

    def advance(self, seconds):
        self.now += datetime.timedelta(seconds=seconds)


@pytest.fixture
def clock(monkeypatch):
    clock = Clock(timezone.now())
    monkeypatch.setattr(timezone, "now", clock)
    return clock


def ago(now, **delta):
    return now - datetime.timedelta(**delta)


def waiting(n=1, **fields):
    """``n`` emails in the outbox whose own task has not run (written directly, no task queued)."""
    return [
        OutgoingEmail.objects.create(
            to=f"resident{OutgoingEmail.objects.count()}@example.org",
            subject="Your link",
            body="Follow it.",
            **fields,
        )
        for _ in range(n)
    ]


def fresh(row):
    return OutgoingEmail.objects.get(pk=row.pk)


def recipients():
    return sorted(m.to[0] for m in mail.outbox)


# Claim: a row is taken by one sender only.


def test_a_claimed_email_is_taken_by_one_sender_only(settings, clock):
    settings.WAGTAIL_PARTICIPATION_EMAIL_LEASE_SECONDS = 120
    rows = waiting(3, due_at=clock.now)
    claimed = tasks._claim(size=10)
    assert [r.pk for r in claimed] == [r.pk for r in rows]
    for row in claimed:
        assert row.attempts == 1 and row.claimed_until == clock.now + datetime.timedelta(
            seconds=120
        )
    # Another sender, by the cron's way, the emails' own task or a catch-up, finds nothing to take.
    assert tasks._claim(size=10) == []
    assert tasks._take([r.pk for r in rows], clock.now) == []
    assert tasks.send_emails.call(email_ids=[r.pk for r in rows]) == 0
    assert tasks.deliver() == 0
    assert mail.outbox == []
    assert set(OutgoingEmail.objects.values_list("attempts", flat=True)) == {
        1
    }  # no attempt counted twice
    # The sender that holds them sends them, once.
    assert tasks._send(claimed) == (3, True)
    assert tasks.deliver() == 0 and len(mail.outbox) == 3


def test_a_claim_takes_due_emails_oldest_first_up_to_the_batch(settings, clock):
    settings.WAGTAIL_PARTICIPATION_EMAIL_MAX_ATTEMPTS = 5
    later = waiting(due_at=ago(clock.now, minutes=1))[0]
    first = waiting(due_at=ago(clock.now, minutes=3))[0]
    second = waiting(due_at=ago(clock.now, minutes=2))[0]
    waiting(due_at=clock.now + datetime.timedelta(seconds=1))  # backing off
    waiting(due_at=ago(clock.now, hours=1), sent_at=ago(clock.now, hours=1))  # sent
    waiting(due_at=ago(clock.now, hours=1), attempts=5)  # given up
    waiting(
        due_at=ago(clock.now, hours=1), claimed_until=clock.now + datetime.timedelta(seconds=1)
    )  # held
    assert [r.pk for r in tasks._claim(size=2)] == [first.pk, second.pk]
    assert [r.pk for r in tasks._claim(size=2)] == [later.pk]
    assert tasks._claim(size=2) == []


def test_an_emails_own_task_sends_it_at_once_and_only_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        row = tasks.enqueue_email("ann@example.org", "Your link", "Follow it.")
        assert mail.outbox == []  # not before the transaction commits
    assert recipients() == ["ann@example.org"]
    row = fresh(row)
    assert row.sent_at is not None and row.attempts == 1 and row.claimed_until is None
    assert tasks.send_emails.call(email_ids=[row.pk]) == 0  # the task run again (a worker's retry)
    assert tasks.deliver() == 0 and len(mail.outbox) == 1


def test_several_emails_are_one_insert_and_one_task(django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        CaptureQueriesContext(connection) as queries,
    ):
        rows = tasks.enqueue_emails([(f"r{n}@example.org", "Update", "News.") for n in range(3)])
        assert tasks.enqueue_emails([]) == []
    table = OutgoingEmail._meta.db_table
    assert len([q for q in queries if q["sql"].startswith(f'INSERT INTO "{table}"')]) == 1
    assert len(callbacks) == ON_COMMIT_CALLBACKS and len(rows) == 3 and all(r.pk for r in rows)
    assert recipients() == ["r0@example.org", "r1@example.org", "r2@example.org"]


def test_an_email_whose_task_cannot_be_queued_waits_for_the_next_sender(
    monkeypatch, django_capture_on_commit_callbacks, caplog
):
    class Unqueueable:
        def enqueue(self, **kwargs):
            raise ConnectionError("task broker down")

    monkeypatch.setattr(tasks, "send_emails", Unqueueable())
    with caplog.at_level(logging.WARNING), django_capture_on_commit_callbacks(execute=True):
        row = tasks.enqueue_email("ann@example.org", "Your link", "Follow it.")
    assert mail.outbox == [] and fresh(row).sent_at is None
    assert any("could not queue sending emails" in r.getMessage() for r in caplog.records)
    assert tasks.deliver() == 1 and recipients() == ["ann@example.org"]


# Lease: a sender that died lets its emails go after EMAIL_LEASE_SECONDS.


def test_an_email_claimed_by_a_sender_that_died_goes_after_the_lease(settings, clock):
    settings.WAGTAIL_PARTICIPATION_EMAIL_LEASE_SECONDS = 120
    row = waiting(due_at=clock.now)[0]
    assert len(tasks._claim()) == 1  # ...and the sender dies before sending
    clock.advance(119)
    assert tasks.deliver() == 0
    assert tasks.send_emails.call(email_ids=[row.pk]) == 0
    assert fresh(row).attempts == 1
    clock.advance(2)  # the lease has ended
    assert tasks.deliver() == 1 and recipients() == [row.to]
    row = fresh(row)
    assert row.attempts == 2 and row.sent_at == clock.now and row.claimed_until is None


def test_a_sender_killed_after_the_server_accepted_resends_with_the_same_message_id(
    settings, server, clock
):
    settings.WAGTAIL_PARTICIPATION_EMAIL_LEASE_SECONDS = 60
    row = waiting(due_at=clock.now)[0]
    server.kill_after_accepting = True
    with pytest.raises(SenderKilled):
        tasks.deliver()
    server.kill_after_accepting = False
    assert len(mail.outbox) == 1 and fresh(row).sent_at is None  # it went, but nobody stamped it
    assert tasks.deliver() == 0  # held by the dead sender
    clock.advance(61)
    assert tasks.deliver() == 1
    first, again = mail.outbox
    assert (
        first.extra_headers["Message-ID"]
        == again.extra_headers["Message-ID"]
        == tasks.message_id(row)
    )
    assert first.message()["Message-ID"] == tasks.message_id(
        row
    )  # in the message itself, not replaced


# Back-off: EMAIL_RETRY_SECONDS, doubling per attempt, up to EMAIL_RETRY_MAX_SECONDS.


def test_after_a_failure_an_email_waits_a_back_off_that_doubles(settings, server, clock, caplog):
    settings.WAGTAIL_PARTICIPATION_EMAIL_RETRY_SECONDS = 60
    settings.WAGTAIL_PARTICIPATION_EMAIL_RETRY_MAX_SECONDS = 300
    settings.WAGTAIL_PARTICIPATION_EMAIL_MAX_ATTEMPTS = 10
    row = waiting(due_at=clock.now)[0]
    server.down = True
    with caplog.at_level(logging.WARNING):
        for attempt, delay in enumerate([60, 120, 240, 300, 300], start=1):
            assert tasks.deliver() == 0
            failed = fresh(row)
            assert (
                failed.attempts == attempt
                and failed.sent_at is None
                and failed.claimed_until is None
            )
            assert failed.due_at == clock.now + datetime.timedelta(seconds=delay)
            assert "mail server down" in failed.last_error
            clock.advance(delay - 1)
            assert tasks.deliver() == 0 and fresh(row).attempts == attempt  # not due yet: not tried
            clock.advance(1)
    warnings = [r for r in caplog.records if "mail server failed" in r.getMessage()]
    assert len(warnings) == 1  # once a minute, not once per attempt
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    server.down = False
    assert tasks.deliver() == 1 and recipients() == [row.to]
    row = fresh(row)
    assert row.attempts == 6 and row.sent_at == clock.now and row.last_error == ""


def test_a_refused_recipient_waits_and_the_rest_of_the_batch_goes(settings, server, clock):
    settings.WAGTAIL_PARTICIPATION_EMAIL_RETRY_SECONDS = 60
    rows = waiting(3, due_at=clock.now)
    server.refused = {rows[1].to}
    assert tasks.deliver() == 2
    assert recipients() == [rows[0].to, rows[2].to]
    refused = fresh(rows[1])
    assert (
        refused.sent_at is None
        and refused.attempts == 1
        and "SMTPRecipientsRefused" in refused.last_error
    )
    assert refused.due_at == clock.now + datetime.timedelta(seconds=60)
    server.refused = frozenset()
    clock.advance(60)
    assert tasks.deliver() == 1 and len(mail.outbox) == 3


# Giving up after EMAIL_MAX_ATTEMPTS.


def test_an_email_is_given_up_after_the_maximum_attempts(settings, server, clock, caplog):
    settings.WAGTAIL_PARTICIPATION_EMAIL_RETRY_SECONDS = 10
    settings.WAGTAIL_PARTICIPATION_EMAIL_RETRY_MAX_SECONDS = 10
    settings.WAGTAIL_PARTICIPATION_EMAIL_MAX_ATTEMPTS = 3
    row = waiting(due_at=clock.now)[0]
    server.refused = {row.to}
    with caplog.at_level(logging.WARNING):
        for _attempt in range(2):
            assert tasks.deliver() == 0
            clock.advance(10)
        assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
        assert tasks.deliver() == 0  # the third attempt, the last
        errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
        assert (
            len(errors) == 1 and f"email {row.pk} not sent after 3 attempts; given up" in errors[0]
        )
        server.refused = frozenset()
        clock.advance(24 * 3600)
        assert tasks.deliver() == 0
        assert tasks.send_emails.call(email_ids=[row.pk]) == 0
        assert tasks.send_emails.call() == 0
        assert len([r for r in caplog.records if r.levelno >= logging.ERROR]) == 1  # given up once
    given_up = fresh(row)
    assert (
        given_up.attempts == 3
        and given_up.sent_at is None
        and "SMTPRecipientsRefused" in given_up.last_error
    )
    assert mail.outbox == []


# Purge after EMAIL_KEEP_DAYS.


def test_emails_sent_or_given_up_are_deleted_after_the_days_kept(settings):
    settings.WAGTAIL_PARTICIPATION_EMAIL_KEEP_DAYS = 7
    settings.WAGTAIL_PARTICIPATION_EMAIL_MAX_ATTEMPTS = 5
    now = timezone.now()
    week = datetime.timedelta(days=7)
    created = {
        name: waiting(**fields)[0].pk
        for name, fields in {
            "sent a week ago": {
                "created_at": ago(now, days=8),
                "sent_at": now - week - datetime.timedelta(minutes=1),
            },
            "sent nearly a week ago": {
                "created_at": ago(now, days=8),
                "sent_at": now - week + datetime.timedelta(minutes=1),
            },
            "sent today": {"sent_at": now},
            # Given up after the last attempt's back-off, a week ago or two days ago (trying since long before).
            "given up a week ago": {
                "created_at": ago(now, days=9),
                "attempts": 5,
                "due_at": ago(now, days=8),
            },
            "given up two days ago": {
                "created_at": ago(now, days=9),
                "attempts": 5,
                "due_at": ago(now, days=2),
            },
            # The last attempt's sender died: held until its lease ended, two days ago.
            "lease ended two days ago": {
                "created_at": ago(now, days=9),
                "attempts": 5,
                "due_at": ago(now, days=8),
                "claimed_until": ago(now, days=2),
            },
            "still tried": {
                "created_at": ago(now, days=30),
                "attempts": 4,
                "due_at": ago(now, days=20),
            },
            "never tried": {"created_at": ago(now, days=30), "due_at": ago(now, days=30)},
        }.items()
    }

    def remaining():
        pks = set(OutgoingEmail.objects.values_list("pk", flat=True))
        return {name for name, pk in created.items() if pk in pks}

    assert tasks.purge_sent_emails(now=now) == 2
    assert remaining() == {
        "sent nearly a week ago",
        "sent today",
        "given up two days ago",
        "lease ended two days ago",
        "still tried",
        "never tried",
    }
    assert tasks.purge_sent_emails(now=now) == 0
    settings.WAGTAIL_PARTICIPATION_EMAIL_KEEP_DAYS = 1
    assert tasks.purge_sent_emails(now=now) == 3
    assert remaining() == {"sent today", "still tried", "never tried"}


def test_participation_send_emails_sends_what_is_due_and_deletes_old_ones(settings, clock):
    settings.WAGTAIL_PARTICIPATION_EMAIL_KEEP_DAYS = 7
    due = waiting(2, due_at=ago(clock.now, minutes=5))
    waiting(due_at=clock.now + datetime.timedelta(minutes=1))  # backing off
    waiting(sent_at=ago(clock.now, days=8))
    out = io.StringIO()
    call_command("participation_send_emails", stdout=out)
    assert "Sent 2 email(s)" in out.getvalue() and "deleted 1 old one(s)" in out.getvalue()
    assert recipients() == sorted(r.to for r in due)
    assert OutgoingEmail.objects.count() == 3
    out = io.StringIO()
    call_command("participation_send_emails", "--no-resume", stdout=out)
    assert "Sent 0 email(s)" in out.getvalue() and "deleted 0 old one(s)" in out.getvalue()
    assert tasks.send_due_emails.call() == 0
    clock.advance(60)
    assert tasks.send_due_emails.call() == 1 and len(mail.outbox) == 3


# Catch-up: each email's task sends a few overdue ones (EMAIL_CATCH_UP), one look per CATCH_UP_INTERVAL.


def test_an_emails_task_also_sends_a_few_overdue_ones(settings, clock):
    settings.WAGTAIL_PARTICIPATION_EMAIL_CATCH_UP = 2
    overdue = waiting(3, due_at=ago(clock.now, hours=1), attempts=1)
    own_task_pending = waiting(due_at=ago(clock.now, seconds=29))[0]  # its own task is on its way
    first, second, third = waiting(3, due_at=clock.now)
    assert tasks.send_emails.call(email_ids=[first.pk]) == 3
    assert recipients() == sorted([first.to, overdue[0].to, overdue[1].to])
    # Within CATCH_UP_INTERVAL this process does not look again.
    assert tasks.send_emails.call(email_ids=[second.pk]) == 1
    assert fresh(overdue[2]).sent_at is None
    tasks._last_catch_up[0] -= tasks.CATCH_UP_INTERVAL
    assert tasks.send_emails.call(email_ids=[third.pk]) == 2
    assert fresh(overdue[2]).sent_at is not None
    assert (
        fresh(own_task_pending).sent_at is None and fresh(own_task_pending).attempts == 0
    )  # left to its task
    tasks._last_catch_up[0] -= tasks.CATCH_UP_INTERVAL
    clock.advance(2)  # due for 31 seconds: its task was lost, it is overdue now
    assert tasks.send_emails.call(email_ids=[waiting(due_at=clock.now)[0].pk]) == 2
    assert fresh(own_task_pending).sent_at is not None


def test_no_catch_up_when_it_is_off_or_the_own_email_failed(settings, server, clock):
    overdue = waiting(due_at=ago(clock.now, hours=1), attempts=1)[0]
    settings.WAGTAIL_PARTICIPATION_EMAIL_CATCH_UP = 0
    own = waiting(due_at=clock.now)[0]
    assert tasks.send_emails.call(email_ids=[own.pk]) == 1
    settings.WAGTAIL_PARTICIPATION_EMAIL_CATCH_UP = 10
    server.down = True
    own = waiting(due_at=clock.now)[0]
    assert tasks.send_emails.call(email_ids=[own.pk]) == 0
    assert fresh(overdue).attempts == 1  # not tried against a server that just failed
    server.down = False
    assert (
        tasks.send_emails.call(email_ids=[waiting(due_at=clock.now)[0].pk]) == 2
    )  # this one and the overdue


# An email in a rolled-back transaction is never sent.


def test_an_email_in_a_rolled_back_transaction_is_never_sent(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            tasks.enqueue_email("rolled-back@example.org", "Your link", "Follow it.")
            raise RuntimeError("the signature failed")
        with transaction.atomic():  # a savepoint rolled back inside a transaction that commits
            tasks.enqueue_email("kept@example.org", "Thanks", "Done.")
            with pytest.raises(RuntimeError), transaction.atomic():
                tasks.enqueue_emails(
                    [("inner@example.org", "A", "a"), ("inner2@example.org", "B", "b")]
                )
                raise RuntimeError("one part failed")
    assert len(callbacks) == ON_COMMIT_CALLBACKS
    assert recipients() == ["kept@example.org"]
    assert list(OutgoingEmail.objects.values_list("to", flat=True)) == ["kept@example.org"]
    assert tasks.deliver() == 0 and len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_email_in_a_rolled_back_transaction_is_never_sent_on_a_real_commit():
    with pytest.raises(RuntimeError), transaction.atomic():
        tasks.enqueue_email("rolled-back@example.org", "Your link", "Follow it.")
        raise RuntimeError("the signature failed")
    with transaction.atomic():
        tasks.enqueue_email("kept@example.org", "Thanks", "Done.")
        assert mail.outbox == []
    assert recipients() == ["kept@example.org"]  # the ImmediateBackend sent it at the commit
    assert tasks.deliver() == 0
    assert list(OutgoingEmail.objects.values_list("to", "attempts")) == [("kept@example.org", 1)]


# Message-ID: the same on a resend, different for each email.


def test_message_ids_are_stable_per_email_and_use_the_senders_domain(settings, server, clock):
    settings.WAGTAIL_PARTICIPATION_FROM_EMAIL = "Council <noreply@council.example>"
    settings.WAGTAIL_PARTICIPATION_EMAIL_RETRY_SECONDS = 60
    rows = waiting(2, due_at=clock.now)
    server.drop_after_accepting = True
    assert tasks.deliver() == 0
    server.drop_after_accepting = False
    clock.advance(60)
    assert tasks.deliver() == 2
    ids = [m.extra_headers["Message-ID"] for m in mail.outbox]
    first = tasks.message_id(fresh(rows[0]))
    assert ids == [first, first, tasks.message_id(fresh(rows[1]))]
    assert (
        first != ids[2]
        and first.startswith(f"<wp-outbox.{rows[0].pk}.")
        and first.endswith("@council.example>")
    )
    assert {m.from_email for m in mail.outbox} == {"Council <noreply@council.example>"}
    settings.WAGTAIL_PARTICIPATION_FROM_EMAIL = None
    settings.DEFAULT_FROM_EMAIL = "webmaster@site.example"
    assert tasks.message_id(rows[0]).endswith("@site.example>")
