"""Staff tools, issue 14.4 and 24.9: undoing an invalidation or a rejection (logged), the
"creator was emailed" message only when an email went, the held signatures offered only when
there are some, and a resident's petition's clean slug."""

import re

import pytest
from django.core import mail
from wagtail.models import PageLogEntry

from tests.factories import ParticipantFactory
from tests.petitions.factories import add_signature, add_signatures, make_petition
from tests.petitions.test_admin import invalidate, moderator_of, url
from wagtail_participation.petitions.lifecycle import petition_slug, undo_invalidation
from wagtail_participation.petitions.models import PetitionState, Signature

pytestmark = pytest.mark.django_db


def undo_buttons(html):
    return re.findall(r'action="(/admin/participation/petitions/\d+/invalidate/\d+/undo/)"', html)


def test_an_invalidation_is_undone_held_ones_held_again_and_logged(admin_client):
    petition = make_petition()
    for n in range(3):
        add_signature(petition, ip_address="10.9.9.9", email=f"bot{n}@spam.example")
    add_signature(petition, ip_address="10.9.9.9", email="held@spam.example", validity="held")
    add_signatures(petition, 2)
    assert petition.count() == 5
    invalidate(admin_client, petition, ip_address="10.9.9.9")
    assert petition.count() == 2
    page = admin_client.get(url(petition, "invalidate")).content.decode()
    [undo] = undo_buttons(page)
    response = admin_client.post(undo)
    assert response.status_code == 302
    assert petition.count() == 5
    assert Signature.objects.filter(validity="held").get().email == "held@spam.example"
    assert not Signature.objects.filter(validity="invalid").exists()
    entry = PageLogEntry.objects.get(action="wagtail_participation.signatures_restored")
    assert entry.page_id == petition.pk and entry.user is not None
    assert "4 signatures" in entry.message and "ip_address" in entry.message
    assert "10.9.9.9" not in entry.message  # the history never names a signer's address
    # Done: nothing left to undo, and undoing again changes nothing.
    assert not undo_buttons(admin_client.get(url(petition, "invalidate")).content.decode())
    assert admin_client.post(undo).status_code == 302
    assert (
        PageLogEntry.objects.filter(action="wagtail_participation.signatures_restored").count() == 1
    )


def test_undo_restores_only_that_invalidation(admin_client):
    petition = make_petition()
    add_signature(petition, email="a@one.example")
    add_signature(petition, email="b@two.example")
    invalidate(admin_client, petition, email_domain="one.example")
    invalidate(admin_client, petition, email_domain="two.example")
    first = PageLogEntry.objects.filter(
        action="wagtail_participation.signatures_invalidated"
    ).earliest("timestamp")
    assert undo_invalidation(petition, first.pk) == 1
    assert set(Signature.objects.filter(validity="invalid").values_list("email", flat=True)) == {
        "b@two.example"
    }


def test_undoing_another_petitions_invalidation_is_refused(client, admin_client):
    mine, theirs = make_petition(), make_petition()
    add_signature(theirs, email="x@bad.example")
    invalidate(admin_client, theirs, email_domain="bad.example")
    entry = PageLogEntry.objects.get(action="wagtail_participation.signatures_invalidated")
    # The entry of another petition, through mine: nothing restored.
    assert (
        admin_client.post(
            f"/admin/participation/petitions/{mine.pk}/invalidate/{entry.pk}/undo/"
        ).status_code
        == 302
    )
    assert Signature.objects.get().validity == "invalid"
    # A moderator of mine may not undo on theirs.
    client.force_login(moderator_of(mine.get_parent()))
    response = client.post(
        f"/admin/participation/petitions/{theirs.pk}/invalidate/{entry.pk}/undo/"
    )
    assert response.status_code in (302, 403)
    assert Signature.objects.get().validity == "invalid"
    assert client.get(
        f"/admin/participation/petitions/{theirs.pk}/invalidate/{entry.pk}/undo/"
    ).status_code in (302, 403, 405)


def test_release_is_offered_only_when_held_signatures_match(admin_client):
    petition = make_petition()
    add_signature(petition, ip_address="10.1.1.1")
    preview = admin_client.post(url(petition, "invalidate"), {"ip_address": "10.1.1.1"})
    assert b'value="release"' not in preview.content
    add_signature(petition, ip_address="10.1.1.1", validity="held")
    preview = admin_client.post(url(petition, "invalidate"), {"ip_address": "10.1.1.1"})
    assert (
        b'value="release"' in preview.content and b"Count the 1 held signature" in preview.content
    )


def test_a_rejection_is_undone_and_logged(admin_client):
    petition = make_petition(
        state=PetitionState.MODERATION,
        live=False,
        creator=ParticipantFactory(email="c@example.org"),
    )
    admin_client.post(url(petition, "reject"), {"reason": "offensive"})
    petition.refresh_from_db()
    assert petition.state == PetitionState.HIDDEN
    panel = admin_client.get(f"/admin/pages/{petition.pk}/edit/").content.decode()
    assert url(petition, "reject/undo") in panel
    confirm = admin_client.get(url(petition, "reject/undo"))
    assert confirm.status_code == 200 and b"Undo the rejection" in confirm.content
    sent = len(mail.outbox)
    assert admin_client.post(url(petition, "reject/undo")).status_code == 302
    petition.refresh_from_db()
    assert petition.state == PetitionState.MODERATION and not petition.live
    assert petition.rejection_reason == ""
    # The creator is not emailed (the workflow restarting may notify moderators).
    assert not [m for m in mail.outbox[sent:] if "c@example.org" in m.to]
    entry = PageLogEntry.objects.get(action="wagtail_participation.petition_rejection_undone")
    assert entry.page_id == petition.pk and entry.message == "Undid the rejection of the petition"
    # Not rejected any more: nothing to undo.
    assert admin_client.get(url(petition, "reject/undo")).status_code == 302


def test_undoing_the_rejection_of_an_open_petition_keeps_it_live(admin_client):
    petition = make_petition(state=PetitionState.OPEN)
    admin_client.post(url(petition, "reject"), {"reason": "offensive"})
    petition.refresh_from_db()
    assert not petition.live
    admin_client.post(url(petition, "reject/undo"))
    petition.refresh_from_db()
    assert petition.state == PetitionState.OPEN and petition.live


def test_the_creator_was_emailed_only_when_an_email_went(admin_client):
    staff_made = make_petition()
    response = admin_client.post(url(staff_made, "reject"), {"reason": "no_action"}, follow=True)
    text = response.content.decode()
    assert "The creator was emailed" not in text and "no creator to email" in text
    residents = make_petition(creator=ParticipantFactory(email="creator@example.org"))
    response = admin_client.post(url(residents, "reject"), {"reason": "no_action"}, follow=True)
    assert "The creator was emailed" in response.content.decode()
    forgotten = make_petition(creator=ParticipantFactory(email=""))
    response = admin_client.post(url(forgotten, "reject"), {"reason": "offensive"}, follow=True)
    assert "emailed" not in response.content.decode().split("no creator to email")[0][-200:]


def test_a_residents_petition_gets_a_clean_slug():
    petition = make_petition()
    index = petition.get_parent().specific
    assert petition_slug(index, "Ban cars on the High Street!") == "ban-cars-on-the-high-street"
    make_petition(index, slug="ban-cars-on-the-high-street")
    assert petition_slug(index, "Ban cars on the High Street") == "ban-cars-on-the-high-street-2"
    long = petition_slug(index, "Plant " + "many more trees " * 10)
    assert len(long) <= 60 and not long.endswith("-") and long.startswith("plant-many-more-trees")
    assert re.search(r"\d{6}", long) is None
    assert petition_slug(index, "!!!") == "petition"
