"""Issue 22, item 11 (petitions): "forget me" removes the creator's name from every revision of
the petitions they started and the emails to the addresses they signed with; "Your data" lists
the IP address kept with each signature and the petitions they started."""

import json

import pytest
from wagtail.models import Revision

from tests.factories import ParticipantFactory, post_form, sign_in_client
from tests.petitions.factories import make_petition, make_petition_index, sign
from wagtail_participation.core.models import OutgoingEmail
from wagtail_participation.petitions.models import PetitionPage, Signature

pytestmark = pytest.mark.django_db

START = {
    "request": "Plant more trees on Mill Street",
    "background": "It is hot and grey in summer.",
    "details": "",
    "name": "Ann Creator",
    "area": "RB1 1AA",
}


def start_petition(client, email="creator@example.org"):
    creator = ParticipantFactory(email=email, display_name="Ann")
    sign_in_client(client, creator)
    index = make_petition_index()
    assert post_form(client, index.start_url, START).status_code == 302
    return creator, PetitionPage.objects.get()


def revisions_of(petition):
    return Revision.page_revisions.filter(object_id=str(petition.pk)).order_by("created_at", "pk")


def test_forget_me_removes_the_creators_name_from_every_revision(client):
    """The attack: after "forget me", the name stays in the page's revisions, where editors read
    it in the history and "publish this revision" puts it back on the public page."""
    creator, petition = start_petition(client)
    petition.background = "Edited by the council."
    petition.save_revision()
    revision = petition.save_revision()
    revision.publish()
    petition.refresh_from_db()
    assert petition.live and petition.creator_name == "Ann Creator"
    assert all(r.content["creator_name"] == "Ann Creator" for r in revisions_of(petition))

    assert client.post("/participation/my-data/forget/").status_code == 302

    petition.refresh_from_db()
    assert petition.creator_id is None and petition.creator_name == ""
    for revision in revisions_of(petition):
        assert revision.content["creator_name"] == "" and revision.content["creator"] is None
    # An editor publishes the first revision again: the name does not come back.
    revisions_of(petition).first().publish()
    petition = PetitionPage.objects.get(pk=petition.pk)
    assert petition.creator_name == "" and petition.creator_id is None
    assert b"Ann Creator" not in client.get(petition.url).content


def test_forget_me_empties_the_outbox_of_emails_to_the_signature_addresses(client, monkeypatch):
    """The attack: a confirmation link waiting in the outbox (the mail server is down), sent to the
    address as the resident typed it (``Ann.Lee+p@gmail.com``), still confirms or reaches them
    after "forget me"; a sent one still holds it."""
    from wagtail_participation.core import tasks

    resident = ParticipantFactory(email="ann.lee@gmail.com")
    sent_petition, waiting_petition = make_petition(), make_petition()
    sign(client, sent_petition, "Ann.Lee+p@gmail.com")  # sent at once in these tests
    monkeypatch.setattr(tasks, "_queue_sending", lambda ids: None)  # the mail server is down
    sign(client, waiting_petition, "Ann.Lee+p@gmail.com")
    sent = OutgoingEmail.objects.get(sent_at__isnull=False, to="Ann.Lee+p@gmail.com")
    waiting = OutgoingEmail.objects.get(sent_at__isnull=True, to="Ann.Lee+p@gmail.com")
    assert "/petitions/confirm/" in waiting.body
    sign(client, waiting_petition, "someone@example.org")

    sign_in_client(client, resident)
    assert client.post("/participation/my-data/forget/").status_code == 302

    assert not OutgoingEmail.objects.filter(pk=waiting.pk).exists()
    sent.refresh_from_db()
    assert sent.to == "" and sent.body == ""
    assert not OutgoingEmail.objects.filter(to__icontains="ann.lee").exists()
    assert OutgoingEmail.objects.filter(to="someone@example.org").exists()
    assert set(Signature.objects.values_list("email", flat=True)) == {"", "someone@example.org"}


def test_your_data_lists_signature_ip_addresses_and_petitions_started(client):
    creator, petition = start_petition(client, email="ann.lee@gmail.com")
    other = make_petition(title="Sunday opening")
    post_form(
        client,
        other.url + other.reverse_subpage("sign"),
        {"name": "Ann Lee", "email": "Ann.Lee+p@gmail.com", "area": "RB1 2AB"},
        REMOTE_ADDR="203.0.113.9",
    )

    data = json.loads(client.get("/participation/my-data/download/").content)
    by_petition = {s["petition"]: s for s in data["petition_signatures"]}
    assert by_petition["Sunday opening"]["ip_address"] == "203.0.113.9"
    assert by_petition[petition.title]["ip_address"] == "127.0.0.1"
    [started] = data["petitions_started"]
    assert started["petition"] == petition.title and started["name_shown"] == "Ann Creator"
    assert started["request"] == START["request"] and started["started_at"]

    html = client.get("/participation/my-data/").content.decode()
    assert "Petitions you started" in html and "Ann Creator" in html
    assert "Petitions you signed" in html and "203.0.113.9" in html and "Sunday opening" in html
