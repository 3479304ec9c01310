"""The upgrade to canonical mailbox keys merges nobody (migrations core 0005, petitions 0003)."""

import importlib

import pytest
from django.apps import apps
from django.utils import timezone

from tests.factories import ParticipantFactory
from tests.petitions.factories import add_signature, make_petition
from wagtail_participation.core.checks import check_participants_without_mailbox
from wagtail_participation.core.models import Participant
from wagtail_participation.petitions.models import Signature

pytestmark = pytest.mark.django_db


def migration(app, name):
    return importlib.import_module(f"wagtail_participation.{app}.migrations.{name}")


def test_the_oldest_participant_of_a_mailbox_holds_its_key_and_nobody_is_merged():
    # As before the upgrade: one participant per spelling, no keys (placeholders until then).
    older, newer, fullwidth, broken, forgotten = (
        ParticipantFactory(email=email, mailbox_key=f"placeholder-{n}")
        for n, email in enumerate(
            ["a@gmail.com", "a+1@gmail.com", "b@ｇmail.com", "c@xn--zz.example", "d@example.org"]
        )
    )
    Participant.objects.update(mailbox_key=None)
    Participant.objects.filter(pk=forgotten.pk).update(email=None, anonymised_at=timezone.now())

    migration("core", "0005_participant_mailbox_key").fill_mailbox_keys(apps, None)

    keys = dict(Participant.objects.values_list("pk", "mailbox_key"))
    assert keys == {
        older.pk: "a@gmail.com",
        newer.pk: None,
        fullwidth.pk: "b@gmail.com",
        broken.pk: None,
        forgotten.pk: None,
    }
    assert Participant.objects.filter(
        pk=newer.pk, email="a+1@gmail.com"
    ).exists()  # kept, not merged
    warnings = check_participants_without_mailbox(None, databases=["default"])
    assert [w.id for w in warnings] == ["wagtail_participation.W004"]
    assert f"ids {newer.pk}, {broken.pk}" in warnings[0].msg


def test_the_check_is_silent_without_such_participants_or_without_a_database():
    ParticipantFactory(email="a@gmail.com")
    assert check_participants_without_mailbox(None, databases=["default"]) == []
    Participant.objects.update(mailbox_key=None)
    assert check_participants_without_mailbox(None) == []


def test_signatures_are_rekeyed_and_a_mailbox_that_signed_twice_keeps_both():
    petition = make_petition()
    tagged = add_signature(petition, email="ann+x@example.org")
    older = add_signature(petition, email="v@gmail.com")
    Signature.objects.filter(pk=tagged.pk).update(
        email_normalised="ann@example.org", email_domain="example.org"
    )
    # A second signature of one mailbox, as the old rules stored it (the new ones cannot make it).
    newer = Signature.objects.create(
        petition_id=petition.pk,
        name="Twice",
        email="v@ｇmail.com",
        email_normalised="v@ｇmail.com",
        email_domain="ｇmail.com",
        confirmed_at=timezone.now(),
    )

    migration("petitions", "0003_signature_mailbox_keys").rekey_signatures(apps, None)

    rows = {s.pk: (s.email_normalised, s.email_domain) for s in Signature.objects.all()}
    assert rows[tagged.pk] == ("ann+x@example.org", "example.org")
    assert rows[older.pk] == ("v@gmail.com", "gmail.com")
    assert rows[newer.pk] == ("v@ｇmail.com", "gmail.com")  # not merged: it goes on counting
