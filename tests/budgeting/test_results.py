"""Results after voting closes: per pot, counts equal to the ballot rows, CSV and .pb files."""

import pytest
from django.urls import reverse

from tests.factories import ParticipantFactory
from wagtail_participation.budgeting import results, services
from wagtail_participation.budgeting.models import BallotChoice, BallotSource, VotingMethod

from .factories import make_budget, make_projects

pytestmark = pytest.mark.django_db


def closed_budget_with_votes(**fields):
    fields.setdefault("voting_method", VotingMethod.APPROVAL)
    page = make_budget(stage="voting", areas=[("North", 30_000)], **fields)
    (north,) = page.areas()
    a, b, c, d = make_projects(page, [60_000, 50_000, 30_000, 10_000])
    n1, n2 = make_projects(page, [20_000, 15_000], area=north)
    city = page.scope(None)
    # greedy: A (3 votes) 60k, B (2) 50k no longer fits, C (2) 30k, D (1) 10k -> A C D
    for wanted in ({a.pk: 1, c.pk: 1}, {a.pk: 1, b.pk: 1}, {a.pk: 1, d.pk: 1}, {b.pk: 1, c.pk: 1}):
        services.cast_ballot(city, ParticipantFactory(), wanted)
    services.cast_ballot(page.scope(north.pk), ParticipantFactory(), {n2.pk: 1})
    services.cast_ballot(
        page.scope(north.pk), None, {n1.pk: 1, n2.pk: 1}, source=BallotSource.PAPER
    )
    from django.utils import timezone

    page.voting_closes_at = timezone.now()
    page.save()
    return page, (a, b, c, d, n1, n2)


def test_greedy_per_pot_and_counts_equal_rows():
    page, (a, b, c, d, n1, n2) = closed_budget_with_votes()
    city, north = results.budget_results(page)
    assert [p.id for p in city.winners("greedy")] == [a.pk, c.pk, d.pk]
    assert city.ballots == 4 and city.paper_ballots == 0
    votes = {p.id: p.votes for p in city.projects}
    for project in (a, b, c, d):
        assert votes[project.pk] == BallotChoice.objects.filter(proposal=project).count()
    assert [p.id for p in north.winners("greedy")] == [n2.pk]  # 2 votes, then n1 (1) no longer fits
    assert north.ballots == 2 and north.paper_ballots == 1
    a_row = next(p for p in city.projects if p.id == a.pk)
    assert a_row.share == 60.0


def test_public_results_page_after_closing(client):
    page, (a, b, c, d, n1, n2) = closed_budget_with_votes()
    response = client.get(page.results_url)
    assert response.status_code == 200
    text = response.content.decode()
    assert "<svg" in text and 'role="img"' in text
    assert "<table" in text and "Project A" in text and "60.0 %" in text
    assert "North" in text
    assert "Most votes first" not in text  # editors' comparison only


def test_results_are_hidden_while_voting_is_open(client):
    page = make_budget(stage="voting")
    assert client.get(page.results_url).status_code == 404
    assert client.get(page.results_csv_url).status_code == 404


def test_editors_see_both_counts_side_by_side(admin_client):
    page, _ = closed_budget_with_votes()
    text = admin_client.get(page.results_url).content.decode()
    assert "Most votes first" in text and "Equal Shares" in text


def test_csv_download_is_formula_safe(client):
    page, (a, *_rest) = closed_budget_with_votes()
    a.title = "=HYPERLINK(1)"
    a.save()
    from wagtail_participation.budgeting import caches

    caches.invalidate(page)
    response = client.get(page.results_csv_url)
    assert response.status_code == 200
    assert "'=HYPERLINK(1)" in response.content.decode()


def test_pb_file_has_anonymous_voters_and_the_ballots(client):
    page, (a, b, c, d, n1, n2) = closed_budget_with_votes()
    response = client.get(page.scope(None).pb_url)
    assert response.status_code == 200
    text = response.content.decode()
    meta, rest = text.split("PROJECTS\n")
    projects, votes = rest.split("VOTES\n")
    assert "budget;100000" in meta and "vote_type;approval" in meta and "num_votes;4" in meta
    assert f"{a.pk};60000;3;Project A;1" in projects
    voter_lines = votes.strip().splitlines()[1:]
    assert [line.split(";")[0] for line in voter_lines] == ["1", "2", "3", "4"]
    north = page.scope(page.areas()[0].pk)
    assert client.get(north.pb_url).status_code == 200


def test_cumulative_pb_has_points():
    page = make_budget(stage="voting", voting_method=VotingMethod.CUMULATIVE, points=5)
    a, b = make_projects(page, [10, 20])
    services.cast_ballot(page.scope(None), ParticipantFactory(), {a.pk: 3, b.pk: 2})
    scope = page.scope(None)
    text = results.pb_file(scope, results.count_scope(scope))
    assert "voter_id;vote;points" in text and f"1;{a.pk},{b.pk};3,2" in text


def test_paper_ballot_after_closing_shows_at_once(client):
    page, (a, b, c, d, n1, n2) = closed_budget_with_votes()
    before = results.budget_results(page)[0].ballots
    services.cast_ballot(page.scope(None), None, {b.pk: 1}, source=BallotSource.PAPER)
    assert results.budget_results(page)[0].ballots == before + 1


def test_fund_marks_the_winners_for_delivery(admin_client):
    page, (a, b, c, d, n1, n2) = closed_budget_with_votes()
    url = reverse("wagtail_participation_budgeting_admin:fund", args=[page.pk])
    assert admin_client.post(url, {"rule": "greedy"}).status_code == 302
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.delivery_status == "planned" and b.delivery_status == ""
    assert admin_client.post(url, {"rule": "nonsense"}).status_code == 404


def test_greedy_on_the_results_page_is_the_counting_packages():
    """One greedy (``counting.greedy``): ties by project id as a string, as pabutools."""
    from wagtail_participation.budgeting import counting

    page = make_budget(
        stage="closed", citywide_budget=50_000, total_budget=50_000, voting_method="approval"
    )
    dear, cheap = make_projects(page, [40_000, 30_000])  # same votes; only one fits
    for _ in range(2):
        services.cast_ballot(page.scope(None), ParticipantFactory(), {dear.pk: 1, cheap.pk: 1})
    city = results.budget_results(page)[0]
    expected = counting.greedy(results.election(counting, page.scope(None))).selected
    assert [str(p.id) for p in city.winners("greedy")] == list(expected)
    assert [p.id for p in city.winners("greedy")] == [dear.pk]  # not the cheaper one
    assert [p.id for p in city.projects] == [dear.pk, cheap.pk]


def test_ranked_scores_are_the_borda_scores_greedy_uses():
    page = make_budget(stage="closed", voting_method="ranked", max_choices=3)
    a, b, c = make_projects(page, [10_000, 10_000, 10_000])
    services.cast_ballot(page.scope(None), ParticipantFactory(), {a.pk: 1, b.pk: 2, c.pk: 3})
    services.cast_ballot(page.scope(None), ParticipantFactory(), {b.pk: 1, a.pk: 2})
    city = results.budget_results(page)[0]
    scores = {p.id: (p.votes, p.score) for p in city.projects}
    assert scores == {a.pk: (2, 2), b.pk: (2, 2), c.pk: (1, 0)}


def test_equal_shares_is_counted():
    page, _ = closed_budget_with_votes()
    city = results.budget_results(page)[0]
    assert city.equal_shares_counted
    assert city.winners("equal_shares")
