"""A form token from one form is refused by another (issue 22, item 16): here, a token taken
from an idea's comment form, posted with the idea form, and a token from one board's idea
form posted to another board."""

import html
import re

import pytest

from tests.factories import ParticipantFactory, sign_in_client
from tests.ideas.factories import IdeaFactory, make_board
from wagtail_participation.ideas.models import Idea

pytestmark = pytest.mark.django_db
TOKEN = re.compile(r'name="form_rendered" value="([^"]+)"')


def token_on(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return html.unescape(TOKEN.search(response.content.decode()).group(1))


def submit_url(board):
    return board.url + board.reverse_subpage("submit")


@pytest.fixture
def resident(client):
    participant = ParticipantFactory()
    sign_in_client(client, participant)
    return participant


def test_a_comment_form_token_posted_with_the_idea_form_is_refused(client, resident):
    board = make_board()
    idea = IdeaFactory(page=board)
    comment_token = token_on(client, board.url + board.reverse_subpage("idea", args=[idea.pk]))
    response = client.post(
        submit_url(board),
        {
            "title": "Pond fountain",
            "description": "A fountain in the pond.",
            "form_rendered": comment_token,
        },
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "This form was opened on another page" in text
    assert Idea.objects.filter(title="Pond fountain").count() == 0
    # The resident's text is kept, with a token this form accepts.
    assert "Pond fountain" in text and "A fountain in the pond." in text
    fresh = html.unescape(TOKEN.search(text).group(1))
    again = client.post(
        submit_url(board),
        {
            "title": "Pond fountain",
            "description": "A fountain in the pond.",
            "form_rendered": fresh,
        },
    )
    assert again.status_code == 302 and Idea.objects.filter(title="Pond fountain").count() == 1


def test_an_idea_form_token_is_bound_to_its_board_and_used_once(client, resident):
    board, other = make_board(), make_board()
    token = token_on(client, submit_url(board))
    data = {"title": "Benches", "description": "More benches by the pond.", "form_rendered": token}
    assert client.post(submit_url(other), data).status_code == 400
    assert client.post(submit_url(board), data).status_code == 302
    second = client.post(submit_url(board), {**data, "title": "Benches again"})
    assert second.status_code == 400 and "This form was already sent" in second.content.decode()
    assert list(Idea.objects.values_list("title", flat=True)) == ["Benches"]
