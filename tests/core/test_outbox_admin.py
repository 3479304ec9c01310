"""Issue 14.4: the outbox in the Participation menu lists the emails waiting, sent and failed,
with a button that sends a failed one again; only for those allowed, and never the body."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.test import Client
from django.utils import timezone

from tests.factories import UserFactory
from wagtail_participation.core.conf import settings as wp_settings
from wagtail_participation.core.models import OutgoingEmail

pytestmark = pytest.mark.django_db
OUTBOX = "/admin/wagtail_participation/outgoingemail/"
RETRY = "/admin/participation/outbox/retry/"


@pytest.fixture
def emails():
    now = timezone.now()
    return {
        "sent": OutgoingEmail.objects.create(
            to="sent@example.org", subject="Your idea is online", body="x", sent_at=now, attempts=1
        ),
        "waiting": OutgoingEmail.objects.create(
            to="waiting@example.org",
            subject="Confirm your signature",
            body="SECRET-LINK https://example.org/confirm/abc/",
            attempts=2,
            last_error="Connection refused",
        ),
        "failed": OutgoingEmail.objects.create(
            to="failed@example.org",
            subject="Sign in",
            body="x",
            attempts=wp_settings.EMAIL_MAX_ATTEMPTS,
            last_error="550 mailbox unavailable",
        ),
    }


def staff_with(*codenames):
    group = Group.objects.create(name="-".join(codenames))
    for codename in ("access_admin", *codenames):
        group.permissions.add(Permission.objects.get(codename=codename))
    user = UserFactory()
    user.groups.add(group)
    client = Client()
    client.force_login(user)
    return client


def test_outbox_lists_emails_by_status_without_their_body(admin_client, emails):
    response = admin_client.get(OUTBOX)
    html = response.content.decode()
    assert response.status_code == 200
    for address in ("sent@example.org", "waiting@example.org", "failed@example.org"):
        assert address in html
    assert "SECRET-LINK" not in html and "550 mailbox unavailable" in html
    assert "<title>Outbox" in html  # the page is titled as its menu item
    failed = admin_client.get(OUTBOX + "?status=failed").content.decode()
    assert "failed@example.org" in failed and "waiting@example.org" not in failed
    waiting = admin_client.get(OUTBOX + "?status=waiting").content.decode()
    assert "waiting@example.org" in waiting and "sent@example.org" not in waiting
    sent = admin_client.get(OUTBOX + "?status=sent").content.decode()
    assert "sent@example.org" in sent and "failed@example.org" not in sent
    assert admin_client.get(OUTBOX + "?status=nonsense").status_code == 400
    assert admin_client.get(OUTBOX + "?to__startswith=x").status_code == 400
    # In the Participation menu.
    assert OUTBOX in admin_client.get("/admin/").content.decode()


def test_retry_sends_a_failed_email_again(admin_client, emails, django_capture_on_commit_callbacks):
    failed = emails["failed"]
    assert f'name="email" value="{failed.pk}"' in admin_client.get(OUTBOX).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(RETRY, {"email": failed.pk, "next": OUTBOX + "?status=failed"})
    assert response.status_code == 302 and response["Location"] == OUTBOX + "?status=failed"
    failed.refresh_from_db()
    assert failed.sent_at is not None and [m.to for m in mail.outbox] == [["failed@example.org"]]
    # Sent already: nothing happens; a tampered id is refused without a server error.
    admin_client.post(RETRY, {"email": failed.pk})
    assert len(mail.outbox) == 1
    assert admin_client.post(RETRY, {"email": "x"}).status_code == 302
    assert admin_client.post(RETRY, {"email": "999999"}).status_code == 404
    assert admin_client.get(RETRY).status_code == 405


def test_outbox_is_only_for_those_allowed(emails):
    anonymous = Client()
    assert "/admin/login/" in anonymous.get(OUTBOX)["Location"]
    plain = staff_with()
    assert plain.get(OUTBOX).status_code == 302  # Wagtail's "no permission"
    assert plain.post(RETRY, {"email": emails["failed"].pk}).status_code in (302, 403)
    assert OutgoingEmail.objects.get(pk=emails["failed"].pk).attempts > 1
    viewer = staff_with("view_outgoingemail")
    html = viewer.get(OUTBOX).content.decode()
    assert "failed@example.org" in html and "Send again" not in html
    assert viewer.post(RETRY, {"email": emails["failed"].pk}).status_code in (302, 403)
    assert OutgoingEmail.objects.get(pk=emails["failed"].pk).attempts > 1
    retrier = staff_with("view_outgoingemail", "change_outgoingemail")
    assert "Send again" in retrier.get(OUTBOX).content.decode()
    retrier.post(RETRY, {"email": emails["failed"].pk})
    assert OutgoingEmail.objects.get(pk=emails["failed"].pk).attempts <= 1


def test_outbox_permissions_are_offered_to_groups(admin_client):
    html = admin_client.get("/admin/groups/new/").content.decode()
    assert "outgoing email" in html.lower()
