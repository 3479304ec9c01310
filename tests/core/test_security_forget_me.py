"""Issue 22, item 11 (core): "forget me" also empties the outbox of emails to the resident,
whose links are bearer links; "Your data" shows every section the apps export."""

import json

import pytest
from django.utils import timezone

from tests.factories import ParticipantFactory, post_form, sign_in_client
from wagtail_participation.core.models import OutgoingEmail

pytestmark = pytest.mark.django_db


def test_forget_me_deletes_unsent_emails_and_redacts_sent_ones(client):
    """The attack: a sign-in link still waiting in the outbox (mail server down) or kept there
    after sending lets whoever reads the outbox, or the queue catching up, reach the address
    after the resident asked to be forgotten."""
    resident = ParticipantFactory(email="bob@example.org", display_name="Bob")
    # A sign-in link asked for while the mail server is down: it waits in the outbox.
    post_form(client, "/participation/sign-in/", {"email": "Bob@Example.org"})
    waiting = OutgoingEmail.objects.get(to="bob@example.org")
    assert "/participation/sign-in/" in waiting.body
    sent = OutgoingEmail.objects.create(
        to="BOB@example.org",
        subject="Your idea was answered",
        body="Hello Bob, see https://x/ideas/1/",
        sent_at=timezone.now(),
    )
    other = OutgoingEmail.objects.create(to="carol@example.org", subject="Hi", body="Carol's link")
    sign_in_client(client, resident)
    assert client.post("/participation/my-data/forget/").status_code == 302

    assert not OutgoingEmail.objects.filter(pk=waiting.pk).exists()
    sent.refresh_from_db()
    assert sent.to == "" and sent.body == "" and sent.subject == "Your idea was answered"
    other.refresh_from_db()
    assert other.to == "carol@example.org" and other.body == "Carol's link"
    assert not OutgoingEmail.objects.filter(body__icontains="bob").exists()


def test_forget_me_finds_emails_to_other_addresses_of_the_same_mailbox():
    """An email to ``Ann.Lee+x@gmail.com`` (a petition's "someone tried to sign with your address",
    sent to the address as typed) reaches the mailbox of ``annlee@gmail.com`` too."""
    from wagtail_participation.core.privacy import anonymise_participant

    resident = ParticipantFactory(email="ann.lee@gmail.com")
    OutgoingEmail.objects.create(to="Ann.Lee+x@gmail.com", subject="Signed already", body="a link")
    OutgoingEmail.objects.create(
        to="annlee+y@googlemail.com", subject="Sent", body="b", sent_at=timezone.now()
    )
    OutgoingEmail.objects.create(to="ann.lee@example.org", subject="Someone else", body="c")
    anonymise_participant(resident)
    assert set(OutgoingEmail.objects.values_list("to", "body")) == {
        ("", ""),
        ("ann.lee@example.org", "c"),
    }


def test_forget_outbox_emails_ignores_empty_addresses():
    from wagtail_participation.core.privacy import forget_outbox_emails

    OutgoingEmail.objects.create(to="", subject="Redacted", body="", sent_at=timezone.now())
    assert forget_outbox_emails([None, "", "  "]) == (0, 0)
    assert OutgoingEmail.objects.count() == 1


def test_your_data_page_shows_the_apps_sections(client):
    """Sections added by ``collect_personal_data`` receivers are on the page, not only in the download."""
    from django.dispatch import receiver

    from wagtail_participation.core.privacy import describe_personal_data, personal_data_sections
    from wagtail_participation.core.signals import collect_personal_data

    resident = ParticipantFactory(email="dora@example.org")

    @receiver(collect_personal_data, weak=False)
    def extra(sender, participant, **kwargs):
        return {
            "test_things": [{"thing": "Lantern", "when": "2024-05-01T10:00:00+00:00", "kept": True}]
        }

    try:
        describe_personal_data("test_things", "Things you lent", {"thing": "Thing", "kept": "Kept"})
        sections = personal_data_sections(resident)
        assert {
            "key": "test_things",
            "title": "Things you lent",
            "columns": ["Thing", "Kept"],
            "rows": [["Lantern", "Yes"]],
        } in sections
        sign_in_client(client, resident)
        html = client.get("/participation/my-data/").content.decode()
        assert "Things you lent" in html and "Lantern" in html
        data = json.loads(client.get("/participation/my-data/download/").content)
        assert data["test_things"][0]["when"] == "2024-05-01T10:00:00+00:00"
    finally:
        from wagtail_participation.core import privacy

        collect_personal_data.disconnect(extra)
        privacy._DESCRIPTIONS.pop("test_things", None)
