"""Participatory budgeting: counting a large election, and casting a ballot.

- ``budgeting.equal_shares``: the Method of Equal Shares (add-one completion, pabutools'
  default lexicographic ties) on a generated approval election of 100,000 voters and 100
  projects, against pabutools (GPL-3, a test-only reference: skipped when not installed)
  on the same election. Goal: at most 10 seconds and no slower than pabutools.
- ``budgeting.greedy``: the greedy count of the same election (no goal; for scale).
- ``budgeting.ballot_submission``: a signed-in resident casts a ballot (5 of 20 projects,
  within the budget) through the budget's vote page, against a Wagtail FormPage POST of the
  same five choices (a checkboxes field of the 20 titles); interleaved, a new resident (and a
  new ballot) each round, signed in untimed. Goal: no slower.

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
QUICK = {"voters": 2_000, "projects": 20, "rounds": 5}
BALLOT_PROJECTS = 20
BALLOT_ROUNDS = 60


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


def _budget_and_form(parent):
    import datetime

    from django.utils import timezone
    from wagtail.models import Page

    from example_site.council.models import FormField, FormPage
    from wagtail_participation.budgeting.models import BudgetPage, BudgetProposal, Feasibility
    from wagtail_participation.core.models import ModerationState

    from .data import add_page

    now = timezone.now()
    day = datetime.timedelta(days=1)
    budget = add_page(
        BudgetPage(
            title="Benchmark budget",
            slug="benchmark-budget",
            total_budget=1_000_000,
            citywide_budget=1_000_000,
            opens_at=now - 30 * day,
            proposals_close_at=now - 20 * day,
            voting_opens_at=now - day,
            voting_closes_at=now + 10 * day,
        ),
        parent,
    )
    titles = [f"Project {n + 1}" for n in range(BALLOT_PROJECTS)]
    projects = [
        BudgetProposal.objects.create(
            page=budget,
            title=title,
            description=f"About {title}.",
            final_cost=50_000 + 1_000 * n,
            feasibility=Feasibility.FEASIBLE,
            moderation_state=ModerationState.PUBLISHED,
        )
        for n, title in enumerate(titles)
    ]
    form = FormPage(title="Benchmark ballot form", slug="benchmark-ballot-form")
    parent.add_child(instance=form)
    FormField.objects.create(
        page=form,
        sort_order=0,
        label="Projects",
        field_type="checkboxes",
        required=True,
        choices="\n".join(titles),
    )
    form.save_revision().publish()
    return budget, projects, Page.objects.get(pk=form.pk).specific, titles


def ballot_submission_rows(rounds=BALLOT_ROUNDS):
    """Casting a ballot against a Wagtail FormPage POST (goal: no slower)."""
    from django.conf import settings as django_settings
    from django.test import Client
    from django.utils import timezone

    from wagtail_participation.budgeting.models import Ballot
    from wagtail_participation.core.conf import settings
    from wagtail_participation.core.models import Participant

    from .data import site_root
    from .measure import interleaved

    budget, projects, form, titles = _budget_and_form(site_root())
    vote_url = budget.scope(None).vote_url
    ballot_post = {"project": [p.pk for p in projects[::4]]}  # 5 projects, 270,000 of 1,000,000
    form_post = {form.get_form_fields()[0].clean_name: titles[::4]}
    voter = Client()
    submitter = Client()
    count = {"n": 0}

    def sign_in_a_new_resident():
        count["n"] += 1
        participant = Participant.objects.create(
            email=f"voter{count['n']}@example.org",
            display_name=f"Voter {count['n']}",
            verified_at=timezone.now(),
        )
        voter.cookies.pop(django_settings.SESSION_COOKIE_NAME, None)
        session = voter.session
        session[settings.SESSION_KEY] = participant.pk
        session.save()

    def vote():
        response = voter.post(vote_url, ballot_post)
        assert response.status_code == 302, response.status_code

    def submit_form():
        response = submitter.post(form.url, form_post)
        assert response.status_code == 200, response.status_code

    timings = interleaved(
        {"ballot_submission": (sign_in_a_new_resident, vote), "formpage_submission": submit_form},
        rounds=rounds,
    )
    assert Ballot.objects.filter(page_id=budget.pk).count() == count["n"]
    ours, peer = timings["ballot_submission"], timings["formpage_submission"]
    ratio = round(ours["median_ms"] / peer["median_ms"], 2) if peer["median_ms"] else None
    return [
        {
            "benchmark": "budgeting.ballot_submission",
            **ours,
            "peer": "wagtail FormPage POST",
            "peer_median_ms": peer["median_ms"],
            "ratio": ratio,
            "goal": "<= 1.0x",
            "met": ratio is not None and ratio <= 1.0,
        }
    ]


def run(voters=VOTERS, projects=PROJECTS, rounds=BALLOT_ROUNDS):
    rows = counting_rows(voters, projects) + ballot_submission_rows(rounds)
    counting, submission = rows[0], rows[-1]
    return {
        "data": {"voters": voters, "projects": projects, "vote_type": "approval"},
        "rows": rows,
        "goal": "the Method of Equal Shares on 100,000 voters x 100 projects: "
        f"<= {GOAL_SECONDS} s and no slower than pabutools; a ballot no slower than a "
        "FormPage POST",
        "goal_met": bool(counting["met"]) and bool(submission["met"]),
    }
