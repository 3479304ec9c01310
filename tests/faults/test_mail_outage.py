"""Fault: the mail server refuses connections during a surge of signatures, then recovers.

Residents sign through the real views with Django's SMTP backend pointed at a closed port. Every
signature is stored and every resident is sent on to "Check your email" (no server error); the
confirmation emails wait in the outbox and the logs carry one warning. Once a mail server
listens on the port, the next signature's task sends its own email and a few overdue ones, and
``participation_send_emails`` (cron) the rest: every resident gets exactly one email, and
running the command again sends nothing. On PostgreSQL the residents sign at once (threads).
"""

import collections
import logging

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client, override_settings
from django.utils import timezone

from tests.factories import post_form
from tests.faults.smtp import SmtpSink, report
from tests.petitions.factories import make_petition
from wagtail_participation.core.faults import reset_warnings
from wagtail_participation.core.models import OutgoingEmail
from wagtail_participation.petitions.models import Signature

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
PROVIDERS = ["gmail.com", "outlook.com", "yahoo.co.uk", "btinternet.com", "icloud.com"]


def sign(petition, n):
    client = Client(REMOTE_ADDR=f"10.2.{n // 250}.{n % 250 + 1}")
    email = f"resident{n}@{PROVIDERS[n % len(PROVIDERS)]}"
    response = post_form(
        client, petition.sign_url, {"name": f"Resident {n}", "email": email, "area": "RB1 2AB"}
    )
    return email, response.status_code


def test_mail_server_down_during_a_surge_loses_and_repeats_nothing(caplog):
    postgres = connection.vendor == "postgresql"
    signers = 300 if postgres else 100
    sink = SmtpSink()  # not started yet: its port refuses connections
    petition = make_petition()
    reset_warnings()
    with override_settings(**sink.settings()), caplog.at_level(logging.WARNING):
        if postgres:
            from tests.concurrency.pool import run_at_once

            outcomes = run_at_once([lambda n=n: sign(petition, n) for n in range(signers)])
        else:
            outcomes = [sign(petition, n) for n in range(signers)]
        statuses = collections.Counter(status for _email, status in outcomes)
        assert statuses == {302: signers}, statuses
        assert Signature.objects.filter(petition_id=petition.pk).count() == signers
        waiting = OutgoingEmail.objects.filter(sent_at__isnull=True)
        assert (
            waiting.count() == signers and not waiting.filter(attempts=0).exists()
        )  # each tried once
        warnings = [r for r in caplog.records if "mail server failed" in r.getMessage()]
        assert len(warnings) == 1, [r.getMessage() for r in warnings]

        sink.start()  # the mail server is back
        try:
            OutgoingEmail.objects.update(
                due_at=timezone.now() - timezone.timedelta(minutes=1)
            )  # back-off over
            email, status = sign(
                petition, signers
            )  # the next signature sends its own, and catches up
            assert status == 302
            caught_up = len(sink.messages)
            call_command("participation_send_emails", stdout=open("/dev/null", "w"))  # noqa: SIM115
            call_command("participation_send_emails", stdout=open("/dev/null", "w"))  # noqa: SIM115
        finally:
            sink.stop()
    expected = collections.Counter([e for e, _s in outcomes] + [email])
    received = sink.per_recipient()
    lost = sum((expected - received).values())
    duplicated = sum((received - expected).values())
    assert lost == 0 and duplicated == 0, (lost, duplicated)
    assert len(sink.message_ids()) == signers + 1
    assert not OutgoingEmail.objects.filter(sent_at__isnull=True).exists()
    report(
        "mail server refusing during a surge",
        signatures=signers + 1,
        http_302=statuses[302] + 1,
        emails_waiting_during_outage=signers,
        warnings_logged=len(warnings),
        sent_by_next_signature=caught_up,
        delivered=len(sink.messages),
        lost=lost,
        duplicated=duplicated,
    )
