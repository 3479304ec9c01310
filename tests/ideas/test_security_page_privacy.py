"""Issue 22, item 2: an idea board behind a view restriction shows nothing to visitors it does
not let in, wherever it appears.

The attack: an editor put the teaser of a restricted board on a public page (or a resident
found one), and the teaser showed the board's question and its ideas to everyone.
"""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client, RequestFactory

from tests.ideas.factories import IdeaFactory, make_board
from tests.page_privacy import KINDS, let_in, page_with_blocks, restrict
from wagtail_participation.ideas.blocks import IdeaBoardTeaserBlock

pytestmark = pytest.mark.django_db


def restricted_board(kind):
    board = make_board(
        title=f"zqsecretboard {kind}", slug=f"secret-{kind}", question="zqsecretquestion?"
    )
    restrict(board, kind)
    IdeaFactory(page=board, title=f"zqsecretidea {kind}")
    return board


def teaser(board):
    return ("idea_board_teaser", {"board": board, "heading": "", "show": "newest", "count": 3})


def render(board, context=None):
    block = IdeaBoardTeaserBlock()
    value = block.to_python({"board": board.pk, "heading": "", "show": "newest", "count": 3})
    return block.render(value, context=context)


@pytest.mark.parametrize("kind", KINDS)
def test_teaser_on_a_public_page_hides_a_restricted_board(kind):
    board = restricted_board(kind)
    public = page_with_blocks(teaser(board))
    response = Client().get(public.url)
    assert response.status_code == 200 and "zqsecret" not in response.content.decode()
    assert "Cookie" in response.get("Vary", "")  # a cache keeps one visitor's page for that visitor
    member = let_in(Client(), board, kind)
    html = member.get(public.url).content.decode()
    assert "zqsecretquestion" in html and f"zqsecretidea {kind}" in html


@pytest.mark.parametrize("kind", KINDS)
def test_teaser_without_a_request_shows_no_restricted_board(kind):
    board = restricted_board(kind)
    assert "zqsecret" not in render(board)
    request = RequestFactory().get("/")
    request.user, request.session = AnonymousUser(), {}
    assert "zqsecret" not in render(board, {"request": request})


def test_teaser_of_a_public_board_still_shows_without_a_request():
    board = make_board(question="An open question?")
    IdeaFactory(page=board, title="An open idea")
    html = render(board)
    assert "An open question?" in html and "An open idea" in html


@pytest.mark.parametrize("kind", KINDS)
def test_board_routes_outside_its_page_follow_the_restriction(kind):
    """The similar-ideas JSON and the RSS feed are routes of the board: Wagtail's check applies."""
    board = restricted_board(kind)
    for route in ("similar/?title=zqsecretidea", "feed/"):
        response = Client().get(board.url + route)
        assert (
            f"zqsecretidea {kind}" not in response.content.decode()
        )  # (the password form repeats the URL)
        member = let_in(Client(), board, kind)
        assert f"zqsecretidea {kind}" in member.get(board.url + route).content.decode()
