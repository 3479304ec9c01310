import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from wagtail.models import PageLogEntry

from tests.factories import CommentFactory, ParticipantFactory, post_form, sign_in_client
from wagtail_participation.core import moderation
from wagtail_participation.core.models import ModerationState, Participant, Report, ReportReason

pytestmark = pytest.mark.django_db


def report_url(contribution):
    return f"/participation/contributions/{contribution.pk}/report/"


def report_as(participant, contribution, reason="spam"):
    client = sign_in_client(Client(), participant)
    return post_form(
        client, report_url(contribution), {"reason": reason, "details": "Looks like spam"}
    )


def test_three_reports_hide_a_comment_and_log_it():
    comment = CommentFactory()
    residents = ParticipantFactory.create_batch(3)
    for i, resident in enumerate(residents):
        response = report_as(resident, comment)
        assert response.status_code == 302
        comment.refresh_from_db()
        expected = ModerationState.HIDDEN if i == 2 else ModerationState.PUBLISHED
        assert comment.moderation_state == expected
    assert comment.report_count == 3
    actions = set(PageLogEntry.objects.filter(page=comment.page).values_list("action", flat=True))
    assert {"wagtail_participation.report", "wagtail_participation.auto_hide"} <= actions
    # Hidden from the public now.
    assert comment.body not in Client().get(comment.page.url).content.decode()


def test_repeat_report_counts_once_and_looks_the_same():
    comment = CommentFactory()
    resident = ParticipantFactory()
    first = report_as(resident, comment)
    second = report_as(resident, comment)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    comment.refresh_from_db()
    assert comment.report_count == 1 and Report.objects.count() == 1


def test_report_needs_sign_in_and_a_published_item(client):
    comment = CommentFactory()
    response = client.get(report_url(comment))
    assert response.status_code == 302 and "/participation/sign-in/" in response["Location"]
    sign_in_client(client, ParticipantFactory())
    assert client.get(report_url(comment)).status_code == 200
    hidden = CommentFactory(moderation_state=ModerationState.HIDDEN)
    assert client.get(report_url(hidden)).status_code == 404
    assert client.get("/participation/contributions/999999/report/").status_code == 404
    response = post_form(client, report_url(comment), {"reason": "not-a-reason"})
    assert response.status_code == 400 and "Select a valid choice" in response.content.decode()


def test_restoring_resolves_reports():
    comment = CommentFactory()
    for resident in ParticipantFactory.create_batch(3):
        moderation.report(comment, resident, ReportReason.OFFENSIVE)
    comment.refresh_from_db()
    assert comment.moderation_state == ModerationState.HIDDEN
    assert moderation.set_state(comment, ModerationState.PUBLISHED)
    comment.refresh_from_db()
    assert comment.report_count == 0
    assert not Report.objects.filter(resolved_at__isnull=True).exists()
    assert not moderation.set_state(comment, ModerationState.PUBLISHED)  # no change, no log


def test_my_data_page_and_json_download(client):
    resident = ParticipantFactory(email="alice@example.org", display_name="Alice")
    CommentFactory(author=resident, body="My idea about the park")
    assert client.get("/participation/my-data/").status_code == 302  # sign in first
    sign_in_client(client, resident)
    page = client.get("/participation/my-data/").content.decode()
    assert "alice@example.org" in page and "My idea about the park" in page
    response = client.get("/participation/my-data/download/")
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    assert data["participant"]["email"] == "alice@example.org"
    assert data["contributions"][0]["text"] == "My idea about the park"


def test_forget_me_keeps_the_text_and_removes_the_name(client):
    resident = ParticipantFactory(email="bob@example.org", display_name="Bob")
    comment = CommentFactory(author=resident, body="Text that stays")
    sign_in_client(client, resident)
    assert client.get("/participation/my-data/forget/").status_code == 200
    response = client.post("/participation/my-data/forget/")
    assert response.status_code == 302
    resident.refresh_from_db()
    assert resident.email is None and resident.display_name == "" and resident.anonymised_at
    html = Client().get(comment.page.url).content.decode()
    assert "Text that stays" in html and "Bob" not in html and "Former participant" in html
    # Signed out, and the old session cannot come back.
    assert client.get("/participation/my-data/").status_code == 302


def test_retention_deletes_only_unused_unverified_participants():
    old = timezone.now() - datetime.timedelta(days=60)
    unused = ParticipantFactory(verified_at=None, created_at=old)
    ParticipantFactory(verified_at=None)  # recent
    ParticipantFactory(created_at=old)  # verified
    contributor = ParticipantFactory(verified_at=None, created_at=old)
    CommentFactory(author=contributor)
    call_command("participation_retention", stdout=io.StringIO())
    assert not Participant.objects.filter(pk=unused.pk).exists()
    assert Participant.objects.count() == 3
