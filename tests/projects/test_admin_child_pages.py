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


def test_the_editor_offers_topics_and_areas_in_the_pages_language(admin_client):
    """Issue 24.9, "Topics and areas" translated: each language's own rows, not every copy."""
    from wagtail.models import Locale

    from wagtail_participation.projects.models import Area, Topic

    english = Locale.get_default()
    german = Locale.objects.create(language_code="de")
    parks = Topic.objects.create(name="Parks", slug="parks", locale=english)
    parks.copy_for_translation(german)
    Topic.objects.filter(locale=german).update(name="Grünanlagen")
    Area.objects.create(name="North", slug="north", locale=english)
    Area.objects.create(name="Norden", slug="norden", locale=german)
    project = make_project(make_index())
    form = ParticipationProjectPage.get_edit_handler().get_form_class()(
        instance=project, parent_page=project.get_parent()
    )
    assert [t.name for t in form.fields["topics"].queryset] == ["Parks"]
    assert [a.name for a in form.fields["areas"].queryset] == ["North"]
    html = admin_client.get(f"/admin/pages/{project.pk}/edit/").content.decode()
    assert "Parks" in html and "Grünanlagen" not in html and "Norden" not in html
    # A choice the page has in another language stays offered (saving keeps it).
    project.areas.add(Area.objects.get(name="Norden"))
    project.save()
    form = ParticipationProjectPage.get_edit_handler().get_form_class()(
        instance=project, parent_page=project.get_parent()
    )
    assert {a.name for a in form.fields["areas"].queryset} == {"North", "Norden"}
