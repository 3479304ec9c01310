"""Moderation states and our entries in Wagtail's log (the page history)."""

import pytest
from wagtail.log_actions import registry
from wagtail.models import PageLogEntry

from tests.factories import CommentFactory, ParticipantFactory, make_method_page
from wagtail_participation.core import moderation
from wagtail_participation.core.models import ModerationState, Report, ReportReason

pytestmark = pytest.mark.django_db

OUR_ACTIONS = [
    "wagtail_participation.publish",
    "wagtail_participation.hide",
    "wagtail_participation.reject",
    "wagtail_participation.unpublish",
    "wagtail_participation.report",
    "wagtail_participation.auto_hide",
]


@pytest.mark.parametrize("action", OUR_ACTIONS)
def test_log_actions_are_registered(action):
    assert registry.action_exists(action)
    assert str(registry.get_action_label(action))


def test_set_state_logs_once_and_says_what_changed(admin_user):
    comment = CommentFactory(body="Bins on Elm Street")
    assert moderation.set_state(comment, ModerationState.HIDDEN, user=admin_user)
    assert not moderation.set_state(comment, ModerationState.HIDDEN, user=admin_user)  # no change
    entries = PageLogEntry.objects.filter(page=comment.page, action="wagtail_participation.hide")
    assert entries.count() == 1
    entry = entries.get()
    assert entry.user == admin_user
    # The entry names the comment by type and id; its text stays with the comment.
    assert entry.data == {
        "contribution_id": comment.pk,
        "model": "wagtail_participation.comment",
        "type": "comment",
    }
    message = str(registry.get_formatter(entry).format_message(entry))
    assert message == f"Hid comment #{comment.pk}"
    comment.refresh_from_db()
    assert comment.moderated_by == admin_user and comment.moderated_at is not None


def test_publishing_resolves_reports(admin_user):
    comment = CommentFactory()
    moderation.report(comment, ParticipantFactory(), ReportReason.SPAM)
    moderation.set_state(
        comment, ModerationState.PUBLISHED, user=admin_user
    )  # unchanged: still open
    assert Report.objects.filter(resolved_at__isnull=True).count() == 1
    moderation.set_state(comment, ModerationState.HIDDEN, user=admin_user)
    moderation.set_state(comment, ModerationState.PUBLISHED, user=admin_user)
    comment.refresh_from_db()
    assert comment.report_count == 0
    assert not Report.objects.filter(resolved_at__isnull=True).exists()


def test_bulk_set_state_counts_changes(admin_user):
    page = make_method_page()
    comments = [CommentFactory(page=page) for _ in range(3)]
    moderation.set_state(comments[0], ModerationState.REJECTED, user=admin_user)
    assert moderation.bulk_set_state(comments, ModerationState.REJECTED, user=admin_user) == 2


def test_reports_and_auto_hide_show_in_the_page_history(admin_client, settings):
    settings.WAGTAIL_PARTICIPATION_REPORT_THRESHOLD = 2
    comment = CommentFactory(body="Buy cheap watches")
    for _ in range(2):
        moderation.report(comment, ParticipantFactory(), ReportReason.SPAM)
    comment.refresh_from_db()
    assert comment.moderation_state == ModerationState.HIDDEN
    actions = set(PageLogEntry.objects.filter(page=comment.page).values_list("action", flat=True))
    assert {"wagtail_participation.report", "wagtail_participation.auto_hide"} <= actions
    response = admin_client.get(f"/admin/pages/{comment.page.pk}/history/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Contribution reported" in html and "Contribution hidden after reports" in html
    assert f"A resident reported comment #{comment.pk} (Spam or advertising)" in html
    assert f"Comment #{comment.pk} was hidden automatically" in html
    assert "Buy cheap watches" not in html
    assert "bound method" not in html


def test_summary_fits_its_column_with_combining_marks():
    """Django's Truncator does not count combining marks; the column counts code points."""
    comment = CommentFactory(body="\u0915\u093c" * 400)
    assert len(comment.summary) <= 255
