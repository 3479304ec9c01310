"""Concurrent votes on PostgreSQL: counted exactly, one vote per resident.

Each vote runs in its own transaction on its own connection, on the bounded pool of
threads of ``tests.concurrency.pool`` (all released together).
"""

import threading

import pytest
from django.db import connection, connections
from django.db.models import Count, Q

from tests.concurrency import pool
from tests.concurrency.pool import pool_size
from tests.factories import ParticipantFactory
from tests.ideas.factories import IdeaFactory
from wagtail_participation.ideas.counts import cast_vote, remove_vote
from wagtail_participation.ideas.models import Idea, IdeaVote

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("concurrency tests run on PostgreSQL (set DATABASE_URL)")


def run_at_once(functions):
    """Run every function at once on the shared pool; returns the number of threads used."""
    threads = min(pool_size(), len(functions))
    pool.run_at_once(functions)
    return threads


def counts(idea):
    idea = Idea.objects.get(pk=idea.pk)
    return idea.support_count, idea.oppose_count, idea.score


def counts_from_rows(idea):
    """(support, oppose, score) recounted from the vote rows in one query."""
    rows = IdeaVote.objects.filter(idea=idea).aggregate(
        support=Count("pk", filter=Q(value=IdeaVote.SUPPORT)),
        oppose=Count("pk", filter=Q(value=IdeaVote.OPPOSE)),
    )
    return rows["support"], rows["oppose"], rows["support"] - rows["oppose"]


def test_two_hundred_residents_vote_at_once():
    idea = IdeaFactory()
    residents = ParticipantFactory.create_batch(200)
    threads = run_at_once([lambda r=r: cast_vote(idea, r, IdeaVote.SUPPORT) for r in residents])
    assert threads > 1
    assert counts(idea) == (200, 0, 200) == counts_from_rows(idea)
    assert IdeaVote.objects.filter(idea=idea).count() == 200


def test_one_resident_voting_twenty_times_at_once_leaves_one_vote():
    idea = IdeaFactory()
    resident = ParticipantFactory()
    run_at_once([lambda: cast_vote(idea, resident, IdeaVote.SUPPORT) for _ in range(20)])
    assert IdeaVote.objects.filter(idea=idea, participant=resident).count() == 1
    assert counts(idea) == (1, 0, 1) == counts_from_rows(idea)


@pytest.mark.parametrize("seed", range(3))
def test_one_resident_supporting_opposing_and_removing_at_once_keeps_counts_equal_to_rows(seed):
    idea = IdeaFactory()
    resident = ParticipantFactory()
    actions = [
        lambda: cast_vote(idea, resident, IdeaVote.SUPPORT),
        lambda: cast_vote(idea, resident, IdeaVote.OPPOSE),
        lambda: remove_vote(idea, resident),
    ] * 10
    import random

    random.Random(seed).shuffle(actions)
    run_at_once(actions)
    assert IdeaVote.objects.filter(idea=idea, participant=resident).count() <= 1
    assert counts(idea) == counts_from_rows(idea)
    support, oppose, _score = counts(idea)
    assert support + oppose <= 1


def test_many_residents_changing_their_minds_at_once_keep_counts_equal_to_rows():
    idea = IdeaFactory()
    residents = ParticipantFactory.create_batch(60)
    actions = []
    for n, resident in enumerate(residents):
        actions += [
            lambda r=resident: cast_vote(idea, r, IdeaVote.SUPPORT),
            lambda r=resident: cast_vote(idea, r, IdeaVote.OPPOSE),
            lambda r=resident, n=n: (
                remove_vote(idea, r) if n % 3 == 0 else cast_vote(idea, r, IdeaVote.SUPPORT)
            ),
        ]
    run_at_once(actions)
    assert counts(idea) == counts_from_rows(idea)
    assert IdeaVote.objects.filter(idea=idea).count() <= 60


def test_a_vote_taken_back_while_a_change_of_mind_waits_is_cast_again(monkeypatch):
    """The race that the stress tests above hit now and then, made certain: request A's insert
    finds the resident's vote, and request B takes the vote back before A can lock it.
    A must still record the resident's latest choice (not fail with DoesNotExist)."""
    from django.db.models import QuerySet

    idea = IdeaFactory()
    resident = ParticipantFactory()
    cast_vote(idea, resident, IdeaVote.SUPPORT)
    select_for_update = QuerySet.select_for_update
    removed = []

    def remove_in_between(self, *args, **kwargs):
        if (
            self.model is IdeaVote
            and threading.current_thread().name == "request-a"
            and not removed
        ):
            removed.append(run_in_thread(lambda: remove_vote(idea, resident)))
        return select_for_update(self, *args, **kwargs)

    monkeypatch.setattr(QuerySet, "select_for_update", remove_in_between)
    assert (
        run_in_thread(lambda: cast_vote(idea, resident, IdeaVote.OPPOSE), name="request-a").value
        == IdeaVote.OPPOSE
    )
    assert removed == [True]
    assert counts(idea) == (0, 1, -1) == counts_from_rows(idea)


def run_in_thread(function, name=None):
    """``function()`` on its own thread and connection (its own transaction); its result."""
    outcome = {}

    def run():
        try:
            outcome["result"] = function()
        except Exception as error:  # noqa: BLE001 - raised below
            outcome["error"] = error
        finally:
            connections.close_all()

    thread = threading.Thread(target=run, name=name)
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["result"]
