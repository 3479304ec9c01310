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
    survey = make_method_page(parent=project, title="Survey", opens_at=now - DAY, closes_at=now + DAY)
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
    assert titles("?status=<script>&topic=nope&area=%00&page=abc") == {"Open park", "Closed library",
                                                                          "Upcoming road"}
    assert titles("?page=999") == {"Open park", "Closed library", "Upcoming road"}
    assert "No projects match" in client.get(index.url + "?status=closed&topic=parks").content.decode()


def test_index_query_count_does_not_grow_with_projects(client, index):
    def queries():
        with CaptureQueriesContext(connection) as context:
            assert client.get(index.url).status_code == 200
        return len(context)

    for _ in range(3):
        make_project(index, start_date=TODAY)
    client.get(index.url)
    few = queries()
    for _ in range(9):
        make_project(index, start_date=TODAY)
    assert queries() == few


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


def test_import_paths():
    from wagtail_participation.core.models import Participant  # noqa: F401
    from wagtail_participation.projects.models import ParticipationProjectPage  # noqa: F401
