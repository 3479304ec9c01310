"""The idea board teaser block."""

import pytest

from tests.ideas.factories import IdeaFactory, make_board
from wagtail_participation.core.models import ModerationState
from wagtail_participation.ideas.blocks import IdeaBoardTeaserBlock

pytestmark = pytest.mark.django_db


def render(board, **value):
    block = IdeaBoardTeaserBlock()
    return block.render(
        block.to_python(
            {"board": board.pk, "heading": "", "show": "supported", "count": 2, **value}
        )
    )


def test_teaser_shows_the_most_supported_public_ideas():
    board = make_board()
    IdeaFactory(page=board, title="Few", score=1)
    IdeaFactory(page=board, title="Many", score=9)
    IdeaFactory(page=board, title="Middle", score=5)
    IdeaFactory(page=board, title="Hidden", score=99, moderation_state=ModerationState.HIDDEN)
    html = render(board)
    assert board.question in html
    assert html.index("Many") < html.index("Middle") and "Few" not in html and "Hidden" not in html
    assert board.url + "submit/" in html


def test_teaser_of_an_unpublished_board_shows_nothing():
    board = make_board()
    IdeaFactory(page=board, title="Secret")
    board.unpublish()
    assert render(board).strip() == ""
