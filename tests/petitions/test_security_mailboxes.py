"""Issue 22, items 3 and 9 for petitions: one signature per canonical mailbox, and a limit on
the confirmation emails one mailbox receives.

The attacks: a fullwidth letter in ``gmail.com`` made a second counted signature for one inbox,
and eight confirmation emails with names the attacker wrote reached one mailbox.
"""

import pytest
from django.core import mail
from django.test import override_settings

from tests.petitions.factories import add_signature, confirm, last_link, make_petition, sign
from wagtail_participation.core.mailboxes import mailbox_key
from wagtail_participation.petitions.counts import recount
from wagtail_participation.petitions.models import PetitionTally, Signature

pytestmark = pytest.mark.django_db


def counted(petition):
    recount(petition.pk)
    return PetitionTally.objects.get(petition_id=petition.pk).signatures


def test_fullwidth_domain_signs_once(client):
    petition = make_petition()
    sign(client, petition, "victim@gmail.com")
    confirm(client, last_link("victim@gmail.com"))
    response = sign(client, petition, "victim@ｇmail.com", name="Second me")
    assert response.status_code == 302
    assert Signature.objects.count() == 1
    assert counted(petition) == 1


@pytest.mark.parametrize(
    "variant", ["victim@ｇｍａｉｌ．ｃｏｍ", "victim@gm\u00adail.com", "VICTIM@GMAIL.COM"]
)
def test_homoglyph_spellings_of_a_domain_are_one_signature(variant):
    petition = make_petition()
    add_signature(petition, email="victim@gmail.com")
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        add_signature(petition, email=variant)


def test_plus_tags_on_other_domains_are_other_signatures(client):
    petition = make_petition()
    for email in ("ann@example.org", "ann+1@example.org", "ann+2@example.org"):
        sign(client, petition, email)
    assert Signature.objects.count() == 3


def test_an_address_without_a_mailbox_gets_a_form_error(client):
    petition = make_petition()
    response = sign(client, petition, "ann@xn--zz.example")
    assert response.status_code == 400
    assert b"not a valid domain" in response.content
    assert not Signature.objects.exists() and not mail.outbox


def test_confirmation_emails_to_one_mailbox_are_limited(client):
    """Eight petitions signed in one victim's name, in eight spellings: at most three emails."""
    petitions = [make_petition() for _ in range(8)]
    spellings = [
        "victim@gmail.com",
        "victim+1@gmail.com",
        "v.ictim@gmail.com",
        "victim@ｇmail.com",
        "VICTIM@googlemail.com",
        "vic.tim+x@gmail.com",
        "victim@gm\u00adail.com",
        "victim+8@gmail.com",
    ]
    responses = [
        sign(client, petition, email, name=f"Attacker's name {n}")
        for n, (petition, email) in enumerate(zip(petitions, spellings, strict=True))
    ]
    # The same page every time: nobody learns that later ones sent nothing.
    assert {r.status_code for r in responses} == {302}
    assert all(r["Location"].endswith("/signed/") for r in responses)
    to_victim = [m for m in mail.outbox if mailbox_key(m.to[0]) == "victim@gmail.com"]
    assert len(to_victim) == 3
    # The signatures beyond the limit were not kept (the resident may sign again later).
    assert Signature.objects.count() == 3


def test_the_limit_frees_the_mailbox_after_its_window(client):
    petition, later = make_petition(), make_petition()
    with override_settings(WAGTAIL_PARTICIPATION_EMAIL_RECIPIENT_LIMITS=[(1, 900)]):
        sign(client, petition, "ann@example.org")
        sign(client, later, "ann@example.org")
        assert len(mail.outbox) == 1
        from django.core.cache import cache

        cache.clear()  # the window has passed
        sign(client, later, "ann@example.org")
    assert len(mail.outbox) == 2
    assert Signature.objects.count() == 2


def test_supporters_confirmation_emails_are_limited_too(client):
    from wagtail_participation.petitions.models import PetitionState

    petitions = [make_petition(state=PetitionState.SPONSORING, live=False) for _ in range(5)]
    for petition in petitions:
        petition.refresh_from_db()
        from tests.factories import post_form

        post_form(
            client,
            f"/participation/petitions/support/{petition.sponsor_key}/",
            {"name": "Someone", "email": "victim+x@gmail.com", "area": "RB1 2AB"},
        )
    assert len([m for m in mail.outbox if mailbox_key(m.to[0]) == "victim@gmail.com"]) == 3
