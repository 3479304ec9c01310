"""Residents vote within the budget: knapsack, approval, cumulative, ranked; one ballot each."""

import pytest
from django.db import IntegrityError, transaction

from tests.factories import ParticipantFactory, post_form, sign_in_client
from wagtail_participation.budgeting import services
from wagtail_participation.budgeting.models import Ballot, BallotChoice, BallotSource, VotingMethod

from .factories import make_budget, make_projects

pytestmark = pytest.mark.django_db


def vote_url(page, area=None):
    return page.scope(area.pk if area else None).vote_url


@pytest.fixture
def budget():
    page = make_budget()
    projects = make_projects(page, [40_000, 30_000, 50_000, 20_000])  # A B C D, budget 100,000
    return page, projects


def test_knapsack_ballot_within_the_budget_is_stored(client, budget):
    page, (a, b, c, d) = budget
    resident = ParticipantFactory()
    sign_in_client(client, resident)
    response = post_form(client, vote_url(page), {"project": [a.pk, b.pk, d.pk]})
    assert response.status_code == 302
    assert response["Location"] == page.my_ballots_url
    ballot = Ballot.objects.get(participant=resident)
    assert set(ballot.choices.values_list("proposal_id", flat=True)) == {a.pk, b.pk, d.pk}
    page_after = client.get(page.my_ballots_url)
    assert b"Project A" in page_after.content


def test_going_over_the_budget_says_what_was_kept_and_stores_nothing(client, budget):
    page, (a, b, c, d) = budget
    sign_in_client(client, ParticipantFactory())
    response = post_form(client, vote_url(page), {"project": [a.pk, b.pk, c.pk]})
    assert response.status_code == 400
    text = response.content.decode()
    assert "120,000 GBP" in text and "20,000 GBP more than the 100,000 GBP" in text
    assert "We kept Project A, Project B (70,000 GBP) and took off Project C" in text
    assert not Ballot.objects.exists()
    # what was kept is ticked, ready to send again
    assert f'value="{a.pk}" id="wp-project-{a.pk}" data-wp-cost="40000" checked' in text
    assert f'value="{c.pk}" id="wp-project-{c.pk}" data-wp-cost="50000">' in text


def test_check_my_total_without_javascript_shows_running_total_and_remaining(client, budget):
    page, (a, b, c, d) = budget
    sign_in_client(client, ParticipantFactory())
    response = post_form(client, vote_url(page), {"project": [a.pk, d.pk], "check": "1"})
    assert response.status_code == 200
    text = response.content.decode()
    assert "Chosen: <strong data-wp-spent>60,000</strong>" in text
    assert "Left to spend: <strong data-wp-remaining>40,000</strong>" in text
    assert not Ballot.objects.exists()


def test_a_resident_changes_their_ballot_and_still_has_one(client, budget):
    page, (a, b, c, d) = budget
    resident = ParticipantFactory()
    sign_in_client(client, resident)
    post_form(client, vote_url(page), {"project": [a.pk]})
    response = post_form(client, vote_url(page), {"project": [c.pk, d.pk]})
    assert response.status_code == 302
    ballot = Ballot.objects.get(participant=resident)
    assert set(ballot.choices.values_list("proposal_id", flat=True)) == {c.pk, d.pk}
    assert BallotChoice.objects.count() == 2


def test_ballots_that_cannot_be_changed_are_refused_the_second_time(budget):
    page, (a, b, c, d) = budget
    page.ballots_changeable = False
    page.save()
    resident = ParticipantFactory()
    scope = page.scope(None)
    services.cast_ballot(scope, resident, {a.pk: 1})
    with pytest.raises(services.BallotRefused):
        services.cast_ballot(scope, resident, {b.pk: 1})
    assert set(BallotChoice.objects.values_list("proposal_id", flat=True)) == {a.pk}


def test_the_database_keeps_one_citywide_ballot_per_resident(budget):
    page, _ = budget
    resident = ParticipantFactory()
    Ballot.objects.create(page=page, participant=resident)
    with pytest.raises(IntegrityError), transaction.atomic():
        Ballot.objects.create(page=page, participant=resident)


def test_one_area_and_city_wide_but_not_a_second_area():
    page = make_budget(areas=[("North", 50_000), ("South", 50_000)])
    north, south = page.areas()
    (city,) = make_projects(page, [10_000])
    (n1,) = make_projects(page, [10_000], area=north)
    s1 = make_projects(page, [10_000], area=south)[0]
    resident = ParticipantFactory()
    services.cast_ballot(page.scope(None), resident, {city.pk: 1})
    services.cast_ballot(page.scope(north.pk), resident, {n1.pk: 1})
    with pytest.raises(services.BallotRefused, match="North"):
        services.cast_ballot(page.scope(south.pk), resident, {s1.pk: 1})
    with pytest.raises(IntegrityError), transaction.atomic():
        Ballot.objects.create(page=page, area=south, participant=resident)
    assert Ballot.objects.filter(participant=resident).count() == 2


def test_a_project_of_another_pot_is_ignored(budget):
    page = make_budget(areas=[("North", 50_000)])
    (north,) = page.areas()
    (city,) = make_projects(page, [10_000])
    (n1,) = make_projects(page, [10_000], area=north)
    with pytest.raises(services.BallotRefused):
        services.cast_ballot(page.scope(None), ParticipantFactory(), {n1.pk: 1})
    ballot = services.cast_ballot(page.scope(None), ParticipantFactory(), {city.pk: 1, n1.pk: 1})
    assert list(ballot.choices.values_list("proposal_id", flat=True)) == [city.pk]


def test_approval_up_to_k(client, budget):
    page, (a, b, c, d) = budget
    page.voting_method = VotingMethod.APPROVAL
    page.max_choices = 2
    page.save()
    sign_in_client(client, ParticipantFactory())
    response = post_form(client, vote_url(page), {"project": [a.pk, b.pk, c.pk]})
    assert response.status_code == 400
    assert "We kept Project A, Project B and took off Project C" in response.content.decode()
    assert post_form(client, vote_url(page), {"project": [a.pk, c.pk, d.pk][:2]}).status_code == 302


def test_cumulative_points(client, budget):
    page, (a, b, c, d) = budget
    page.voting_method = VotingMethod.CUMULATIVE
    page.points = 10
    page.save()
    resident = ParticipantFactory()
    sign_in_client(client, resident)
    response = post_form(client, vote_url(page), {f"points-{a.pk}": "8", f"points-{b.pk}": "5"})
    assert response.status_code == 400
    assert "You gave 13 points and have 10" in response.content.decode()
    assert "Project A (8), Project B (2)" in response.content.decode()
    assert (
        post_form(
            client, vote_url(page), {f"points-{a.pk}": "7", f"points-{b.pk}": "3"}
        ).status_code
        == 302
    )
    assert dict(BallotChoice.objects.values_list("proposal_id", "value")) == {a.pk: 7, b.pk: 3}


def test_ranked_top_k(client, budget):
    page, (a, b, c, d) = budget
    page.voting_method = VotingMethod.RANKED
    page.max_choices = 3
    page.save()
    sign_in_client(client, ParticipantFactory())
    response = post_form(client, vote_url(page), {f"rank-{a.pk}": "1", f"rank-{b.pk}": "1"})
    assert response.status_code == 400
    assert (
        post_form(client, vote_url(page), {f"rank-{c.pk}": "1", f"rank-{a.pk}": "3"}).status_code
        == 302
    )
    assert dict(BallotChoice.objects.values_list("proposal_id", "value")) == {c.pk: 1, a.pk: 2}


@pytest.mark.parametrize(
    "data",
    [
        {"project": ["x"]},
        {"project": ["99999999999999999999999"]},
        {"project": ["-1"]},
        {"points-1": "abc"},
        {"project": [""]},
        {},
    ],
)
def test_bad_input_is_never_a_500(client, budget, data):
    page, _ = budget
    sign_in_client(client, ParticipantFactory())
    response = post_form(client, vote_url(page), data)
    assert response.status_code in (302, 400)
    assert not Ballot.objects.exists()


def test_voting_needs_sign_in_and_the_voting_stage(client):
    page = make_budget(stage="proposals")
    make_projects(page, [1000])
    response = client.get(vote_url(page))
    assert (
        response.status_code == 302
        and "sign-in" in response["Location"]
        or response.status_code == 403
    )
    sign_in_client(client, ParticipantFactory())
    assert client.get(vote_url(page)).status_code == 403
    closed = make_budget(stage="closed")
    assert client.get(vote_url(closed)).status_code == 403


def test_an_unknown_area_is_not_found(client, budget):
    page, _ = budget
    sign_in_client(client, ParticipantFactory())
    assert (
        client.get(page.url + page.reverse_subpage("vote_area", args=[987654])).status_code == 404
    )


def test_paper_ballot_by_staff_is_recorded_as_such(admin_client, budget):
    from django.urls import reverse

    page, (a, b, c, d) = budget
    url = reverse("wagtail_participation_budgeting_admin:paper_ballot", args=[page.pk])
    assert admin_client.get(url).status_code == 200
    response = post_form(admin_client, url, {"project": [a.pk, b.pk, c.pk]})
    assert response.status_code == 400
    assert "We kept Project A, Project B" in response.content.decode()
    response = post_form(admin_client, url, {"project": [a.pk, b.pk], "paper_reference": "P-17"})
    assert response.status_code == 302
    ballot = Ballot.objects.get()
    assert ballot.source == BallotSource.PAPER
    assert ballot.participant is None and ballot.entered_by is not None
    assert ballot.paper_reference == "P-17"


def test_the_budget_page_offers_the_area_a_resident_voted_in_only(client):
    page = make_budget(areas=[("North", 50_000), ("South", 50_000)])
    north, south = page.areas()
    (n1,) = make_projects(page, [1_000], area=north)
    resident = ParticipantFactory()
    sign_in_client(client, resident)
    html = client.get(page.url).content.decode()
    assert page.scope(north.pk).vote_url in html and page.scope(south.pk).vote_url in html
    services.cast_ballot(page.scope(north.pk), resident, {n1.pk: 1})
    html = client.get(page.url).content.decode()
    assert page.scope(north.pk).vote_url in html and page.scope(south.pk).vote_url not in html
    assert page.scope(None).vote_url in html
