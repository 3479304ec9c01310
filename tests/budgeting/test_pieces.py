"""Settings and checks, "Your data" and "forget me", blocks, the project timeline, the menu."""

import pytest
from django.test import override_settings

from tests.factories import ParticipantFactory, make_index, make_project
from wagtail_participation.budgeting import services
from wagtail_participation.budgeting.blocks import BudgetResultsBlock, BudgetTeaserBlock
from wagtail_participation.budgeting.checks import check_core_installed, check_settings
from wagtail_participation.budgeting.conf import settings
from wagtail_participation.budgeting.models import Ballot, ProgressUpdate, Stage
from wagtail_participation.core.privacy import anonymise_participant, export_participant_data

from .factories import make_budget, make_projects

pytestmark = pytest.mark.django_db


def test_settings_are_prefixed_and_checked():
    assert settings.BUDGET_CURRENCY == "GBP"
    assert check_settings(None) == [] and check_core_installed(None) == []
    with override_settings(
        WAGTAIL_PARTICIPATION_BUDGET_CURRENCY="pounds",
        WAGTAIL_PARTICIPATION_BUDGET_RESULTS_CACHE_SECONDS=-1,
    ):
        problems = check_settings(None)
        assert {p.id for p in problems} == {"wagtail_participation.E005"}
        text = " ".join(p.msg for p in problems)
        assert "BUDGET_CURRENCY" in text and "RESULTS_CACHE" in text


def test_your_data_lists_ballots_and_forget_me_unlinks_them():
    page = make_budget()
    (a,) = make_projects(page, [1000])
    resident = ParticipantFactory()
    services.cast_ballot(page.scope(None), resident, {a.pk: 1})
    data = export_participant_data(resident)
    assert data["budget_ballots"][0]["projects"] == "Project A (1)"
    assert export_participant_data(ParticipantFactory())["budget_ballots"] == []
    anonymise_participant(resident)
    ballot = Ballot.objects.get()
    assert ballot.participant is None and ballot.choices.count() == 1  # still counted


def test_stages_on_the_project_timeline_with_updates():
    project = make_project(make_index())
    page = make_budget(parent=project, title="Town budget")
    (a,) = make_projects(page, [1000])
    ProgressUpdate.objects.create(proposal=a, title="Work started")
    labels = [entry["label"] for entry in project.timeline()]
    assert "Town budget: Voting" in labels and "Town budget: Proposals" in labels
    assert "Project A: Work started" in labels
    assert page.stage() == Stage.VOTING


def test_teaser_block_shows_the_stage_and_a_call_to_action():
    page = make_budget(title="Town budget")
    block = BudgetTeaserBlock()
    html = block.render(block.to_python({"budget": page.pk, "heading": ""}))
    assert "Town budget" in html and "Vote now" in html and "days left" in html


def test_results_block_shows_funded_projects_after_closing():
    page = make_budget(stage="closed", title="Town budget")
    a, b = make_projects(page, [60_000, 60_000])
    from wagtail_participation.budgeting.models import BallotChoice

    ballot = Ballot.objects.create(page=page)
    BallotChoice.objects.create(ballot=ballot, proposal=a)
    block = BudgetResultsBlock()
    html = block.render(block.to_python({"budget": page.pk, "heading": "Funded"}))
    assert "Project A" in html and "Project B" not in html
    open_page = make_budget(title="Still voting")
    assert "Still voting" not in block.render(block.to_python({"budget": open_page.pk}))


def test_listings_are_in_the_participation_menu(admin_client):
    html = admin_client.get("/admin/").content.decode()
    assert "Budget proposals" in html and "Ballots" in html


def test_the_page_editor_shows_the_summary_panel(admin_client):
    page = make_budget()
    make_projects(page, [1000])
    html = admin_client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    assert "Proposals and ballots" in html and "1 proposal" in html
    assert f"/admin/participation/budgets/{page.pk}/" in html
