"""Issue 24.9: moderators remove personal data from a contribution (logged) instead of only
hiding it."""

import pytest
from wagtail.models import PageLogEntry

from tests.core.test_admin import moderator_of, two_projects  # noqa: F401  (fixture)
from tests.factories import CommentFactory, make_method_page
from tests.ideas.factories import IdeaFactory, make_board
from wagtail_participation.core import moderation
from wagtail_participation.core.models import Comment, ModerationState

pytestmark = pytest.mark.django_db


def moderate_url(contribution):
    return f"/admin/participation/moderate/{contribution.pk}/"


def test_a_moderator_removes_passages_and_the_history_says_so_without_the_text(admin_client):
    page = make_method_page(title="Project X")
    comment = CommentFactory(
        page=page, body="Call John Smith on 0161 496 0000, or john SMITH at home."
    )
    form = admin_client.get(moderate_url(comment)).content.decode()
    assert 'name="passages"' in form and 'value="redact"' in form
    response = admin_client.post(
        moderate_url(comment),
        {"action": "redact", "passages": "john smith\n0161 496 0000\n\nx"},
        follow=True,
    )
    assert "3 passages were removed" in response.content.decode()
    comment = Comment.objects.get(pk=comment.pk)
    assert comment.body == "Call [removed] on [removed], or [removed] at home."
    assert comment.summary == comment.body  # the queue shows the redacted text too
    assert comment.moderation_state == ModerationState.PUBLISHED  # not hidden
    entry = PageLogEntry.objects.get(action="wagtail_participation.redact")
    assert entry.page_id == page.pk and entry.user is not None
    assert entry.data["count"] == 3 and entry.data["fields"] == ["body"]
    assert entry.message == f"Removed personal data from comment #{comment.pk}"
    assert "Smith" not in str(entry.data) and "0161" not in str(entry.data)
    history = admin_client.get(f"/admin/pages/{page.pk}/history/").content.decode()
    assert "Removed personal data from comment" in history and "Smith" not in history


def test_nothing_found_or_bad_input_changes_nothing(admin_client):
    comment = CommentFactory(body="Nothing personal here.")
    for passages in ("", "ab", "absent phrase", "\n".join(f"p{n}xx" for n in range(30))):
        response = admin_client.post(
            moderate_url(comment), {"action": "redact", "passages": passages}
        )
        assert response.status_code == 302
    assert Comment.objects.get(pk=comment.pk).body == "Nothing personal here."
    assert not PageLogEntry.objects.filter(action="wagtail_participation.redact").exists()


def test_redacting_an_idea_keeps_within_its_fields(admin_client):
    board = make_board()
    idea = IdeaFactory(
        page=board,
        title="Bench outside no 12",
        description="Outside no 12, where Ann Lee lives. Ring Ann Lee.",
        address="no 12",
    )
    assert moderation.redact(idea, ["Ann Lee", "no 12"]) == 5
    idea.refresh_from_db()
    assert idea.title == "Bench outside [removed]" and idea.address == "[removed]"
    assert "Ann Lee" not in idea.description and len(idea.title) <= 120


def test_only_moderators_of_the_page_may_redact(two_projects):  # noqa: F811
    x, y, on_x, on_y = two_projects
    client = moderator_of(x, "mod-x")
    response = client.post(moderate_url(on_y), {"action": "redact", "passages": "Comment"})
    assert response.status_code in (302, 403)
    assert Comment.objects.get(pk=on_y.pk).body == "Comment on Y"
    client.post(moderate_url(on_x), {"action": "redact", "passages": "Comment"})
    assert Comment.objects.get(pk=on_x.pk).body == "[removed] on X"
