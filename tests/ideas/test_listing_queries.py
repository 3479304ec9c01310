"""The board listing's query count does not grow with the number of ideas.

Two boards, 10 and 5,000 ideas (with votes, categories, statuses and a search
index), are loaded once for the module inside a transaction that is rolled back
at the end; each test runs in a savepoint inside it, as usual. An N+1 query would
show as a difference: the small board's pages hold fewer ideas than the large one's.
"""

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from benchmarks.data import analyze, bulk_ideas, bulk_votes, index_ideas, participants
from tests.factories import sign_in_client
from tests.ideas.factories import make_board
from wagtail_participation.ideas.counts import recount_votes
from wagtail_participation.ideas.models import Idea, IdeaVote, idea_status_choices
from wagtail_participation.projects.models import Topic

pytestmark = pytest.mark.django_db

SMALL, LARGE = 10, 5000
QUERIES = [
    "",
    "?sort=newest",
    "?sort=supported",
    "?sort=discussed",
    "?sort=trending",
    "?page=2",
    "?sort=supported&page=3",
    "?sort=trending&page=2",
    "?category={category}",
    "?status={status}&sort=supported",
    "?q=bench",  # 1 idea in 10 matches (all would be slow on SQLite's search backend)
    "?q=bench&category={search_category}&sort=trending",
]


def _ensure_wagtail_base_data():
    """A locale, root collection, root page and default site (a transactional test run
    earlier in the session flushes them; see tests/conftest.py)."""
    from django.conf import settings
    from wagtail.coreutils import get_supported_content_language_variant
    from wagtail.models import Collection, Locale, Page, Site

    if not Locale.objects.exists():
        Locale.objects.create(
            language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
        )
    if not Collection.objects.exists():
        Collection.add_root(name="Root")
    root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))
    if not Site.objects.exists():
        home = root.add_child(instance=Page(title="Home", slug="home"))
        Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)


@pytest.fixture(scope="module")
def boards(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            _ensure_wagtail_base_data()
            topics = [
                Topic.objects.create(name=name, slug=name.lower())
                for name in ("Parks", "Roads", "Housing")
            ]
            statuses = [value for value, _label in idea_status_choices()]
            voters = participants(40, prefix="listing-queries")
            resident = voters[0]
            found = {}
            for size in (SMALL, LARGE):
                board = make_board(
                    title=f"{size} ideas", slug=f"board-of-{size}", categories=topics
                )
                ids = bulk_ideas(
                    board,
                    size,
                    authors=voters,
                    categories=topics,
                    statuses=statuses,
                    search_index=False,
                )
                # Only the ideas the tests search for go into the search index (it is the slow part).
                index_ideas(list(Idea.objects.filter(pk__in=ids, title__contains="bench")))
                bulk_votes(ids, size * 2, voters[1:], recent_days=14)
                # The signed-in resident has voted on ideas on the first page of every sort.
                top = ids[:3] + list(board_ideas_by_score(board)[:3])
                IdeaVote.objects.bulk_create(
                    [IdeaVote(idea_id=pk, participant=resident) for pk in set(top)],
                    ignore_conflicts=True,
                )
                recount_votes(top)
                found[size] = board
            analyze()  # PostgreSQL: statistics of the new rows, as autovacuum would gather (or plans go astray)
            yield {
                "small": found[SMALL],
                "large": found[LARGE],
                "resident": resident,
                "category": topics[0].slug,
                "search_category": topics[1].slug,
                "status": statuses[-1],
            }
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def board_ideas_by_score(board):
    return Idea.objects.filter(page_id=board.pk).order_by("-score").values_list("pk", flat=True)


def count_queries(client, url, warm):
    if warm:
        assert client.get(url).status_code == 200  # fills the caches: counts, trending, cards
    else:
        cache.clear()  # sessions are in the database: a signed-in resident stays signed in
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured), response


@pytest.mark.parametrize("warm", [False, True], ids=["cold-cache", "warm-cache"])
@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "signed-in"])
@pytest.mark.parametrize("query", QUERIES)
def test_same_query_count_for_10_and_5000_ideas(client, boards, query, signed_in, warm):
    query = query.format(**boards)
    if signed_in:
        sign_in_client(client, boards["resident"])
    small_count, small = count_queries(client, boards["small"].url + query, warm)
    large_count, large = count_queries(client, boards["large"].url + query, warm)
    # Both boards list ideas for every query (an empty page would skip queries).
    assert b"wp-idea-card" in small.content and b"wp-idea-card" in large.content
    assert small_count == large_count, (query, small_count, large_count)


def test_the_boards_list_what_the_tests_expect(client, boards):
    """The module's data is what the counts above rely on (guards against an empty page)."""
    large = client.get(boards["large"].url).content.decode()
    assert f"{LARGE:,} ideas" in large or f"{LARGE} ideas" in large
    assert large.count('class="wp-idea-card"') == 12
    sign_in_client(client, boards["resident"])
    assert client.get(boards["large"].url + "?q=bench").content.count(b'class="wp-idea-card"') == 12
