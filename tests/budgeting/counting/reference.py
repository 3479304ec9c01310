"""pabutools (GPL-3, a test-only reference) counting the same elections as our package.

Import this module only after ``pytest.importorskip("pabutools")``. Nothing of pabutools
is copied: it is called, and its outcome compared with ours.
"""

from pabutools.election import (
    Additive_Borda_Sat,
    Additive_Cardinal_Sat,
    Cardinality_Sat,
    Cost_Sat,
)
from pabutools.election.pabulib import parse_pabulib_from_string
from pabutools.election.satisfaction import AdditiveSatisfaction
from pabutools.rules import greedy_utilitarian_welfare, method_of_equal_shares


def _score_times_cost(instance, profile, ballot, project, precomputed_values):
    """A satisfaction whose density (satisfaction / cost) is the project's score, so
    pabutools' greedy orders by approvals, points or Borda score as ours does."""
    if hasattr(ballot, "position"):  # ordinal
        if project not in ballot:
            return 0
        return (len(ballot) - ballot.position(project) - 1) * project.cost
    if isinstance(ballot, dict) or hasattr(ballot, "get"):
        try:
            return ballot.get(project, 0) * project.cost
        except TypeError:
            pass
    return int(project in ballot) * project.cost


class ScoreCostSat(AdditiveSatisfaction):
    def __init__(self, instance, profile, ballot):
        AdditiveSatisfaction.__init__(self, instance, profile, ballot, _score_times_cost)


def _sat(vote_type, utility):
    if utility == "cost":
        return Cost_Sat
    return {
        "approval": Cardinality_Sat,
        "cumulative": Additive_Cardinal_Sat,
        "ordinal": Additive_Borda_Sat,
    }[vote_type]


def parse(text):
    return parse_pabulib_from_string(text)


def reference_greedy(instance, profile):
    outcome = greedy_utilitarian_welfare(
        instance, profile, sat_class=ScoreCostSat, is_sat_additive=True
    )
    return {p.name for p in outcome}


def reference_equal_shares(instance, profile, vote_type, completion="add1", utility="cardinal"):
    sat = _sat(vote_type, utility)
    multi = profile.as_multiprofile()
    outcome = method_of_equal_shares(
        instance,
        multi,
        sat_class=sat,
        voter_budget_increment=1 if completion == "add1" else None,
    )
    if completion == "utilitarian":
        outcome = greedy_utilitarian_welfare(
            instance,
            profile,
            sat_class=ScoreCostSat,
            is_sat_additive=True,
            initial_budget_allocation=outcome,
        )
    return {p.name for p in outcome}
