import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Locale

from tests.factories import make_index, make_method_page, make_project
from wagtail_participation.core.phases import Phase
from wagtail_participation.projects.blocks import ProjectTeaserBlock
from wagtail_participation.projects.models import Area, ProjectMilestone, Topic

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
DAY = datetime.timedelta(days=1)


@pytest.fixture
def index():
    return make_index()


def test_status_from_the_project_dates(index):
    assert make_project(index, start_date=TODAY - DAY, end_date=TODAY + DAY).status == Phase.OPEN
    assert make_project(index, start_date=TODAY + DAY).status == Phase.UPCOMING
    assert make_project(index, end_date=TODAY - DAY).status == Phase.CLOSED
    assert make_project(index).status == Phase.OPEN


def test_status_falls_back_to_the_method_pages(index):
    project = make_project(index)
    now = timezone.now()
    make_method_page(parent=project, opens_at=now - 10 * DAY, closes_at=now - 5 * DAY)
    make_method_page(parent=project, opens_at=now - 4 * DAY, closes_at=now - 2 * DAY)
    project = type(project).objects.get(pk=project.pk)
    assert project.status == Phase.CLOSED
    make_method_page(parent=project, opens_at=now + DAY, closes_at=now + 9 * DAY)
    project = type(project).objects.get(pk=project.pk)
    assert project.status == Phase.OPEN  # between two steps the project is still running
    upcoming = make_project(index)
    make_method_page(parent=upcoming, opens_at=now + DAY)
    assert type(upcoming).objects.get(pk=upcoming.pk).status == Phase.UPCOMING


def test_timeline_orders_method_pages_and_milestones(index):
    project = make_project(index)
    now = timezone.now()
    survey = make_method_page(
        parent=project, title="Survey", opens_at=now - DAY, closes_at=now + DAY
    )
    ProjectMilestone.objects.create(page=project, date=TODAY + 30 * DAY, title="Decision")
    ProjectMilestone.objects.create(page=project, date=TODAY - 30 * DAY, title="Launch")
    project = type(project).objects.get(pk=project.pk)
    steps = project.timeline()
    assert [s["label"] for s in steps] == ["Launch", "Survey", "Decision"]
    assert [s["current"] for s in steps] == [False, True, False]
    assert steps[1]["url"] == survey.url
    html = project.serve(_request(project)).render().content.decode()
    assert 'aria-current="step"' in html and "Decision" in html


def _request(page):
    from django.contrib.auth.models import AnonymousUser
    from django.contrib.sessions.backends.db import SessionStore
    from django.test import RequestFactory

    request = RequestFactory().get(page.url)
    request.user = AnonymousUser()
    request.session = SessionStore()
    return request


def test_index_filters_and_bad_input(client, index):
    locale = Locale.get_default()
    parks = Topic.objects.create(name="Parks", slug="parks", locale=locale)
    north = Area.objects.create(name="North", slug="north", locale=locale)
    open_park = make_project(index, title="Open park", start_date=TODAY - DAY, end_date=TODAY + DAY)
    open_park.topics.set([parks])
    open_park.areas.set([north])
    open_park.save_revision().publish()
    make_project(index, title="Closed library", end_date=TODAY - DAY)
    make_project(index, title="Upcoming road", start_date=TODAY + DAY)

    def titles(query):
        response = client.get(index.url + query)
        assert response.status_code == 200
        return {p.title for p in response.context["projects"]}

    assert titles("") == {"Open park", "Closed library", "Upcoming road"}
    assert titles("?status=closed") == {"Closed library"}
    assert titles("?status=upcoming") == {"Upcoming road"}
    assert titles("?topic=parks") == {"Open park"}
    assert titles("?area=north&status=open") == {"Open park"}
    # Nonsense is ignored, never a 500.
    assert titles("?status=<script>&topic=nope&area=%00&page=abc") == {
        "Open park",
        "Closed library",
        "Upcoming road",
    }
    assert titles("?page=999") == {"Open park", "Closed library", "Upcoming road"}
    assert (
        "No projects match" in client.get(index.url + "?status=closed&topic=parks").content.decode()
    )


def test_index_query_count_does_not_grow_with_projects(client, index):
    """Cards with images, topics, areas and dated method pages: no query per project."""
    from wagtail.images import get_image_model
    from wagtail.images.tests.utils import get_test_image_file

    locale = Locale.get_default()
    parks = Topic.objects.create(name="Parks", slug="parks", locale=locale)
    north = Area.objects.create(name="North", slug="north", locale=locale)
    now = timezone.now()

    def add_projects(n):
        for _ in range(n):
            image = get_image_model().objects.create(title="Picture", file=get_test_image_file())
            project = make_project(index, image=image)  # no dates: status from its method page
            project.topics.set([parks])
            project.areas.set([north])
            project.save_revision().publish()
            make_method_page(parent=project, opens_at=now - DAY, closes_at=now + DAY)

    def queries(query=""):
        client.get(index.url + query)  # creates missing renditions once
        with CaptureQueriesContext(connection) as context:
            response = client.get(index.url + query)
        assert response.status_code == 200
        return len(context), len(response.context["projects"])

    add_projects(3)
    few, few_listed = queries("?status=open")
    add_projects(9)
    many, many_listed = queries("?status=open")
    assert (few_listed, many_listed) == (3, 12)
    assert many == few


def test_project_page_renders_with_updates_and_comments(client, index):
    project = make_project(index, title="Park", allow_comments=True)
    project.updates.create(date=TODAY, title="You said, we did", body="<p>We planted trees.</p>")
    project.save_revision().publish()
    html = client.get(project.url).content.decode()
    assert "You said, we did" in html and "We planted trees." in html
    assert "Comments" in html and "Sign in to comment" in html
    project.allow_comments = False
    project.save_revision().publish()
    assert "Sign in to comment" not in client.get(project.url).content.decode()


def test_unpublished_projects_stay_private(client, index):
    make_project(index, title="Secret plan", live=False)
    assert "Secret plan" not in client.get(index.url).content.decode()


def test_project_teaser_block(index):
    project = make_project(index, title="Teased", summary="Short summary")
    block = ProjectTeaserBlock()
    html = block.render(block.to_python({"heading": "Take part", "project": project.pk}))
    assert "Take part" in html and "Teased" in html and project.url in html
    project.unpublish()
    assert "Teased" not in block.render(block.to_python({"heading": "", "project": project.pk}))


def test_out_of_range_and_odd_page_numbers(client, index):
    for n in range(3):
        make_project(index, title=f"P{n}")
    for page in ("999", "-1", "0", "1.5", "%00", "9" * 40):
        assert client.get(f"{index.url}?page={page}").status_code == 200


def test_editor_views_render(client, index):
    from django.contrib.auth import get_user_model

    Topic.objects.create(name="Parks", slug="parks", locale=Locale.get_default())
    Area.objects.create(name="North", slug="north", locale=Locale.get_default())
    project = make_project(index, title="Edited")
    user = get_user_model().objects.create_superuser("editor", "editor@example.org", "password")
    client.force_login(user)
    for url in (
        f"/admin/pages/{project.pk}/edit/",
        f"/admin/pages/{index.pk}/edit/",
        f"/admin/pages/add/wagtail_participation_projects/participationprojectpage/{index.pk}/",
        "/admin/snippets/wagtail_participation_projects/topic/",
        "/admin/snippets/wagtail_participation_projects/area/add/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
    html = client.get(f"/admin/pages/{project.pk}/edit/").content.decode()
    assert (
        'name="topics"' in html
        and 'name="areas"' in html
        and 'name="milestones-TOTAL_FORMS"' in html
    )


def test_import_paths():
    from wagtail_participation.core.models import Participant  # noqa: F401
    from wagtail_participation.projects.models import ParticipationProjectPage  # noqa: F401


def test_index_lists_open_projects_first(client, index):
    make_project(index, title="Open", start_date=TODAY - DAY, end_date=TODAY + DAY)
    make_project(index, title="Closed", end_date=TODAY - DAY)
    make_project(index, title="Upcoming", start_date=TODAY + DAY)
    response = client.get(index.url)
    assert [p.title for p in response.context["projects"]] == ["Open", "Upcoming", "Closed"]
