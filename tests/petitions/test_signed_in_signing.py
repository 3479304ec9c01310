"""A signed-in resident with a confirmed address signs or supports at once: no second email."""

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import timezone

from tests.factories import ParticipantFactory, UserFactory, post_form, sign_in_client
from tests.petitions.factories import add_signature, make_petition, make_petition_index, sign
from wagtail_participation.petitions.lifecycle import sponsor_path
from wagtail_participation.petitions.models import PetitionState, PetitionTally, Signature

pytestmark = pytest.mark.django_db


def tally(petition):
    row = PetitionTally.objects.filter(petition_id=petition.pk).first()
    return row.signatures if row else 0


def resident(**fields):
    fields.setdefault("email", "ann@example.org")
    fields.setdefault("display_name", "Ann Lee")
    fields.setdefault("verified_at", timezone.now())
    return ParticipantFactory(**fields)


def test_the_sign_form_is_filled_in_and_says_the_signature_counts_at_once(client):
    petition = make_petition()
    sign_in_client(client, resident())
    page = client.get(petition.sign_url).content.decode()
    assert 'value="ann@example.org"' in page and 'value="Ann Lee"' in page
    assert "your signature counts as soon as you sign" in page
    assert "We email you a link to confirm your signature" not in page


def test_signing_with_the_proven_address_counts_at_once_without_email(client):
    petition = make_petition()
    sign_in_client(client, resident())
    response = sign(client, petition, "ann@example.org")
    assert response.status_code == 302 and response["Location"] == petition.url
    signature = Signature.objects.get()
    assert signature.confirmed_at is not None and signature.is_counted
    assert mail.outbox == []
    assert tally(petition) == 1
    page = client.get(response["Location"]).content.decode()
    assert "Thank you for signing. Your signature counts" in page


def test_the_same_mailbox_written_otherwise_is_the_proven_one(client):
    petition = make_petition()
    sign_in_client(client, resident(email="ann.lee@gmail.com"))
    sign(client, petition, "AnnLee+petition@googlemail.com")
    assert Signature.objects.get().confirmed_at is not None and mail.outbox == []


def test_another_address_still_gets_a_confirmation_link(client):
    petition = make_petition()
    sign_in_client(client, resident())
    response = sign(client, petition, "someone.else@example.org")
    assert response["Location"].endswith("/signed/")
    assert Signature.objects.get().confirmed_at is None
    assert [m.to for m in mail.outbox] == [["someone.else@example.org"]]


def test_an_unverified_participant_gets_a_link(client):
    petition = make_petition()
    sign_in_client(client, resident(verified_at=None))
    page = client.get(petition.sign_url).content.decode()
    assert "We email you a link to confirm your signature" in page
    sign(client, petition, "ann@example.org")
    assert Signature.objects.get().confirmed_at is None and len(mail.outbox) == 1


def test_a_pending_signature_of_the_mailbox_is_confirmed_and_a_repeat_is_said(client):
    petition = make_petition()
    add_signature(petition, "ann@example.org", confirmed=False)
    sign_in_client(client, resident())
    response = sign(client, petition, "ann@example.org")
    assert Signature.objects.get().confirmed_at is not None and mail.outbox == []
    assert tally(petition) == 1
    client.get(response["Location"])  # the message is shown
    sign(client, petition, "ann@example.org")
    page = client.get(petition.url).content.decode()
    assert "You have already signed this petition" in page
    assert Signature.objects.count() == 1 and mail.outbox == []


@override_settings(WAGTAIL_PARTICIPATION_USER_EMAIL_VERIFIED=lambda user: True)
def test_a_site_user_with_a_verified_address_signs_at_once(client):
    petition = make_petition()
    user = UserFactory(email="bo@example.org", first_name="Bo", last_name="Berg")
    client.force_login(user)
    page = client.get(petition.sign_url).content.decode()
    assert 'value="bo@example.org"' in page
    sign(client, petition, "bo@example.org", name="Bo Berg")
    assert Signature.objects.get().is_counted and mail.outbox == []


def test_a_site_user_whose_address_is_not_verified_gets_a_link(client):
    petition = make_petition()
    client.force_login(UserFactory(email="bo@example.org"))
    sign(client, petition, "bo@example.org")
    assert Signature.objects.get().confirmed_at is None and len(mail.outbox) == 1


@override_settings(WAGTAIL_PARTICIPATION_PETITION_SPONSORS_REQUIRED=2)
def test_a_signed_in_supporter_supports_at_once(client):
    index = make_petition_index()
    petition = make_petition(index, state=PetitionState.SPONSORING, live=False)
    sign_in_client(client, resident())
    page = client.get(sponsor_path(petition)).content.decode()
    assert 'value="ann@example.org"' in page and "your support counts at once" in page
    response = post_form(
        client,
        sponsor_path(petition),
        {"name": "Ann Lee", "email": "ann@example.org", "area": "RB1 1AB"},
    )
    assert response.status_code == 200 and "Thank you for your support" in response.content.decode()
    signature = Signature.objects.get()
    assert signature.sponsor and signature.confirmed_at is not None and mail.outbox == []
    assert PetitionTally.objects.sponsors_of(petition.pk) == 1
    again = post_form(
        client,
        sponsor_path(petition),
        {"name": "Ann Lee", "email": "ann@example.org", "area": "RB1 1AB"},
    )
    assert "You already support this petition" in again.content.decode()
