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


def test_author_changes_a_published_idea_and_reads_their_data(live_server, board, new_page):
    """Issue 23: the author's own idea (change link with its time limit, no support buttons,
    no report link), the idea marked "edited", and "Your data" with its links."""
    from wagtail_participation.ideas.models import Idea

    page = new_page()
    submit = board.url + board.reverse_subpage("submit")
    sign_in_by_email(page, live_server, "author@example.org", "Author", submit)
    page.get_by_label("Title of your idea").fill("A drinking fountain by the playground")
    page.get_by_label("Describe your idea").fill("Children and dogs get thirsty in summer.")
    page.get_by_label("Category", exact=True).select_option(index=1)
    page.get_by_role("button", name=re.compile("post your idea", re.I)).click()
    page.get_by_role("heading", name="A drinking fountain by the playground").wait_for()
    assert page.get_by_role("link", name="Change your idea").count() == 1
    assert page.get_by_role("button", name=re.compile("^Support", re.I)).count() == 0
    assert page.get_by_role("link", name="Report this idea").count() == 0
    assert_accessible(page)  # the author's view of a published idea
    page.get_by_role("link", name="Change your idea").click()
    page.get_by_label("Title of your idea").fill("A drinking fountain by the new playground")
    page.get_by_role("button", name="Save changes").click()
    page.get_by_role("heading", name="A drinking fountain by the new playground").wait_for()
    assert page.locator(".wp-idea__edited").count() == 1
    assert_accessible(page)  # marked edited, with the saved message

    answered = Idea.objects.get(title="Raise the path from Mill Lane")
    page.goto(live_server.url + answered.get_absolute_url())
    page.get_by_role("button", name=re.compile("^Support", re.I)).click()
    page.get_by_text("You support this idea.", exact=True).wait_for()
    page.goto(live_server.url + "/participation/my-data/")
    own = Idea.objects.get(title="A drinking fountain by the new playground")
    assert page.locator(f'a[href="{answered.get_absolute_url()}"]').count() >= 1
    assert page.locator(f'a[href="{own.get_absolute_url()}"]').count() >= 1
    assert_accessible(page)  # "Your data" with linked rows
