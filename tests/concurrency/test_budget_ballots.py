"""Concurrent ballots on PostgreSQL: one ballot per resident and pot, counts equal to the rows.

Each ballot runs in its own transaction on its own connection, on the bounded pool of threads
of ``tests.concurrency.pool`` (all released together).
"""

import pytest
from django.db import connection

from tests.budgeting.factories import make_budget, make_projects
from tests.concurrency import pool
from tests.factories import ParticipantFactory
from wagtail_participation.budgeting import results, services
from wagtail_participation.budgeting.models import Ballot, BallotChoice

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("concurrency tests run on PostgreSQL (set DATABASE_URL)")


def counts_equal_rows(page):
    for result in results.budget_results(page):
        for project in result.projects:
            rows = BallotChoice.objects.filter(proposal_id=project.id).count()
            assert project.votes == rows
        assert result.ballots == Ballot.objects.in_scope(page, result.key or None).count()


def test_three_hundred_residents_vote_at_once():
    page = make_budget()
    a, b, c = make_projects(page, [40_000, 30_000, 20_000])
    scope = page.scope(None)
    residents = ParticipantFactory.create_batch(300)
    wanted = [{a.pk: 1, b.pk: 1}, {b.pk: 1, c.pk: 1}, {a.pk: 1}]
    pool.run_at_once(
        [
            lambda r=r, i=i: services.cast_ballot(scope, r, wanted[i % 3])
            for i, r in enumerate(residents)
        ]
    )
    assert Ballot.objects.filter(page=page).count() == 300
    assert Ballot.objects.filter(page=page).values("participant").distinct().count() == 300
    assert BallotChoice.objects.count() == 500
    counts_equal_rows(page)
    votes = {p.id: p.votes for p in results.count_scope(scope).projects}
    assert votes == {a.pk: 200, b.pk: 200, c.pk: 100}


def test_one_resident_submitting_twenty_times_at_once_leaves_one_ballot():
    page = make_budget()
    projects = make_projects(page, [10_000] * 5)
    scope = page.scope(None)
    resident = ParticipantFactory()
    outcomes = pool.run_at_once(
        [
            lambda i=i: services.cast_ballot(scope, resident, {projects[i % 5].pk: 1})
            for i in range(20)
        ]
    )
    assert Ballot.objects.filter(page=page, participant=resident).count() == 1
    ballot = Ballot.objects.get(page=page, participant=resident)
    # the last change won, whole: one project, never a mix of two submissions
    assert ballot.choices.count() == 1
    assert all(isinstance(o, Ballot) for o in outcomes)
    counts_equal_rows(page)


def test_one_resident_in_two_areas_at_once_keeps_one_area_ballot():
    page = make_budget(areas=[("North", 50_000), ("South", 50_000)])
    north, south = page.areas()
    (n1,) = make_projects(page, [1_000], area=north)
    (s1,) = make_projects(page, [1_000], area=south)
    resident = ParticipantFactory()
    outcomes = pool.run_at_once(
        [
            lambda i=i: services.cast_ballot(
                page.scope((north if i % 2 else south).pk), resident, {(n1 if i % 2 else s1).pk: 1}
            )
            for i in range(20)
        ],
        errors_allowed=True,
    )
    assert Ballot.objects.filter(page=page, participant=resident).count() == 1
    assert all(isinstance(o, Ballot | services.BallotRefused) for o in outcomes)


def _browser_holding(page, code, n):
    """A browser (its own session) that entered ``code`` on the code-entry page."""
    from django.test import Client, RequestFactory

    from tests.factories import post_form
    from wagtail_participation.core.eligibility import code_entry_url

    browser = Client(REMOTE_ADDR=f"203.0.113.{n + 1}")
    response = post_form(browser, code_entry_url(page), {"code": code})
    assert response.status_code == 302  # valid and unused for every browser, so far
    request = RequestFactory().post("/")
    request.session = browser.session
    return request


def test_a_voting_code_from_twenty_browsers_at_once_votes_once(settings):
    from wagtail_participation.core.eligibility import CodeMode
    from wagtail_participation.core.models import VotingCode
    from wagtail_participation.core.voting_codes import generate_codes

    settings.WAGTAIL_PARTICIPATION_VOTING_CODE_RATE_LIMITS = [(10_000, 60)]
    page = make_budget(eligibility_voting_codes=CodeMode.ACCEPTED)
    a, b = make_projects(page, [40_000, 30_000])
    scope = page.scope(None)
    _batch, (code,) = generate_codes(page, 1)
    requests = [_browser_holding(page, code, n) for n in range(20)]

    def vote(request):
        def attempt():
            services.cast_code_ballot(scope, request, {a.pk: 1})
            return True

        return attempt

    outcomes = pool.run_at_once([vote(r) for r in requests], errors_allowed=True)
    assert outcomes.count(True) == 1
    refused = [o for o in outcomes if isinstance(o, services.BallotRefused)]
    assert len(refused) == 19
    assert all("already been used" in o.message for o in refused)
    assert Ballot.objects.filter(page=page).count() == 1
    assert BallotChoice.objects.count() == 1
    assert VotingCode.objects.get(page_id=page.pk).claimed_at is not None
    counts_equal_rows(page)


def test_one_code_holder_submitting_twenty_times_at_once_has_one_ballot(settings):
    from wagtail_participation.core.eligibility import CodeMode
    from wagtail_participation.core.voting_codes import generate_codes

    settings.WAGTAIL_PARTICIPATION_VOTING_CODE_RATE_LIMITS = [(10_000, 60)]
    page = make_budget(eligibility_voting_codes=CodeMode.REQUIRED)
    a, b = make_projects(page, [40_000, 30_000])
    scope = page.scope(None)
    _batch, (code,) = generate_codes(page, 1)
    request = _browser_holding(page, code, 0)
    services.cast_code_ballot(scope, request, {a.pk: 1})  # the code is now this browser's

    outcomes = pool.run_at_once(
        [
            lambda i=i: services.cast_code_ballot(scope, request, {(a, b)[i % 2].pk: 1})
            for i in range(20)
        ],
        errors_allowed=True,
    )
    assert all(isinstance(o, Ballot) for o in outcomes), outcomes
    assert Ballot.objects.filter(page=page).count() == 1
    assert BallotChoice.objects.count() == 1
    counts_equal_rows(page)
