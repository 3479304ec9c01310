"""What tripped residents up on petitions, polls and similar suggestions (issue 23), in a browser,
with axe-core on every page touched."""

import io
import re

import pytest
from django.core.management import call_command

from .test_accessibility import assert_accessible
from .test_journey_comments import sign_in_by_email
from .test_journey_petitions import fill_signature

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

OPEN = "sunday-opening-at-the-central-library"
ANSWERED = "safe-crossing-on-station-road"  # closed 20 days ago


@pytest.fixture
def demo(live_server):
    call_command("load_demo_content", stdout=io.StringIO())
    from wagtail_participation.petitions.models import PetitionIndexPage

    return PetitionIndexPage.objects.live().get(slug="petitions")


def petition(slug):
    from wagtail_participation.petitions.models import PetitionPage

    return PetitionPage.objects.live().get(slug=slug)


def test_closed_sign_page_and_postcode_error(live_server, demo, new_page):
    page = new_page()
    closed = petition(ANSWERED)
    page.goto(live_server.url + closed.sign_url)
    page.get_by_role("heading", name="This petition is closed").wait_for()
    main = page.locator("main")
    assert main.get_by_role("link", name=re.compile("sign in", re.I)).count() == 0
    main.get_by_role("link", name=re.compile("Read the petition")).click()
    page.get_by_role("heading", name=closed.title).wait_for()
    assert_accessible(page)  # (the petition page)
    page.goto(live_server.url + closed.sign_url)
    assert_accessible(page)  # the closed sign page

    page.goto(live_server.url + petition(OPEN).sign_url)
    fill_signature(page, "Ann Lee", "ann@example.org", "RV1")
    page.get_by_role("button", name="Sign", exact=True).click()
    page.get_by_text("Enter a full UK postcode, like SW1A 1AA.").first.wait_for()
    postcode = page.get_by_label("Your postcode")
    assert postcode.get_attribute("aria-invalid") == "true"
    assert_accessible(page)  # the postcode's error next to the field


def test_signed_in_resident_signs_at_once(live_server, demo, new_page):
    from django.core import mail

    open_petition = petition(OPEN)
    page = new_page()
    sign_in_by_email(page, live_server, "bo@example.org", "Bo Berg", open_petition.sign_url)
    page.get_by_role("button", name="Sign", exact=True).wait_for()
    assert page.get_by_label("Your email address").input_value() == "bo@example.org"
    page.get_by_text(re.compile("your signature counts as soon as you sign")).wait_for()
    assert_accessible(page)  # the sign form, filled in
    sent = len(mail.outbox)
    page.get_by_label("Your postcode").fill("RV1 1AA")
    page.get_by_role("button", name="Sign", exact=True).click()
    page.get_by_text(re.compile("Thank you for signing. Your signature counts")).wait_for()
    assert len(mail.outbox) == sent  # no second email
    assert_accessible(page)  # the petition with the message


def phone_signed_in(live_server, browser, email, next_url):
    """A phone-sized page, signed in by email link and back at ``next_url``."""
    from django.core import mail

    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    context.set_default_timeout(15000)
    page = context.new_page()
    page.goto(f"{live_server.url}/participation/sign-in/?next={next_url}")
    page.get_by_label(re.compile("email", re.I)).first.fill(email)
    page.get_by_role("button", name=re.compile("sign-in link|send", re.I)).click()
    message = next(m for m in reversed(mail.outbox) if email in m.to)
    page.goto(re.search(r"https?://\S+", message.body).group(0))
    page.get_by_role("button", name=re.compile("sign in", re.I)).click()
    return context, page


def assert_right_under(page, field, next_field):
    field_box = field.bounding_box()
    box = page.locator("[data-wp-similar]").bounding_box()
    below = next_field.bounding_box()
    # The suggestions come right after the field being typed, before the next one.
    assert field_box["y"] + field_box["height"] <= box["y"] < below["y"]
    assert box["y"] - (field_box["y"] + field_box["height"]) < 80


def test_similar_ideas_right_under_the_title_on_a_phone(live_server, demo, browser):
    from wagtail_participation.ideas.models import IdeaBoardPage

    board = IdeaBoardPage.objects.live().get(slug="ideas")
    submit = board.url + board.reverse_subpage("submit")
    context, page = phone_signed_in(live_server, browser, "poster@example.org", submit)
    try:
        title = page.get_by_label(re.compile("title", re.I)).first
        page.wait_for_load_state("load")  # similar.js listens from then on
        title.fill("Benches with backs by the pond")
        page.get_by_role("link", name="More benches with backs").wait_for()
        assert_right_under(page, title, page.locator("textarea").first)
        assert_accessible(page)
    finally:
        context.close()


def test_similar_petitions_right_under_the_field_on_a_phone(live_server, demo, browser):
    context, page = phone_signed_in(live_server, browser, "starter@example.org", demo.start_url)
    try:
        field = page.get_by_label("What do you want the council to do?")
        page.wait_for_load_state("load")  # similar.js listens from then on
        field.fill("Sunday opening for the library")
        suggestion = page.get_by_role("link", name="Open the Central Library on Sundays")
        suggestion.wait_for()
        # Closed petitions are not offered ("A safe crossing on Station Road" closed 20 days ago).
        field.fill("A crossing on Station Road")
        page.wait_for_timeout(900)
        assert page.get_by_role("link", name="A safe crossing on Station Road").count() == 0
        field.fill("Sunday opening for the library")
        suggestion.wait_for()
        assert_right_under(page, field, page.get_by_label("Why?"))
        assert_accessible(page)
    finally:
        context.close()


def test_poll_shares_and_answer(live_server, demo, new_page):
    page = new_page()
    page.goto(live_server.url + "/news/have-your-say-on-riverside-park/")
    poll = page.locator(".wp-poll")
    poll.get_by_role("radio").first.check()
    label = poll.locator("label").first.inner_text()
    poll.get_by_role("button", name="Vote").click()
    page.get_by_text("You have voted.").wait_for()
    page.get_by_text(f"Your answer: “{label}”.").wait_for()
    shares = [int(s) for s in re.findall(r"(\d+)%", page.locator(".wp-poll table").inner_text())]
    assert sum(shares) == 100, shares
    assert_accessible(page)


def test_post_an_idea_says_why_to_sign_in(live_server, demo, new_page):
    from wagtail_participation.ideas.models import IdeaBoardPage

    board = IdeaBoardPage.objects.live().get(slug="ideas")
    page = new_page()
    page.goto(live_server.url + board.url)
    page.get_by_role("link", name="Post an idea").click()
    page.get_by_text(re.compile("To post an idea, please sign in first")).wait_for()
    assert_accessible(page)
