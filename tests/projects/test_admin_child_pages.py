"""Issue 24.9: "Add child page" under a project offers participation pages only."""

import pytest

from tests.factories import make_index, make_project
from wagtail_participation.projects.models import ParticipationProjectPage

pytestmark = pytest.mark.django_db


def test_a_project_offers_only_participation_pages():
    names = {model.__name__ for model in ParticipationProjectPage.creatable_subpage_models()}
    assert {"IdeaBoardPage", "SurveyPage", "BudgetPage", "PetitionIndexPage"} <= names
    assert "SiteIdeaBoardPage" in names  # a site's own page type built from a method's mixin
    assert not names & {"Page", "ParticipationProjectPage", "ParticipationIndexPage"}
    assert not names & {"PetitionPage"}  # petitions go under a petitions index


def test_add_child_page_lists_them(admin_client):
    project = make_project(make_index())
    html = admin_client.get(f"/admin/pages/{project.pk}/add_subpage/").content.decode()
    assert "idea board page" in html.lower() and "survey page" in html.lower()
    assert "participation project page" not in html.lower()
    refused = admin_client.get(
        f"/admin/pages/add/wagtail_participation_projects/participationprojectpage/{project.pk}/"
    )
    assert refused.status_code in (302, 403)
