"""The board listing's cache: anonymous visitors share a page of results, and never see
anything private or out of date beyond IDEA_COUNT_LAG_SECONDS for counts."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import ParticipantFactory, sign_in_client
from tests.ideas.factories import IdeaFactory, make_board
from wagtail_participation.core import moderation
from wagtail_participation.core.models import ModerationState
from wagtail_participation.ideas import counts, listing_cache

pytestmark = pytest.mark.django_db


@pytest.fixture
def board():
    return make_board()


def listing(client, board, query=""):
    response = client.get(board.url + query)
    assert response.status_code == 200
    return response.content.decode()


def results(html):
    return html.split('id="wp-idea-results"', 1)[1]


def supporters(html, idea):
    marker = f'data-wp-support-count="{idea.pk}">'
    return html.split(marker, 1)[1].split(" ", 1)[0]


def test_a_page_of_results_is_rendered_once_for_anonymous_visitors(client, board):
    IdeaFactory(page=board, title="Benches by the pond")
    first = listing(client, board)
    with CaptureQueriesContext(connection) as again:
        second = listing(client, board)
    assert second == first
    assert not any('"wagtail_participation_ideas_idea"' in q["sql"] for q in again.captured_queries)


def test_new_and_moderated_ideas_show_at_once(client, board):
    IdeaFactory(page=board, title="First idea")
    assert "First idea" in listing(client, board)
    pending = IdeaFactory(
        page=board, title="Pending idea", moderation_state=ModerationState.PENDING
    )
    assert "Pending idea" not in listing(client, board)
    moderation.set_state(pending, ModerationState.PUBLISHED)
    assert "Pending idea" in listing(client, board)
    moderation.set_state(pending, ModerationState.HIDDEN)
    assert "Pending idea" not in listing(client, board)


def test_votes_show_within_the_lag(client, board, monkeypatch, django_capture_on_commit_callbacks):
    idea = IdeaFactory(page=board)
    now = [1_000_000.0]
    monkeypatch.setattr(listing_cache.time, "time", lambda: now[0])
    assert supporters(listing(client, board), idea) == "0"
    with django_capture_on_commit_callbacks(execute=True):
        counts.cast_vote(idea, ParticipantFactory(), 1)
    now[0] = 1_000_001.0
    assert supporters(listing(client, board), idea) == "0"  # a busy board: the page kept a moment
    now[0] = 1_000_006.0  # past the default 5 seconds
    assert supporters(listing(client, board), idea) == "1"


def test_votes_show_at_once_without_a_lag(
    client, board, settings, django_capture_on_commit_callbacks
):
    settings.WAGTAIL_PARTICIPATION_IDEA_COUNT_LAG_SECONDS = 0
    idea = IdeaFactory(page=board)
    voter = ParticipantFactory()
    assert supporters(listing(client, board), idea) == "0"
    with django_capture_on_commit_callbacks(execute=True):
        counts.cast_vote(idea, voter, 1)
    assert supporters(listing(client, board), idea) == "1"
    with django_capture_on_commit_callbacks(execute=True):
        counts.remove_vote(idea, voter)
    assert supporters(listing(client, board), idea) == "0"


def test_signed_in_residents_get_their_own_page(client, board):
    idea = IdeaFactory(page=board)
    listing(client, board)  # kept for anonymous visitors
    resident = ParticipantFactory()
    sign_in_client(client, resident)
    html = listing(client, board)
    assert f'action="{board.url}{board.reverse_subpage("vote", args=[idea.pk])}"' in html
    assert "csrfmiddlewaretoken" in html
    client.cookies.clear()  # anonymous again
    html = listing(client, board)
    assert "csrfmiddlewaretoken" not in html and "wp-vote__form" not in html


def test_pagination_links_carry_only_the_filters(client, board, settings):
    settings.WAGTAIL_PARTICIPATION_PAGE_SIZE = 1
    IdeaFactory(page=board)
    IdeaFactory(page=board)
    html = results(listing(client, board, "?sort=supported&utm_source=%3Cscript%3Ex&evil=1"))
    assert "page=2" in html
    assert "utm_source" not in html and "evil" not in html and "<script>x" not in html
    assert "sort=supported&amp;page=2" in html
    # A second visitor with other junk in the address gets the same links.
    assert "utm_source" not in results(listing(client, board, "?sort=supported&utm_source=other"))


def test_a_cache_outage_still_lists_ideas(client, board, monkeypatch):
    IdeaFactory(page=board, title="Still here")

    class BrokenCache:
        def __getattr__(self, name):
            def broken(*args, **kwargs):
                raise ConnectionError("cache down")

            return broken

    monkeypatch.setattr(listing_cache, "cache", BrokenCache())
    assert "Still here" in listing(client, board)
    assert "Still here" in listing(client, board, "?sort=trending&q=still")


def test_an_evicted_version_never_brings_back_old_pages(client, board):
    IdeaFactory(page=board, title="Old idea")
    listing(client, board)
    old_version = listing_cache.board_version(board.pk)
    cache.delete(f"wp:ideas:version:{board.pk}")  # evicted
    assert listing_cache.board_version(board.pk) != old_version
