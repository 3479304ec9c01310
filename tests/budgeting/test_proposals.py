"""Residents propose and support projects; staff review cost, area and feasibility."""

import pytest
from django.urls import reverse

from tests.factories import ParticipantFactory, post_form, sign_in_client
from wagtail_participation.budgeting.models import BudgetProposal, Feasibility, ProposalSupport
from wagtail_participation.core.models import ModerationMode, ModerationState

from .factories import make_budget, make_proposal

pytestmark = pytest.mark.django_db

QUEUE = "/admin/wagtail_participation/contribution/"


def test_a_resident_proposes_a_project_moderated_first(client):
    page = make_budget(stage="proposals", moderation_mode=ModerationMode.PRE, areas=[("North", 1)])
    resident = ParticipantFactory()
    sign_in_client(client, resident)
    assert client.get(page.propose_url).status_code == 200
    area = page.areas()[0]
    response = post_form(
        client,
        page.propose_url,
        {
            "title": "Benches in the park",
            "description": "Ten benches.",
            "place": "Central park",
            "estimated_cost": "5000",
            "budget_area": str(area.pk),
        },
    )
    assert response.status_code == 302
    proposal = BudgetProposal.objects.get()
    assert proposal.moderation_state == ModerationState.PENDING
    assert proposal.author == resident and proposal.budget_area == area
    assert client.get(proposal.get_absolute_url()).status_code == 200  # the author sees it
    client.logout()
    assert client.get(proposal.get_absolute_url()).status_code == 404
    assert b"Benches" not in client.get(page.proposals_url).content


def test_bad_proposal_input_is_a_form_error(client):
    page = make_budget(stage="proposals", areas=[("North", 1)])
    sign_in_client(client, ParticipantFactory())
    for data in (
        {"title": "", "description": ""},
        {"title": "x", "description": "y", "estimated_cost": "-5"},
        {"title": "x", "description": "y", "budget_area": "abc"},
        {"title": "x\x00", "description": "y"},
    ):
        assert post_form(client, page.propose_url, data).status_code == 400
    assert not BudgetProposal.objects.exists()


def test_proposing_outside_the_proposal_stage_is_refused(client):
    page = make_budget(stage="voting")
    sign_in_client(client, ParticipantFactory())
    assert client.get(page.propose_url).status_code == 403


def test_support_once_and_take_back(client):
    page = make_budget(stage="proposals")
    proposal = make_proposal(page)
    resident = ParticipantFactory()
    sign_in_client(client, resident)
    for _ in range(2):
        post_form(client, proposal.support_url, {})
    proposal.refresh_from_db()
    assert proposal.support_count == 1 == ProposalSupport.objects.count()
    post_form(client, proposal.support_url, {"action": "withdraw"})
    proposal.refresh_from_db()
    assert proposal.support_count == 0 == ProposalSupport.objects.count()


def test_staff_review_sets_cost_area_and_public_reason(admin_client, client):
    page = make_budget(stage="proposals", areas=[("North", 1000)])
    proposal = make_proposal(page, feasibility=Feasibility.UNCHECKED)
    url = reverse("wagtail_participation_budgeting_admin:review", args=[proposal.pk])
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(url, {"feasibility": "not_feasible", "final_cost": "9"})
    assert response.status_code == 400  # a reason is needed
    area = page.areas()[0]
    response = admin_client.post(
        url,
        {
            "feasibility": "not_feasible",
            "final_cost": "12000",
            "budget_area": str(area.pk),
            "reason": "The land belongs to the railway.",
        },
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.final_cost == 12000 and proposal.budget_area == area
    assert "railway" in client.get(proposal.get_absolute_url()).content.decode()
    assert proposal not in page.scope(area.pk).proposals()  # not on the ballot


def test_staff_enter_a_project(admin_client):
    page = make_budget(stage="proposals")
    url = reverse("wagtail_participation_budgeting_admin:add_proposal", args=[page.pk])
    response = admin_client.post(
        url, {"title": "New library", "description": "Books.", "estimated_cost": "9"}
    )
    assert response.status_code == 302
    proposal = BudgetProposal.objects.get()
    assert proposal.entered_by_staff and proposal.is_published


def test_staff_of_another_project_cannot_review(client):
    from tests.factories import make_index, make_project
    from tests.onequestion.factories import staff_with

    index = make_index()
    mine, other = make_project(index), make_project(index)
    page = make_budget(parent=other)
    proposal = make_proposal(page)
    user = staff_with(mine, "publish_page")
    client.force_login(user)
    url = reverse("wagtail_participation_budgeting_admin:review", args=[proposal.pk])
    assert client.get(url).status_code in (302, 403)


def test_proposals_are_in_the_moderation_queue(admin_client):
    page = make_budget(stage="proposals")
    make_proposal(page, title="Queue me", moderation_state=ModerationState.PENDING)
    response = admin_client.get(QUEUE + "?moderation_state__exact=pending")
    assert b"Queue me" in response.content


def _png(size=(40, 30)):
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, "PNG")
    buffer.seek(0)
    buffer.name = "photo.png"
    return buffer


def test_a_proposal_photo_is_reencoded_and_a_broken_one_refused(client):
    import io

    page = make_budget(stage="proposals")
    sign_in_client(client, ParticipantFactory())
    data = {"title": "Mural", "description": "Colour.", "photo_alt": "A red wall"}
    response = post_form(client, page.propose_url, {**data, "photo": _png()})
    assert response.status_code == 302
    proposal = BudgetProposal.objects.get()
    assert proposal.photo.name.endswith(".jpg") and proposal.photo_alt == "A red wall"
    broken = io.BytesIO(b"not an image at all")
    broken.name = "photo.jpg"
    assert post_form(client, page.propose_url, {**data, "photo": broken}).status_code == 400


def test_a_resident_proposes_up_to_the_limit(client, settings):
    settings.WAGTAIL_PARTICIPATION_BUDGET_PROPOSALS_PER_RESIDENT = 1
    page = make_budget(stage="proposals")
    sign_in_client(client, ParticipantFactory())
    data = {"title": "One", "description": "First."}
    assert post_form(client, page.propose_url, data).status_code == 302
    response = post_form(client, page.propose_url, {**data, "title": "Two"})
    assert response.status_code == 403 and BudgetProposal.objects.count() == 1
