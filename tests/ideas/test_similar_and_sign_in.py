"""Similar ideas ignore stop words; signing in from "Post an idea" says why."""

import pytest
from django.test import override_settings
from django.utils import translation

from tests.ideas.factories import IdeaFactory, make_board
from wagtail_participation.core.search import meaningful_terms, site_languages, stop_words

pytestmark = pytest.mark.django_db


def similar(client, board, title):
    url = board.url + board.reverse_subpage("similar")
    return [r["title"] for r in client.get(url, {"title": title}).json()["results"]]


def test_similar_ideas_ignore_stop_words(client):
    board = make_board()
    IdeaFactory(page=board, title="More benches in the park")
    IdeaFactory(page=board, title="A pond for the ducks")
    assert similar(client, board, "the and for in") == []
    assert similar(client, board, "Benches for the playground") == ["More benches in the park"]


@override_settings(
    LANGUAGE_CODE="en", WAGTAIL_CONTENT_LANGUAGES=[("en", "English"), ("de", "German")]
)
def test_stop_words_follow_the_sites_languages():
    with translation.override("nl"):
        assert site_languages() == ("de", "en", "nl")
        words = stop_words()
    assert {"the", "der", "het"} <= words and "park" not in words
    with translation.override("en"):
        assert "het" not in stop_words()
        assert meaningful_terms("Die Bänke im Park, the benches") == "Bänke Park benches"


def test_signing_in_from_post_an_idea_says_why(client):
    board = make_board()
    response = client.get(board.url + board.reverse_subpage("submit"), follow=True)
    page = response.content.decode()
    assert response.redirect_chain[0][0].startswith("/participation/sign-in/")
    assert "To post an idea, please sign in first" in page


def test_without_javascript_the_suggestions_sit_right_under_the_title(client):
    """After a submit with errors, similar ideas show under the title, where a resident on a
    phone is typing, not below the whole form."""
    from django.utils import timezone

    from tests.factories import ParticipantFactory, post_form, sign_in_client

    board = make_board()
    IdeaFactory(page=board, title="More benches in the park")
    sign_in_client(client, ParticipantFactory(verified_at=timezone.now()))
    url = board.url + board.reverse_subpage("submit")
    response = post_form(client, url, {"title": "Benches by the pond", "description": ""})
    page = response.content.decode()
    assert response.status_code == 400
    title_at, box_at = page.index('name="title"'), page.index("data-wp-similar")
    description_at = page.index('name="description"')
    assert title_at < box_at < description_at
    assert page.count("data-wp-similar") == 1
    assert "More benches in the park" in page[box_at:description_at]
