"""Concurrent votes on PostgreSQL: counted exactly, one vote per resident."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections

from tests.factories import ParticipantFactory
from tests.ideas.factories import IdeaFactory
from wagtail_participation.ideas.counts import cast_vote, remove_vote
from wagtail_participation.ideas.models import Idea, IdeaVote

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
THREADS = 40  # below PostgreSQL's default max_connections of 100


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("concurrency tests run on PostgreSQL (set DATABASE_URL)")


def run_at_once(functions):
    """Run ``functions`` on THREADS threads (own connections), all released together."""
    start = threading.Event()
    errors = []

    def run(function):
        start.wait()
        try:
            function()
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)

    def worker(chunk):
        try:
            for function in chunk:
                run(function)
        finally:
            connections.close_all()

    chunks = [functions[i::THREADS] for i in range(THREADS)]
    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        futures = [pool.submit(worker, chunk) for chunk in chunks if chunk]
        start.set()
        for future in futures:
            future.result()
    assert not errors, errors[:3]


def counts(idea):
    idea = Idea.objects.get(pk=idea.pk)
    return idea.support_count, idea.oppose_count, idea.score


def test_two_hundred_residents_vote_at_once():
    idea = IdeaFactory()
    residents = ParticipantFactory.create_batch(200)
    run_at_once([lambda r=r: cast_vote(idea, r, IdeaVote.SUPPORT) for r in residents])
    assert counts(idea) == (200, 0, 200)
    assert IdeaVote.objects.filter(idea=idea).count() == 200


def test_one_resident_voting_twenty_times_at_once_leaves_one_vote():
    idea = IdeaFactory()
    resident = ParticipantFactory()
    run_at_once([lambda: cast_vote(idea, resident, IdeaVote.SUPPORT) for _ in range(20)])
    assert IdeaVote.objects.filter(idea=idea).count() == 1
    assert counts(idea) == (1, 0, 1)


def test_mixed_votes_changes_and_removals_keep_counts_equal_to_rows():
    idea = IdeaFactory()
    residents = ParticipantFactory.create_batch(30)
    actions = []
    for n, resident in enumerate(residents):
        actions += [
            lambda r=resident: cast_vote(idea, r, IdeaVote.SUPPORT),
            lambda r=resident: cast_vote(idea, r, IdeaVote.OPPOSE),
            lambda r=resident, n=n: remove_vote(idea, r) if n % 3 == 0 else cast_vote(idea, r, IdeaVote.SUPPORT),
        ]
    run_at_once(actions)
    votes = IdeaVote.objects.filter(idea=idea)
    support = votes.filter(value=IdeaVote.SUPPORT).count()
    oppose = votes.filter(value=IdeaVote.OPPOSE).count()
    assert counts(idea) == (support, oppose, support - oppose)
    assert votes.count() <= 30
