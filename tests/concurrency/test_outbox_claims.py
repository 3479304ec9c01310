"""Senders of the email outbox running at once on PostgreSQL: each email is taken by one of them.

Claims (``core.tasks._claim``: ``SELECT ... FOR UPDATE SKIP LOCKED``, then a conditional update)
from many connections at once take disjoint rows and leave none behind; then the three ways of
sending (each email's own task, its catch-up of overdue ones, and the cron's ``deliver``) race
over the same emails and each goes exactly once. Runs on the bounded pool of threads of
``tests.concurrency.pool`` (all released together). One rule at a time: tests/core/test_outbox.py.
"""

import collections
import datetime
import itertools

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from tests.concurrency.pool import run_at_once
from wagtail_participation.core import tasks
from wagtail_participation.core.models import OutgoingEmail

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

EMAILS = 600
SENDERS = 40


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("concurrency tests run on PostgreSQL (set DATABASE_URL)")


def outbox(n, due_at):
    return OutgoingEmail.objects.bulk_create(
        [
            OutgoingEmail(
                to=f"resident{i}@example.org", subject="Update", body="News.", due_at=due_at
            )
            for i in range(n)
        ]
    )


def test_senders_claiming_at_once_take_disjoint_emails_and_leave_none():
    rows = outbox(EMAILS, timezone.now())
    size = 25  # SENDERS * size > EMAILS: every email is claimed, some senders find fewer or none
    claims = run_at_once(
        [lambda: [row.pk for row in tasks._claim(size=size)] for _ in range(SENDERS)]
    )
    taken = collections.Counter(itertools.chain.from_iterable(claims))
    assert [pk for pk, times in taken.items() if times > 1] == []
    assert set(taken) == {row.pk for row in rows}
    assert max(len(claim) for claim in claims) == size
    assert set(OutgoingEmail.objects.values_list("attempts", flat=True)) == {1}  # each claimed once
    assert not OutgoingEmail.objects.filter(claimed_until__isnull=True).exists()


def test_tasks_catch_up_and_cron_sending_at_once_send_each_email_once(settings):
    settings.WAGTAIL_PARTICIPATION_EMAIL_BATCH_SIZE = 10
    settings.WAGTAIL_PARTICIPATION_EMAIL_CATCH_UP = 10
    # Overdue (a mail server outage's backlog), so each task's catch-up competes for them too.
    rows = outbox(EMAILS, timezone.now() - datetime.timedelta(minutes=5))
    ids = [row.pk for row in rows]

    def own_task(chunk):
        def run():
            tasks._last_catch_up[0] = float("-inf")  # every task looks for overdue emails
            return tasks.send_emails.call(email_ids=chunk)

        return run

    work = [own_task(ids[i : i + 20]) for i in range(0, EMAILS, 20)] + [
        tasks.deliver for _ in range(10)
    ]
    sent = run_at_once(work)
    assert sum(sent) == EMAILS
    per_email = collections.Counter(
        message.extra_headers["Message-ID"] for message in list(mail.outbox)
    )
    assert len(per_email) == EMAILS and set(per_email.values()) == {1}
    assert not OutgoingEmail.objects.filter(sent_at__isnull=True).exists()
    assert set(OutgoingEmail.objects.values_list("attempts", flat=True)) == {1}
