"""Issue 13, item 6: a site's own index and project pages, built from the projects app's
mixins (tests/testapp/models/projects.py), get every view, block and tool the package's own
pages get: the index lists and filters them, the project page shows its timeline and updates,
a method page under one finds it, the teaser block chooses it, residents comment on it."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.template import engines
from django.test import Client
from django.utils import timezone
from wagtail.models import Locale

from tests.factories import (
    ParticipantFactory,
    add_page,
    make_index,
    make_method_page,
    make_project,
    post_form,
    sign_in_client,
)
from tests.testapp.models import SiteIndexPage, SiteProjectPage
from wagtail_participation.core.models import Comment, ModerationState
from wagtail_participation.projects.blocks import ProjectTeaserBlock
from wagtail_participation.projects.models import (
    Area,
    ProjectMilestone,
    Topic,
    project_of,
    project_page_models,
)

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
DAY = datetime.timedelta(days=1)


def make_site_index(**fields):
    fields.setdefault("title", "Our projects")
    fields.setdefault("slug", "our-projects")
    return add_page(SiteIndexPage(**fields))


def make_site_project(index, **fields):
    n = SiteProjectPage.objects.count() + 1
    fields.setdefault("title", f"Site project {n}")
    fields.setdefault("slug", f"site-project-{n}")
    fields.setdefault("summary", "A project of the site's own type.")
    fields.setdefault("allow_comments", True)
    return add_page(SiteProjectPage(**fields), parent=index)


@pytest.fixture
def index():
    return make_site_index()


def test_the_site_project_page_is_found_by_the_mixin():
    assert SiteProjectPage in project_page_models()


def test_index_lists_and_filters_site_projects(client, index):
    locale = Locale.get_default()
    parks = Topic.objects.create(name="Parks", slug="parks", locale=locale)
    north = Area.objects.create(name="North", slug="north", locale=locale)
    park = make_site_project(index, title="Open park", start_date=TODAY - DAY, end_date=TODAY + DAY)
    park.topics.set([parks])
    park.areas.set([north])
    park.save_revision().publish()
    make_site_project(index, title="Closed library", end_date=TODAY - DAY)
    make_site_project(index, title="Upcoming road", start_date=TODAY + DAY)

    def titles(query):
        response = client.get(index.url + query)
        assert response.status_code == 200
        assert "Site index:" in response.content.decode()  # the site's own template
        return [p.title for p in response.context["projects"]]

    assert titles("") == ["Open park", "Upcoming road", "Closed library"]
    assert titles("?status=closed") == ["Closed library"]
    assert titles("?topic=parks") == ["Open park"]
    assert titles("?area=north&status=open") == ["Open park"]
    assert titles("?status=upcoming&topic=parks") == []


def test_package_index_lists_both_kinds_of_project(client):
    """The package's index lists children of any type built from the mixin."""
    package_index = make_index()
    make_project(package_index, title="Package project")
    add_page(SiteProjectPage(title="Site project", slug="site", summary="S"), parent=package_index)
    titles = {p.title for p in client.get(package_index.url).context["projects"]}
    assert titles == {"Package project", "Site project"}


def test_site_project_page_with_timeline_and_updates(client, index):
    project = make_site_project(index, title="Riverside")
    now = timezone.now()
    survey = make_method_page(
        parent=project, title="Survey", opens_at=now - DAY, closes_at=now + DAY
    )
    ProjectMilestone.objects.create(page=project, date=TODAY + 30 * DAY, title="Decision")
    ProjectMilestone.objects.create(page=project, date=TODAY - 30 * DAY, title="Launch")
    project.updates.create(date=TODAY, title="You said, we did", body="<p>We planted trees.</p>")
    project.save_revision().publish()
    project = SiteProjectPage.objects.get(pk=project.pk)
    assert [s["label"] for s in project.timeline()] == ["Launch", "Survey", "Decision"]
    assert project.status == "open"  # from its method page: no dates of its own
    html = client.get(project.url).content.decode()
    assert "Site project:" in html  # the site's own template, extending the package's
    assert 'aria-current="step"' in html and "Decision" in html and survey.url in html
    assert "You said, we did" in html and "We planted trees." in html


def test_a_method_page_under_a_site_project_finds_it(index):
    project = make_site_project(index, title="Riverside")
    method = make_method_page(parent=project, title="Ideas for the river")
    found = project_of(method)
    assert isinstance(found, SiteProjectPage) and found.pk == project.pk
    assert project_of(project) is None and project_of(index) is None
    template = engines["django"].from_string(
        "{% load wagtail_participation_projects_tags %}"
        "{% participation_project page as project %}{{ project.title }}"
    )
    assert template.render({"page": method}) == "Riverside"
    # The nearest project wins: a method page under a package project finds that one.
    package_project = make_project(make_index())
    assert project_of(make_method_page(parent=package_project)).pk == package_project.pk


def test_teaser_block_shows_a_site_project(index):
    project = make_site_project(index, title="Teased", summary="Short summary")
    block = ProjectTeaserBlock()
    html = block.render(block.to_python({"heading": "Take part", "project": project.pk}))
    assert "Take part" in html and "Teased" in html and project.url in html
    assert "Short summary" in html
    project.unpublish()
    assert "Teased" not in block.render(block.to_python({"heading": "", "project": project.pk}))


def test_residents_comment_on_a_site_project(client, index):
    project = make_site_project(index, title="Riverside", allow_comments=True)
    assert "Sign in to comment" in Client().get(project.url).content.decode()
    sign_in_client(client, ParticipantFactory(display_name="Alice"))
    response = post_form(
        client, f"/participation/comments/page/{project.pk}/", {"body": "More benches, please"}
    )
    comment = Comment.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"#comment-{comment.pk}")
    assert comment.page_id == project.pk and comment.moderation_state == ModerationState.PUBLISHED
    assert "More benches, please" in Client().get(project.url).content.decode()


def test_editor_views_of_site_pages(client, index):
    project = make_site_project(index, title="Edited")
    user = get_user_model().objects.create_superuser("editor", "editor@example.org", "password")
    client.force_login(user)
    for url in (
        f"/admin/pages/{project.pk}/edit/",
        f"/admin/pages/{index.pk}/edit/",
        f"/admin/pages/add/testapp/siteprojectpage/{index.pk}/",
    ):
        assert client.get(url).status_code == 200, url
    html = client.get(f"/admin/pages/{project.pk}/edit/").content.decode()
    assert 'name="milestones-TOTAL_FORMS"' in html and 'name="updates-TOTAL_FORMS"' in html
