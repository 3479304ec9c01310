"""The translations of a participatory budget share its proposals and ballots."""

import pytest

from tests.budgeting.factories import make_budget, make_projects
from tests.factories import ParticipantFactory, post_form, sign_in_client
from wagtail_participation.budgeting import services
from wagtail_participation.budgeting.models import Ballot, BudgetProposal
from wagtail_participation.budgeting.results import budget_results

from .conftest import translate

pytestmark = pytest.mark.django_db


def test_a_ballot_cast_in_welsh_counts_with_the_english_ones(client):
    budget = make_budget()
    a, b, c, d = make_projects(budget, [40_000, 30_000, 50_000, 20_000])
    welsh = translate(budget)
    assert [p.pk for p in welsh.scope(None).proposals()] == [p.pk for p in (a, b, c, d)]

    sign_in_client(client, ParticipantFactory())
    response = post_form(client, welsh.scope(None).vote_url, {"project": [a.pk, d.pk]})
    assert response.status_code == 302
    services.cast_ballot(budget.scope(None), ParticipantFactory(), {a.pk: 1})
    assert set(Ballot.objects.values_list("page_id", flat=True)) == {budget.pk}
    assert Ballot.objects.on_budget(welsh).count() == 2


def test_one_ballot_per_resident_across_languages(client):
    budget = make_budget()
    a, b = make_projects(budget, [40_000, 30_000])
    welsh = translate(budget)
    resident = ParticipantFactory()
    services.cast_ballot(welsh.scope(None), resident, {a.pk: 1})
    services.cast_ballot(budget.scope(None), resident, {b.pk: 1})  # changes the same ballot
    ballot = Ballot.objects.get()
    assert list(ballot.choices.values_list("proposal_id", flat=True)) == [b.pk]


def test_a_proposal_made_in_welsh_is_the_budgets(client):
    budget = make_budget(stage="proposals")
    welsh = translate(budget)
    proposal = services.propose(
        welsh, ParticipantFactory(), {"title": "Maes chwarae", "description": "Newydd."}
    )
    assert proposal.page_id == budget.pk
    assert BudgetProposal.objects.on_budget(budget).get() == proposal


def test_results_count_both_languages_and_a_new_ballot_shows_in_each():
    budget = make_budget()
    a, b = make_projects(budget, [40_000, 30_000])
    welsh = translate(budget)
    assert budget_results(welsh)[0].ballots == budget_results(budget)[0].ballots == 0
    services.cast_ballot(welsh.scope(None), ParticipantFactory(), {a.pk: 1})
    services.cast_ballot(budget.scope(None), ParticipantFactory(), {a.pk: 1, b.pk: 1})
    for page in (budget, welsh):  # the cached results of each translation were forgotten
        assert budget_results(page)[0].ballots == 2
