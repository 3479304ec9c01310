"""Wagtail's preview shows an idea board's form; sending it from the preview posts nothing."""

import re

import pytest

from tests.factories import antispam_fields
from tests.ideas.factories import make_board
from wagtail_participation.core.models import Participant
from wagtail_participation.ideas.models import Idea

pytestmark = pytest.mark.django_db


def test_the_preview_shows_the_submit_form_and_posts_nothing(admin_client, admin_user):
    board = make_board()
    board.save_revision().publish()
    assert [mode for mode, _label in board.preview_modes] == ["", "submit"]
    url = f"/admin/pages/{board.pk}/revisions/{board.latest_revision.pk}/view/"
    for mode in ["", "submit", "nonsense"]:
        assert admin_client.get(url, {"mode": mode}).status_code == 200, mode
    html = admin_client.get(url, {"mode": "submit"}).content.decode()
    form = re.search(r"<form [^>]*wp-form[^>]*>", html).group(0)
    assert 'method="get"' in form and "enctype" not in form
    assert "csrfmiddlewaretoken" not in html and 'name="mode" value="submit"' in html
    data = {
        "mode": "submit",
        "title": "A bench",
        "description": "By the pond.",
        **antispam_fields(),
    }
    assert admin_client.get(url, data).status_code == 200
    assert not Idea.objects.exists()
    assert not Participant.objects.filter(user=admin_user).exists()


def test_forms_sent_from_a_preview_store_nothing(client, admin_client):
    """A comment or a vote sent from the board in the preview panel (its Referer is the preview)
    is refused; the same from the site works."""
    from tests.factories import ParticipantFactory, post_form, sign_in_client
    from tests.ideas.factories import IdeaFactory
    from wagtail_participation.core.models import Comment
    from wagtail_participation.ideas.models import IdeaVote

    board = make_board()
    board.save_revision().publish()
    idea = IdeaFactory(page=board)
    sign_in_client(client, ParticipantFactory())
    vote_url = board.url + board.reverse_subpage("vote", args=[idea.pk])
    comment_url = f"/participation/comments/page/{board.pk}/"
    for preview in [
        f"http://testserver/admin/pages/{board.pk}/edit/preview/?mode=&in_preview_panel=true",
        f"/admin/pages/{board.pk}/revisions/{board.latest_revision.pk}/view/",
        f"http://testserver/admin/pages/{board.pk}/view_draft/",
    ]:
        response = post_form(
            client, comment_url, {"body": "From the preview"}, HTTP_REFERER=preview
        )
        assert response.status_code == 403 and "This is a preview" in response.content.decode()
        response = post_form(client, vote_url, {"action": "support"}, HTTP_REFERER=preview)
        assert response.status_code == 403
    assert not Comment.objects.exists() and not IdeaVote.objects.exists()
    # From the site (or another site's page): taken.
    post_form(client, comment_url, {"body": "From the site"}, HTTP_REFERER=board.full_url)
    post_form(
        client,
        vote_url,
        {"action": "support"},
        HTTP_REFERER=f"https://elsewhere.example/admin/pages/{board.pk}/edit/preview/",
    )
    assert Comment.objects.count() == 1 and IdeaVote.objects.count() == 1
