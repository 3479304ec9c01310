"""Issue 14, point 2: comments and dates on a project page.

- the project's end date closes its comments: the form goes, a sentence says why, the thread stays;
- turning comments off stops new comments without hiding the published ones;
- dates and times follow the visitor's language and the site's formats (the example site is a
  UK council: "4 December 2026, 16:17" in English, Django's formats in other languages).
"""

import datetime
import zoneinfo

import pytest
from django.utils import timezone, translation

from tests.factories import (
    CommentFactory,
    ParticipantFactory,
    make_index,
    make_project,
    post_form,
    sign_in_client,
)
from wagtail_participation.core.models import Comment
from wagtail_participation.core.phases import Phase
from wagtail_participation.core.policy import Action, Reason, decide

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


@pytest.fixture
def resident(client):
    participant = ParticipantFactory(display_name="Rowan")
    sign_in_client(client, participant)
    return participant


def comment_url(page):
    return f"/participation/comments/page/{page.pk}/"


def test_comments_close_after_the_end_date_and_the_thread_stays(client, resident):
    today = timezone.localdate()
    project = make_project(make_index(), end_date=today - DAY)
    CommentFactory(page=project, body="Said while it ran")
    decision = decide(resident, Action.COMMENT, project)
    assert not decision and decision.reason == Reason.CLOSED
    html = client.get(project.url).content.decode()
    assert "Said while it ran" in html
    assert "wp-comment-form" not in html and "Post comment" not in html
    ended = (today - DAY).strftime("%-d %B %Y")  # the example site's English DATE_FORMAT
    assert f"This project ended on {ended}, so it no longer takes comments." in html
    # A comment sent anyway (an old tab) is refused, and nothing is stored.
    response = post_form(client, comment_url(project), {"body": "Too late"})
    assert response.status_code in (302, 403)
    assert not Comment.objects.filter(body="Too late").exists()


def test_the_end_date_itself_still_takes_comments(client, resident):
    project = make_project(make_index(), end_date=timezone.localdate())
    assert decide(resident, Action.COMMENT, project)
    assert "wp-comment-form" in client.get(project.url).content.decode()
    response = post_form(client, comment_url(project), {"body": "Just in time"})
    assert response.status_code == 302
    assert Comment.objects.filter(body="Just in time").exists()


def test_the_end_date_closes_comments_only(client):
    project = make_project(make_index(), end_date=timezone.localdate() - DAY)
    assert project.participation_phase(Action.COMMENT) == Phase.CLOSED
    assert project.participation_phase(Action.CONTRIBUTE) == Phase.OPEN
    # Asked about a moment before the end date: open.
    before_the_end = timezone.now() - 2 * DAY
    assert project.participation_phase(Action.COMMENT, before_the_end) == Phase.OPEN


def test_turning_comments_off_keeps_the_published_ones(client, resident):
    project = make_project(make_index(), allow_comments=True)
    CommentFactory(page=project, body="Published before the switch")
    project.allow_comments = False
    project.save_revision().publish()
    html = client.get(project.url).content.decode()
    assert "Published before the switch" in html
    assert "wp-comment-form" not in html and "Reply to" not in html
    assert "Comments are closed." in html
    response = post_form(client, comment_url(project), {"body": "After the switch"})
    assert response.status_code in (302, 403)
    assert not Comment.objects.filter(body="After the switch").exists()


def test_a_page_that_never_had_comments_shows_no_comments_section(client):
    project = make_project(make_index(), allow_comments=False)
    html = client.get(project.url).content.decode()
    assert 'id="wp-comments-title"' not in html


def test_comment_times_follow_the_language_and_the_sites_formats(client):
    project = make_project(make_index())
    london = zoneinfo.ZoneInfo("Europe/London")
    comment = CommentFactory(page=project, body="On time")
    Comment.objects.filter(pk=comment.pk).update(
        created_at=datetime.datetime(2026, 12, 4, 16, 17, tzinfo=london)
    )
    html = client.get(project.url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "4 December 2026, 16:17" in html  # en-GB style, 24-hour clock
    assert "p.m." not in html and "Dec. 4" not in html
    with translation.override("de"):
        german = project.url
    html = client.get(german, HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "4. Dezember 2026 16:17" in html


@pytest.mark.parametrize(
    "language, expected",
    [
        ("en", "4 December 2026, 16:17"),
        ("de", "4. Dezember 2026 16:17"),
        ("fr", "4 décembre 2026 16:17"),
    ],
)
def test_the_example_sites_formats_per_language(language, expected):
    from django.utils.formats import date_format

    moment = datetime.datetime(2026, 12, 4, 16, 17)
    with translation.override(language):
        assert date_format(moment, "DATETIME_FORMAT") == expected
