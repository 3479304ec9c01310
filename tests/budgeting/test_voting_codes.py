"""Voting with a code from a letter on a budget (core.eligibility, core.voting_codes): no email
needed, one ballot per code and pot, the code votes in its own area, changes stay with the
browser that used it."""

import pytest

from tests.factories import ParticipantFactory, post_form, sign_in_client
from wagtail_participation.budgeting.models import Ballot
from wagtail_participation.core.eligibility import CodeMode, code_entry_url
from wagtail_participation.core.models import VotingCode
from wagtail_participation.core.voting_codes import generate_codes

from .factories import make_budget, make_projects

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _generous_limits(settings):
    settings.WAGTAIL_PARTICIPATION_VOTING_CODE_RATE_LIMITS = [(10_000, 60)]


def code_budget(mode=CodeMode.ACCEPTED, areas=()):
    page = make_budget(areas=areas, eligibility_voting_codes=mode)
    projects = make_projects(page, [40_000, 30_000, 50_000, 20_000])
    return page, projects


def enter(client, page, code):
    response = post_form(client, code_entry_url(page), {"code": code})
    assert response.status_code == 302, response.content.decode()[:2000]
    return response


def test_a_resident_without_email_votes_with_a_code(client):
    page, (a, b, c, d) = code_budget()
    _batch, (code,) = generate_codes(page, 1)
    # Without a code: the refusal offers both ways in.
    refused = client.get(page.scope(None).vote_url)
    assert refused.status_code == 403
    assert code_entry_url(page) in refused.content.decode()
    enter(client, page, code)
    assert client.get(page.scope(None).vote_url).status_code == 200
    response = post_form(client, page.scope(None).vote_url, {"project": [a.pk, b.pk]})
    assert response.status_code == 302
    ballot = Ballot.objects.get()
    assert ballot.participant_id is None and ballot.voting_code is not None
    assert ballot.voting_code.claimed_at is not None
    assert set(ballot.choices.values_list("proposal_id", flat=True)) == {a.pk, b.pk}
    # The same browser sees and changes its ballot: still one.
    assert "Project A" in client.get(page.my_ballots_url).content.decode()
    response = post_form(client, page.scope(None).vote_url, {"project": [c.pk]})
    assert response.status_code == 302
    assert Ballot.objects.count() == 1
    assert list(Ballot.objects.get().choices.values_list("proposal_id", flat=True)) == [c.pk]


def test_going_over_the_budget_with_a_code_keeps_the_code_unused(client):
    page, (a, b, c, d) = code_budget()
    _batch, (code,) = generate_codes(page, 1)
    enter(client, page, code)
    response = post_form(client, page.scope(None).vote_url, {"project": [a.pk, b.pk, c.pk]})
    assert response.status_code == 400
    assert "We kept Project A, Project B" in response.content.decode()
    assert not Ballot.objects.exists()
    assert VotingCode.objects.get().claimed_at is None


def test_a_used_code_in_another_browser_cannot_vote():
    from django.test import Client

    page, (a, b, c, d) = code_budget(mode=CodeMode.REQUIRED)
    _batch, (code,) = generate_codes(page, 1)
    first, second = Client(), Client()
    resident, other = ParticipantFactory(), ParticipantFactory()
    sign_in_client(first, resident)
    sign_in_client(second, other)
    enter(first, page, code)
    enter(second, page, code)  # both see it unused
    assert post_form(first, page.scope(None).vote_url, {"project": [a.pk]}).status_code == 302
    refused = post_form(second, page.scope(None).vote_url, {"project": [b.pk]})
    assert refused.status_code in (400, 403)
    assert "already been used" in refused.content.decode()
    assert Ballot.objects.count() == 1
    assert VotingCode.objects.get().claimed_by_id == resident.pk


def test_an_area_code_votes_city_wide_and_in_its_area_only(client):
    page, _projects = code_budget(areas=[("North", 50_000), ("South", 50_000)])
    north, south = page.areas()
    north_project = make_projects(page, [10_000], area=north)[0]
    south_project = make_projects(page, [10_000], area=south)[0]
    _batch, (code,) = generate_codes(page, 1, area=str(north.pk))
    enter(client, page, code)
    budget = client.get(page.url).content.decode()
    assert page.scope(north.pk).vote_url in budget
    assert page.scope(south.pk).vote_url not in budget
    assert client.get(page.scope(south.pk).vote_url).status_code == 403
    refused = post_form(client, page.scope(south.pk).vote_url, {"project": [south_project.pk]})
    assert refused.status_code == 403
    ok = post_form(client, page.scope(north.pk).vote_url, {"project": [north_project.pk]})
    assert ok.status_code == 302
    city = post_form(client, page.scope(None).vote_url, {"project": [_projects[0].pk]})
    assert city.status_code == 302
    assert Ballot.objects.filter(voting_code__isnull=False).count() == 2
    assert page.voting_code_areas()[1] == (str(north.pk), "North")


def test_a_whole_budget_code_votes_in_one_area(client):
    page, _projects = code_budget(areas=[("North", 50_000), ("South", 50_000)])
    north, south = page.areas()
    north_project = make_projects(page, [10_000], area=north)[0]
    south_project = make_projects(page, [10_000], area=south)[0]
    _batch, (code,) = generate_codes(page, 1)
    enter(client, page, code)
    ok = post_form(client, page.scope(north.pk).vote_url, {"project": [north_project.pk]})
    assert ok.status_code == 302
    refused = post_form(client, page.scope(south.pk).vote_url, {"project": [south_project.pk]})
    assert refused.status_code == 400
    assert "voted in North already" in refused.content.decode()
    assert Ballot.objects.count() == 1


def test_a_budget_without_codes_refuses_a_code_entry(client):
    page = make_budget()
    assert client.get(code_entry_url(page)).status_code == 404


def test_budget_page_offers_the_code_entry_while_voting(client):
    page, _projects = code_budget()
    assert code_entry_url(page) in client.get(page.url).content.decode()
