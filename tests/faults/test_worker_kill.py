"""Fault: the task worker is killed (SIGKILL) in the middle of the emails to 2,000 signers.

PostgreSQL only: a real ``db_worker`` (django-tasks-db) runs in a subprocess on the test database
and sends through an SMTP sink in this process.

1. While it writes the response emails (``notify_signers``, batches of 200): each batch stamps its
   signers and writes their emails to the outbox in one transaction, so at the kill every stamped
   signer has exactly one email and the batch in progress left nothing. The killed task stays
   "running" in the task table; ``participation_send_emails`` (cron) queues the rest again and a
   restarted worker writes them.
2. While it sends the debate emails: the emails its dead sender had claimed wait for the lease
   (5 seconds here), then go.

Every opted-in signer gets exactly one response email and one debate email. (An email the server
accepted just before the kill but not yet stamped would go twice, with one Message-ID: the report
counts those separately.)
"""

import collections
import datetime
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from tests.faults.smtp import SmtpSink, report
from tests.petitions.factories import make_petition
from wagtail_participation.core.models import OutgoingEmail
from wagtail_participation.petitions.lifecycle import notify_signers
from wagtail_participation.petitions.models import PetitionTally, Signature

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
SIGNERS = 2000
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("a db_worker needs PostgreSQL (set DATABASE_URL)")


def start_worker(port):
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.faults.worker_settings",
        "FAULT_SMTP_PORT": str(port),
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}",
        "PYTHONPATH": str(ROOT),
    }
    return subprocess.Popen(
        [sys.executable, "-m", "django", "db_worker", "--interval", "0.05", "--no-startup-delay"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def wait_for(condition, timeout=180, step=0.005):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(step)


def kill(worker):
    worker.send_signal(signal.SIGKILL)
    worker.wait()


def test_a_worker_killed_mid_batch_skips_and_repeats_nobody():
    petition = make_petition(
        response="<p>Yes, from May.</p>",
        response_date=datetime.date.today(),
        debate_outcome="<p>Debated.</p>",
        debate_date=datetime.date.today(),
    )
    earlier = timezone.now() - datetime.timedelta(hours=1)
    Signature.objects.bulk_create(
        [
            Signature.for_email(
                f"signer{n}@example.org",
                petition_id=petition.pk,
                name=f"Signer {n}",
                wants_updates=True,
                confirmed_at=earlier,
            )
            for n in range(SIGNERS)
        ]
        + [
            Signature.for_email(
                f"quiet{n}@example.org",
                petition_id=petition.pk,
                name=f"Quiet {n}",
                wants_updates=False,
                confirmed_at=earlier,
            )
            for n in range(200)
        ]
    )
    expected = collections.Counter(f"signer{n}@example.org" for n in range(SIGNERS))
    # Published ten minutes ago (so the cron's resume, which leaves alone runs younger than the lease, applies).
    PetitionTally.objects.update_or_create(
        petition_id=petition.pk,
        defaults={"response_notice_at": timezone.now() - datetime.timedelta(minutes=10)},
    )
    mine = Signature.objects.filter(petition_id=petition.pk)
    sink = SmtpSink().start()
    numbers = {}

    def received(word):
        return collections.Counter(r for r, _id, subject in list(sink.messages) if word in subject)

    try:
        with override_settings(
            TASKS={"default": {"BACKEND": django_settings.DB_TASKS_BACKEND}},
            WAGTAIL_PARTICIPATION_EMAIL_LEASE_SECONDS=5,
            **sink.settings(),
        ):
            # 1. Killed while writing the response emails.
            notify_signers.enqueue(petition_id=petition.pk, kind="response")
            worker = start_worker(sink.port)
            wait_for(lambda: mine.filter(response_sent_at__isnull=False).count() >= 400)
            kill(worker)
            stamped = mine.filter(response_sent_at__isnull=False).count()
            written = OutgoingEmail.objects.filter(subject__contains="responded").count()
            assert stamped == written < SIGNERS, (
                stamped,
                written,
            )  # each stamped signer has exactly one email
            numbers.update(response_stamped_at_kill=stamped, response_outbox_at_kill=written)
            worker = start_worker(
                sink.port
            )  # restarted: the killed task is not run again by itself
            call_command("participation_send_emails", stdout=open(os.devnull, "w"))  # noqa: SIM115 - the cron
            wait_for(lambda: sum(received("responded").values()) >= SIGNERS, step=0.2)

            # 2. Killed while sending the debate emails.
            PetitionTally.objects.filter(petition_id=petition.pk).update(
                debate_notice_at=timezone.now() - datetime.timedelta(minutes=10)
            )
            notify_signers.enqueue(petition_id=petition.pk, kind="debate")
            wait_for(
                lambda: (
                    OutgoingEmail.objects.filter(
                        subject__contains="debate", sent_at__isnull=False
                    ).count()
                    >= 300
                )
            )
            kill(worker)
            numbers["debate_sent_at_kill"] = sum(received("debate").values())
            worker = start_worker(sink.port)
            time.sleep(6)  # the dead sender's lease ends
            call_command("participation_send_emails", stdout=open(os.devnull, "w"))  # noqa: SIM115
            wait_for(lambda: sum(received("debate").values()) >= SIGNERS, step=0.2)
            time.sleep(1)  # anything still in flight
            kill(worker)
    finally:
        sink.stop()
    for kind in ("responded", "debate"):
        got = received(kind)
        ids = collections.Counter(i for r, i, s in sink.messages if kind in s)
        lost = sum((expected - got).values())
        resent = sum((got - expected).values())
        distinct_per_signer = collections.Counter(
            r for r, i, s in {m for m in sink.messages if kind in m[2]}
        )
        numbers.update(
            {
                f"{kind}_delivered": sum(got.values()),
                f"{kind}_lost": lost,
                f"{kind}_distinct_messages": len(ids),
                f"{kind}_resent_same_message_id": resent,
            }
        )
        assert lost == 0, (kind, lost)
        assert (
            distinct_per_signer == expected
        )  # one message per signer (a re-send carries the same Message-ID)
        assert resent <= 1, (kind, resent)  # at most the one email in flight at the kill
    assert not OutgoingEmail.objects.filter(sent_at__isnull=True).exists()
    report("db_worker killed mid-batch and restarted", signers=SIGNERS, **numbers)
