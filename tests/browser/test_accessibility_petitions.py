"""axe-core finds no WCAG 2.2 A/AA violations on the petitions index, a petition and its forms."""

import io
import re

import pytest
from django.core import mail
from django.core.management import call_command

from .test_accessibility import assert_accessible
from .test_journey_comments import sign_in_by_email
from .test_journey_petitions import confirm_link, fill_signature

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

OPEN = "sunday-opening-at-the-central-library"
ANSWERED = "safe-crossing-on-station-road"
REJECTED = "scrap-parking-charges-everywhere"


@pytest.fixture
def index(live_server):
    """The demo's petitions: one open near its threshold (with paper signatures), one answered, one rejected."""
    call_command("load_demo_content", stdout=io.StringIO())
    from wagtail_participation.petitions.models import PetitionIndexPage

    return PetitionIndexPage.objects.live().get(slug="petitions")


def petition(slug):
    from wagtail_participation.petitions.models import PetitionPage

    return PetitionPage.objects.live().get(slug=slug)


def test_index(live_server, index, new_page):
    page = new_page()
    page.goto(live_server.url + index.url)
    assert page.locator(".wp-petition-card").count() == 3
    assert_accessible(page)  # open (progress bar), answered and rejected cards, "Start a petition"
    for query in ("status=responded", "status=rejected", "status=open", "q=library"):
        page.goto(f"{live_server.url}{index.url}?{query}")
        assert page.locator(".wp-petition-card").count() == 1, query
        assert_accessible(page)  # filtered, with "Clear filters"
    page.goto(live_server.url + index.url + "?q=nothing-matches-this")
    page.get_by_text(re.compile("No petitions match", re.I)).wait_for()
    assert_accessible(page)  # the empty state


def test_index_search_within_a_status(live_server, index, new_page):
    page = new_page()
    page.goto(live_server.url + index.url + "?status=open&q=library")
    assert page.get_by_role("link", name="Open the Central Library on Sundays").count() == 1
    assert_accessible(page)


def test_petition_pages(live_server, index, new_page):
    from wagtail.models import Page

    page = new_page()
    page.goto(live_server.url + petition(OPEN).url)
    page.locator("progress").wait_for()
    page.get_by_text(re.compile("signatures on paper", re.I)).wait_for()
    assert_accessible(page)  # open: count, progress bar, sign button, details
    page.goto(live_server.url + petition(ANSWERED).url)
    page.get_by_role("heading", name="The council's response").wait_for()
    assert_accessible(page)  # closed, with the council's response
    page.goto(live_server.url + petition(REJECTED).url)
    page.get_by_role("heading", name="This petition was rejected").wait_for()
    assert_accessible(page)
    article = Page.objects.get(slug="sunday-library-petition-nears-its-target")
    page.goto(live_server.url + article.url)
    page.locator("progress").wait_for()
    assert_accessible(page)  # the petition block on a news article


def test_sign_and_confirm(live_server, index, new_page):
    open_petition = petition(OPEN)
    page = new_page()
    page.goto(live_server.url + open_petition.sign_url)
    assert_accessible(page)  # the empty sign form
    page.get_by_label("Your email address").fill("not-an-address")
    page.get_by_role("button", name="Sign", exact=True).click()
    page.get_by_text(re.compile("there (is|was) a problem|error", re.I)).first.wait_for()
    assert_accessible(page)  # errors next to the fields
    fill_signature(page, "Axe Signer", "axe@example.org", "RV1 1AA")
    page.get_by_role("button", name="Sign", exact=True).click()
    page.get_by_role("heading", name="Check your email").wait_for()
    assert_accessible(page)
    link = confirm_link("axe@example.org")
    page.goto(link)
    page.get_by_role("button", name="Confirm my signature").wait_for()
    assert_accessible(page)  # the confirm button
    page.get_by_role("button", name="Confirm my signature").click()
    page.get_by_role("heading", name="Thank you for signing").wait_for()
    assert_accessible(page)
    page.goto(link)
    page.get_by_role("heading", name="This confirmation link does not work").wait_for()
    assert_accessible(page)  # a link used twice
    page.goto(f"{live_server.url}/participation/petitions/confirm/forged-token/")
    assert_accessible(page)


def test_start_and_support(live_server, index, new_page, settings):
    settings.WAGTAIL_PARTICIPATION_PETITION_SPONSORS_REQUIRED = 2
    page = new_page()
    sign_in_by_email(page, live_server, "starter@example.org", "Starter", index.start_url)
    assert page.url.endswith(index.start_url)
    assert_accessible(page)  # the empty start form with the rules
    page.get_by_role("button", name="Create my petition").click()
    page.get_by_text(re.compile("there (is|was) a problem|error", re.I)).first.wait_for()
    assert_accessible(page)  # errors next to the fields
    page.get_by_label("What do you want the council to do?").fill(
        "Open the library on Sunday mornings"
    )
    page.get_by_role(
        "link", name="Open the Central Library on Sundays"
    ).wait_for()  # similar petitions
    assert_accessible(page)
    page.get_by_label("Why?").fill("Families want to read together at the weekend.")
    page.get_by_label("Your postcode").fill("RV1 2BB")
    page.get_by_role("button", name="Create my petition").click()
    page.get_by_role("heading", name="Your petition").wait_for()
    assert_accessible(page)  # the supporters' page, as its creator sees it: the link to share
    sponsor_link = page.get_by_label("Link for supporters").input_value()

    supporter = new_page()
    supporter.goto(sponsor_link)
    supporter.get_by_role("heading", name="Support this petition").wait_for()
    assert_accessible(supporter)  # the supporters' page with its form
    supporter.get_by_role("button", name="Support", exact=True).click()
    supporter.get_by_text(re.compile("there (is|was) a problem|error", re.I)).first.wait_for()
    assert_accessible(supporter)
    fill_signature(supporter, "Axe Supporter", "supporter@example.org", "RV1 3CC")
    supporter.get_by_role("button", name="Support", exact=True).click()
    supporter.get_by_role("heading", name="Check your email").wait_for()
    assert_accessible(supporter)
    supporter.goto(confirm_link("supporter@example.org"))
    supporter.get_by_role("button", name="Confirm my support").wait_for()
    assert_accessible(supporter)
    supporter.get_by_role("button", name="Confirm my support").click()
    supporter.get_by_role("heading", name="Thank you for your support").wait_for()
    assert_accessible(supporter)
    assert any("starter@example.org" in m.to for m in mail.outbox)
