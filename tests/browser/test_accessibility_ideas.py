"""axe-core finds no WCAG 2.2 A/AA violations on an idea board, an idea and the submit form."""

import io
import re

import pytest
from django.core.management import call_command

from .test_accessibility import assert_accessible
from .test_journey_comments import sign_in_by_email

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def board(live_server):
    call_command("load_demo_content", stdout=io.StringIO())
    from wagtail_participation.ideas.models import IdeaBoardPage

    return IdeaBoardPage.objects.live().get(slug="ideas")


def test_board_listing(live_server, board, new_page):
    page = new_page()
    page.goto(live_server.url + board.url)
    assert_accessible(page)
    page.goto(
        live_server.url + board.url + "?sort=supported&category=nature-and-water&status=accepted"
    )
    assert_accessible(page)
    page.goto(live_server.url + board.url + "?q=nothing-matches-this")
    assert_accessible(page)  # the empty state


def test_idea_pages(live_server, board, new_page):
    from wagtail_participation.ideas.models import Idea

    answered = Idea.objects.get(title="Raise the path from Mill Lane")
    page = new_page()
    page.goto(live_server.url + answered.get_absolute_url())
    assert_accessible(page)  # anonymous: sign-in prompt, response, comments
    sign_in_by_email(page, live_server, "axe@example.org", "Axe", answered.get_absolute_url())
    assert_accessible(page)  # signed in: vote form with the updates choice, comment form
    page.get_by_role("button", name=re.compile("^Support", re.I)).click()
    page.get_by_text("You support this idea.", exact=True).wait_for()
    assert_accessible(page)  # after voting (pressed button, status message)


def test_submit_form(live_server, board, new_page):
    page = new_page()
    submit = board.url + board.reverse_subpage("submit")
    sign_in_by_email(page, live_server, "writer@example.org", "Writer", submit)
    assert page.url.endswith(submit)
    assert_accessible(page)
    page.get_by_role("button", name=re.compile("post your idea", re.I)).click()  # empty: errors
    page.get_by_text(re.compile("there (is|was) a problem|error", re.I)).first.wait_for()
    assert_accessible(page)
    page.get_by_label("Title of your idea").fill("Benches")
    page.get_by_text("More benches with backs").first.wait_for()  # similar ideas suggested
    assert_accessible(page)
