"""Participatory budgeting: counting a large election, and casting a ballot.

- ``budgeting.equal_shares``: the Method of Equal Shares (add-one completion, pabutools'
  default lexicographic ties) on a generated approval election of 100,000 voters and 100
  projects, against pabutools (GPL-3, a test-only reference: skipped when not installed)
  on the same election. Goal: at most 10 seconds and no slower than pabutools.
- ``budgeting.greedy``: the greedy count of the same election (no goal; for scale).
- Casting a ballot against a Wagtail FormPage POST: ``ballot_submission_rows()``, not
  measured yet.

The election: voter i approves 1 to 8 projects, drawn with popularity weights 1/(rank+5)
(a few projects are popular, most are not); costs are multiples of 1,000 from 20,000 to
400,000; the budget is a quarter of the total cost. Seeded, so every run counts the same.
"""

import io
import random
import time

VOTERS = 100_000
PROJECTS = 100
GOAL_SECONDS = 10
#: ``--quick``: a smoke run, not a measurement.
QUICK = {"voters": 2_000, "projects": 20}


def generated_election(voters=VOTERS, projects=PROJECTS, seed=16):
    from wagtail_participation.budgeting.counting import Election, Project

    rng = random.Random(seed)
    items = [
        Project(str(j + 1), 1000 * rng.randint(20, 400), f"Project {j + 1}")
        for j in range(projects)
    ]
    ids = [p.id for p in items]
    weights = [1 / (rank + 5) for rank in range(projects)]
    ballots = []
    for _ in range(voters):
        chosen = set(rng.choices(ids, weights=weights, k=rng.randint(1, 8)))
        ballots.append(dict.fromkeys(sorted(chosen, key=int), 1))
    budget = sum(p.cost for p in items) // 4
    return Election(budget=budget, projects=items, ballots=ballots, vote_type="approval")


def _timed(function):
    start = time.perf_counter()
    result = function()
    return result, round(time.perf_counter() - start, 3)


def counting_rows(voters=VOTERS, projects=PROJECTS):
    """The Method of Equal Shares and greedy, timed, with pabutools' time beside ours."""
    from wagtail_participation.budgeting.counting import equal_shares, greedy, write_pb

    election = generated_election(voters, projects)
    ours, seconds = _timed(lambda: equal_shares(election))
    _, greedy_seconds = _timed(lambda: greedy(election))
    row = {
        "benchmark": "budgeting.equal_shares",
        "unit": "s",
        "value": seconds,
        "goal": f"<= {GOAL_SECONDS} s, <= pabutools",
        "selected": len(ours.selected),
        "peer": "pabutools",
        "peer_value": None,
        "ratio": None,
        "met": None,
    }
    try:
        from pabutools.election import Cardinality_Sat
        from pabutools.election.pabulib import parse_pabulib_from_string
        from pabutools.rules import method_of_equal_shares
    except ImportError:
        row["note_peer"] = "pabutools not installed: only the 10 s goal checked"
        row["met"] = seconds <= GOAL_SECONDS
    else:
        out = io.StringIO()
        write_pb(election, out, {"description": "benchmark"})
        instance, profile = parse_pabulib_from_string(out.getvalue())
        theirs, peer_seconds = _timed(
            lambda: method_of_equal_shares(
                instance,
                profile.as_multiprofile(),
                sat_class=Cardinality_Sat,
                voter_budget_increment=1,
            )
        )
        row["peer_value"] = peer_seconds
        row["ratio"] = round(seconds / peer_seconds, 2) if peer_seconds else None
        row["same_outcome"] = {p.name for p in theirs} == set(ours.selected)
        row["met"] = seconds <= GOAL_SECONDS and seconds <= peer_seconds and row["same_outcome"]
    return [
        row,
        {
            "benchmark": "budgeting.greedy",
            "unit": "s",
            "value": greedy_seconds,
            "goal": "",
            "met": None,
        },
    ]


def ballot_submission_rows():
    """Casting a ballot against a Wagtail FormPage POST (goal: no slower): not measured yet
    (issue 16 stays open for it); rows like benchmarks/surveys.py's will go here."""
    return []


def run(voters=VOTERS, projects=PROJECTS):
    rows = counting_rows(voters, projects) + ballot_submission_rows()
    counting = rows[0]
    return {
        "data": {"voters": voters, "projects": projects, "vote_type": "approval"},
        "rows": rows,
        "goal": "the Method of Equal Shares on 100,000 voters x 100 projects: "
        f"<= {GOAL_SECONDS} s and no slower than pabutools",
        "goal_met": bool(counting["met"]),
    }
