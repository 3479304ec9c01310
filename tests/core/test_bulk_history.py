"""Every bulk action writes one history entry per item, on the page and in the site history."""

import pytest
from wagtail.models import PageLogEntry

from tests.factories import CommentFactory, make_method_page
from tests.ideas.factories import IdeaFactory, make_board

pytestmark = pytest.mark.django_db


def _entries(action):
    return PageLogEntry.objects.filter(action=action)


def test_bulk_moderation_of_three_items_writes_three_entries(admin_client):
    page = make_method_page()
    comments = [CommentFactory(page=page) for _ in range(3)]
    response = admin_client.post(
        "/admin/participation/moderate/bulk/",
        {"action": "hide", "selected": [c.pk for c in comments]},
    )
    assert response.status_code == 302
    entries = _entries("wagtail_participation.hide")
    assert sorted(e.data["contribution_id"] for e in entries) == sorted(c.pk for c in comments)
    assert {e.page_id for e in entries} == {page.pk}
    history = admin_client.get(f"/admin/pages/{page.pk}/history/").content.decode()
    site_history = admin_client.get("/admin/reports/site-history/").content.decode()
    for comment in comments:
        assert f"#{comment.pk}" in history
        assert f"#{comment.pk}" in site_history


def test_bulk_status_of_three_ideas_writes_three_entries(admin_client):
    board = make_board()
    ideas = [IdeaFactory(page=board) for _ in range(3)]
    response = admin_client.post(
        "/admin/participation/ideas/bulk-status/",
        {"status": "accepted", "selected": [i.pk for i in ideas]},
    )
    assert response.status_code == 302
    entries = _entries("wagtail_participation.idea_status")
    assert sorted(e.data["contribution_id"] for e in entries) == sorted(i.pk for i in ideas)
    history = admin_client.get(f"/admin/pages/{board.pk}/history/").content.decode()
    site_history = admin_client.get("/admin/reports/site-history/").content.decode()
    for idea in ideas:
        assert f"#{idea.pk}" in history
        assert f"#{idea.pk}" in site_history
