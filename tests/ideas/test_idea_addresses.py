"""An idea's address is ``<board>/<id>/``; the old ``<board>/ideas/<id>/`` ones move there."""

import pytest

from tests.factories import ParticipantFactory, post_form, sign_in_client
from tests.ideas.factories import IdeaFactory, make_board
from wagtail_participation.ideas.models import IdeaVote

pytestmark = pytest.mark.django_db


def test_an_ideas_address_has_no_repeated_segment():
    board = make_board(slug="ideas")
    idea = IdeaFactory(page=board)
    assert idea.get_absolute_url() == f"{board.url}{idea.pk}/"
    assert "/ideas/ideas/" not in idea.get_absolute_url()


@pytest.mark.parametrize("action", ["", "edit/", "withdraw/", "vote/"])
def test_old_addresses_move_permanently(client, action):
    board = make_board()
    idea = IdeaFactory(page=board)
    response = client.get(f"{board.url}ideas/{idea.pk}/{action}?sort=new")
    assert response.status_code == 301
    assert response["Location"] == f"{board.url}{idea.pk}/{action}?sort=new"


def test_a_form_sent_to_an_old_address_is_sent_again_to_the_new_one(client):
    board = make_board()
    idea = IdeaFactory(page=board)
    sign_in_client(client, ParticipantFactory())
    response = post_form(client, f"{board.url}ideas/{idea.pk}/vote/", {"action": "support"})
    assert response.status_code == 308
    assert response["Location"] == f"{board.url}{idea.pk}/vote/"
    assert not IdeaVote.objects.exists()  # nothing done at the old address
    response = post_form(client, response["Location"], {"action": "support"})
    assert response.status_code in (200, 302)


@pytest.mark.parametrize("path", ["ideas/{pk}/delete/", "ideas/{pk}/x/y/", "ideas/abc/"])
def test_anything_else_under_the_old_prefix_is_not_found(client, path):
    board = make_board()
    idea = IdeaFactory(page=board)
    assert client.get(board.url + path.format(pk=idea.pk)).status_code == 404
