"""Signatures nobody confirmed are deleted once their confirmation link has expired (issue 22,
item 17): before, the name, email address and IP address of every unconfirmed signature (often
typed by someone else than the mailbox's owner) were kept for good."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from tests.factories import post_form
from tests.petitions.factories import add_signature, confirm, last_link, make_petition
from wagtail_participation.core.conf import settings as wp_settings
from wagtail_participation.petitions.lifecycle import purge_unconfirmed_signatures
from wagtail_participation.petitions.models import Signature

pytestmark = pytest.mark.django_db


def ago(seconds):
    return timezone.now() - datetime.timedelta(seconds=seconds)


def test_the_daily_retention_command_deletes_unconfirmed_signatures_whose_link_expired():
    petition = make_petition()
    max_age = wp_settings.PETITION_CONFIRM_LINK_MAX_AGE
    expired = add_signature(
        petition,
        email="expired@example.org",
        confirmed=False,
        ip_address="192.0.2.7",
        created_at=ago(max_age + 60),
        link_sent_at=ago(max_age + 60),
    )
    fresh = add_signature(
        petition,
        email="fresh@example.org",
        confirmed=False,
        created_at=ago(max_age - 3600),
        link_sent_at=ago(max_age - 3600),
    )
    old_confirmed = add_signature(
        petition,
        email="counted@example.org",
        confirmed=True,
        ip_address="192.0.2.8",
        created_at=ago(max_age * 4),
        link_sent_at=ago(max_age * 4),
    )
    out = io.StringIO()
    call_command("participation_retention", stdout=out)
    assert not Signature.objects.filter(pk=expired.pk).exists()
    assert set(Signature.objects.values_list("pk", flat=True)) == {fresh.pk, old_confirmed.pk}
    assert "Deleted 1 unconfirmed petition signature(s) whose link expired." in out.getvalue()


def test_a_link_sent_again_keeps_the_signature_until_that_link_expires():
    petition = make_petition()
    max_age = wp_settings.PETITION_CONFIRM_LINK_MAX_AGE
    pending = add_signature(
        petition,
        email="late@example.org",
        confirmed=False,
        created_at=ago(max_age - 60),
        link_sent_at=ago(max_age - 60),
    )
    # Signing again while pending sends the link again, valid for the full age from now.
    client = Client()
    post_form(
        client, petition.sign_url, {"name": "Late", "email": "late@example.org", "area": "RB1 2AB"}
    )
    link = last_link("late@example.org")
    assert purge_unconfirmed_signatures(now=timezone.now() + datetime.timedelta(seconds=3600)) == 0
    assert Signature.objects.filter(pk=pending.pk).exists()
    assert confirm(client, link).status_code == 200
    assert Signature.objects.get(pk=pending.pk).confirmed_at is not None
    # Once that link too has expired, nothing is left to purge: it was confirmed.
    assert (
        purge_unconfirmed_signatures(now=timezone.now() + datetime.timedelta(seconds=max_age * 2))
        == 0
    )


def test_the_purge_follows_the_setting(settings):
    settings.WAGTAIL_PARTICIPATION_PETITION_CONFIRM_LINK_MAX_AGE = 3600
    petition = make_petition()
    add_signature(petition, confirmed=False, created_at=ago(7200), link_sent_at=ago(7200))
    add_signature(petition, confirmed=False, created_at=ago(600), link_sent_at=ago(600))
    assert purge_unconfirmed_signatures() == 1 and Signature.objects.count() == 1
