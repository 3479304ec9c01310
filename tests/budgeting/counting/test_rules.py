"""Greedy and the Method of Equal Shares on small elections worked by hand."""

import io
from fractions import Fraction

import pytest

from wagtail_participation.budgeting.counting import (
    Election,
    Project,
    equal_shares,
    greedy,
    read_pb,
    write_pb,
)


def worked_example():
    """The election of docs/explanation/budget-counting.md."""
    projects = [
        Project("A", 60, "Park"),
        Project("B", 50, "Library"),
        Project("C", 30, "Bike racks"),
        Project("D", 40, "Playground"),
    ]
    ballots = (
        [{"A": 1, "B": 1}] * 3  # three voters want the park and the library
        + [{"A": 1}] * 3  # three want the park only
        + [{"C": 1, "D": 1}] * 4  # four want bike racks and a playground
    )
    return Election(budget=100, projects=projects, ballots=ballots, vote_type="approval")


def test_greedy_funds_the_most_voted_first_and_skips_what_no_longer_fits():
    outcome = greedy(worked_example())
    # A (6 votes) fits, then C and D (4 each; tie by id: C first) -> C fits (90), D does not
    assert outcome.selected == ("A", "C")
    assert outcome.spent == 90
    assert outcome.votes == {"A": 6, "B": 3, "C": 4, "D": 4}


def test_equal_shares_gives_the_four_voters_their_share():
    outcome = equal_shares(worked_example(), completion=None)
    # each of the 10 voters has 10; A costs 60 = 6 x 10 (rho 10); C costs 30: 4 voters pay 7.5
    assert outcome.selected == ("C", "A")
    assert outcome.details["C"]["rho"] == Fraction(15, 2)
    assert outcome.details["A"]["rho"] == 10
    assert outcome.details["A"]["payers"] == 6 and outcome.details["A"]["paid"] == 60
    assert outcome.spent == 90


def test_add_one_completion_raises_the_voters_budget_until_nothing_fits():
    outcome = equal_shares(worked_example())
    # D (40) does not fit beside A and C (90 of 100): the first outcome is exhaustive
    assert set(outcome.selected) == {"A", "C"}
    assert outcome.voter_budget == 10


def test_equal_shares_funds_a_minority_greedy_ignores():
    projects = [Project("1", 50), Project("2", 50), Project("3", 30)]
    ballots = [{"1": 1, "2": 1}] * 7 + [{"3": 1}] * 3
    election = Election(budget=100, projects=projects, ballots=ballots, vote_type="approval")
    assert set(greedy(election).selected) == {"1", "2"}
    assert set(equal_shares(election, completion=None).selected) == {"1", "3"}
    # 80 spent: project 2 (50) no longer fits, so add-one completion changes nothing
    assert set(equal_shares(election).selected) == {"1", "3"}


def test_utilitarian_completion_spends_what_is_left_greedily():
    projects = [Project("1", 60), Project("2", 30), Project("3", 10)]
    ballots = [{"1": 1}] * 5 + [{"2": 1, "3": 1}] * 5
    election = Election(budget=100, projects=projects, ballots=ballots, vote_type="approval")
    plain = equal_shares(election, completion=None)
    assert set(plain.selected) == {"2", "3"}  # the 5 voters for 1 have only 50
    full = equal_shares(election, completion="utilitarian")
    assert set(full.selected) == {"1", "2", "3"} and full.spent == 100


def test_cost_utilities_prefer_the_dearer_project_of_equal_support():
    projects = [Project("cheap", 20), Project("dear", 80)]
    ballots = [{"cheap": 1, "dear": 1}] * 3 + [{"dear": 1}]
    election = Election(budget=80, projects=projects, ballots=ballots, vote_type="approval")
    assert equal_shares(election, completion=None).selected == ("cheap",)
    assert equal_shares(election, completion=None, utility="cost").selected == ("dear",)


def test_cumulative_and_ordinal_ballots():
    projects = [Project("a", 40), Project("b", 40), Project("c", 40)]
    cumulative = Election(
        budget=80,
        projects=projects,
        ballots=[{"a": 3, "b": 1}, {"c": 4}, {"b": 2, "c": 2}],
        vote_type="cumulative",
    )
    assert cumulative.scores() == {"a": 3, "b": 3, "c": 6}
    assert greedy(cumulative).selected == ("c", "a")  # a and b tie on 3: a by id
    ordinal = Election(
        budget=80,
        projects=projects,
        ballots=[{"a": 1, "b": 2, "c": 3}, {"b": 1, "a": 2}],
        vote_type="ordinal",
    )
    # Borda as pabutools: m - position - 1 (the last ranked counts 0)
    assert ordinal.scores() == {"a": 2, "b": 2, "c": 0}
    assert greedy(ordinal).selected == ("a", "b")
    assert greedy(ordinal, fund_unsupported=True).selected == ("a", "b")


def test_unsupported_and_free_projects():
    projects = [Project("1", 50), Project("2", 0), Project("3", 30)]
    election = Election(
        budget=100, projects=projects, ballots=[{"1": 1, "2": 1}], vote_type="approval"
    )
    assert greedy(election).selected == ("1", "2")
    assert greedy(election, fund_unsupported=True).selected == ("1", "2", "3")
    assert set(equal_shares(election).selected) == {"1", "2"}
    empty = Election(budget=100, projects=projects, ballots=[], vote_type="approval")
    assert equal_shares(empty).selected == () and greedy(empty).selected == ()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"vote_type": "scoring"}, "vote type"),
        ({"ballots": [{"9": 1}]}, "unknown project"),
        ({"ballots": [{"1": -1}]}, "negative"),
        ({"projects": [Project("1", 5), Project("1", 6)]}, "same id"),
    ],
)
def test_bad_elections_are_refused(kwargs, message):
    arguments = {
        "budget": 10,
        "projects": [Project("1", 5)],
        "ballots": [],
        "vote_type": "approval",
        **kwargs,
    }
    with pytest.raises(ValueError, match=message):
        Election(**arguments)


def test_bad_options_are_refused():
    election = worked_example()
    with pytest.raises(ValueError):
        equal_shares(election, completion="add2")
    with pytest.raises(ValueError):
        equal_shares(election, utility="money")
    points = Election(10, [Project("1", 5)], [{"1": 3}], "cumulative")
    with pytest.raises(ValueError):
        equal_shares(points, utility="cost")


@pytest.mark.parametrize("vote_type", ["approval", "cumulative", "ordinal"])
def test_pb_round_trip(vote_type):
    values = {"approval": [1, 1], "cumulative": [3, 2], "ordinal": [1, 2]}[vote_type]
    election = Election(
        budget=1000,
        projects=[Project("1", 400, "Benches; new"), Project("2", 700, "Trees")],
        ballots=[dict(zip(["2", "1"], values, strict=True)), {"1": values[0]}, {}],
        vote_type=vote_type,
    )
    out = io.StringIO()
    write_pb(election, out, {"description": "Test\nbudget", "currency": "EUR", "selected": ["1"]})
    text = out.getvalue()
    assert "Benches, new" in text and "description;Test budget" in text
    again, meta = read_pb(io.StringIO(text))
    assert meta["currency"] == "EUR" and meta["num_votes"] == "3"
    assert again.budget == 1000 and again.vote_type == vote_type
    assert [(p.id, p.cost) for p in again.projects] == [("1", 400), ("2", 700)]
    assert again.ballots == [dict(b) for b in election.ballots]
    gz = io.BytesIO(__import__("gzip").compress(text.encode()))
    assert read_pb(gz)[0].ballots == again.ballots


@pytest.mark.parametrize(
    "text",
    [
        "",
        "PROJECTS\nproject_id;cost\n1;5\n",
        "META\nbudget;ten\n",
        "META\nbudget;10.5\n",
        "META\nbudget;10\nvote_type;scoring\n",
        "META\nbudget;10\nvote_type;cumulative\nPROJECTS\nproject_id;cost\n1;5\n"
        "VOTES\nvoter_id;vote;points\n1;1;2,3\n",
        "META\nbudget;10\nPROJECTS\nproject_id;cost\n1;5\nVOTES\nvoter_id;vote\n1;7\n",
    ],
)
def test_bad_pb_files_raise_value_error(text):
    with pytest.raises(ValueError):
        read_pb(io.StringIO(text))


def test_lenient_reading():
    text = (
        "\ufeffMETA\nbudget;1000,0\nvote_type;choose-1\nPROJECTS\nproject_id;cost;name\n"
        "7;250,0;Park\n\nVOTES\nvoter_id;vote\n1;7\n2;\n"
    )
    election, meta = read_pb(io.StringIO(text))
    assert election.budget == 1000 and election.projects[0].cost == 250
    assert election.ballots == [{"7": 1}, {}] and election.vote_type == "approval"
