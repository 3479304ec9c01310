"""The rules of each voting method (ballots.check_ballot), on generated ballots."""

from hypothesis import given
from hypothesis import strategies as st

from wagtail_participation.budgeting.ballots import BallotProject, Limits, check_ballot
from wagtail_participation.budgeting.models import VotingMethod

projects = st.lists(st.integers(min_value=0, max_value=50_000), min_size=1, max_size=12).map(
    lambda costs: [BallotProject(id=i + 1, title=f"P{i + 1}", cost=c) for i, c in enumerate(costs)]
)
limits = st.builds(
    Limits,
    budget=st.integers(min_value=0, max_value=100_000),
    max_choices=st.integers(min_value=1, max_value=6),
    points=st.integers(min_value=1, max_value=20),
)


def wanted_for(projects_, values):
    return {p.id: v for p, v in zip(projects_, values, strict=False) if v}


@given(projects, limits, st.lists(st.booleans(), max_size=12))
def test_knapsack_keeps_within_the_budget_and_says_so(projects_, limits_, picks):
    wanted = wanted_for(projects_, [int(p) for p in picks])
    check = check_ballot(VotingMethod.KNAPSACK, limits_, projects_, wanted)
    assert set(check.kept) <= set(wanted)
    assert check.total_cost(projects_) <= limits_.budget
    over = sum(p.cost for p in projects_ if p.id in wanted) > limits_.budget
    assert check.ok is not over


@given(projects, limits, st.lists(st.booleans(), max_size=12))
def test_approval_keeps_at_most_k(projects_, limits_, picks):
    wanted = wanted_for(projects_, [int(p) for p in picks])
    check = check_ballot(VotingMethod.APPROVAL, limits_, projects_, wanted)
    assert len(check.kept) == min(len(wanted), limits_.max_choices)
    assert check.ok is (len(wanted) <= limits_.max_choices)


@given(projects, limits, st.lists(st.integers(min_value=0, max_value=30), max_size=12))
def test_cumulative_keeps_at_most_the_points(projects_, limits_, points):
    wanted = wanted_for(projects_, points)
    check = check_ballot(VotingMethod.CUMULATIVE, limits_, projects_, wanted)
    assert sum(check.kept.values()) == min(sum(wanted.values()), limits_.points)
    assert all(0 < check.kept[p] <= wanted[p] for p in check.kept)
    assert check.ok is (sum(wanted.values()) <= limits_.points)


@given(projects, limits, st.lists(st.integers(min_value=0, max_value=8), max_size=12))
def test_ranked_keeps_distinct_ranks_one_to_k(projects_, limits_, ranks):
    wanted = wanted_for(projects_, ranks)
    check = check_ballot(VotingMethod.RANKED, limits_, projects_, wanted)
    assert sorted(check.kept.values()) == list(range(1, len(check.kept) + 1))
    assert len(check.kept) <= limits_.max_choices
    # a kept project keeps its order: a better given rank is never ranked below a worse one
    for a in check.kept:
        for b in check.kept:
            if wanted[a] < wanted[b]:
                assert check.kept[a] < check.kept[b]
