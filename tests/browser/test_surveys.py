"""Surveys in Chromium: a three-step journey with a conditional question, with and without
JavaScript; axe-core on a step, the thank-you page, public results and a poll."""

import re

import pytest

from tests.surveys.factories import CYCLE, RATING, ROUTE, WARD, three_step_survey
from wagtail_participation.surveys.models import Poll, PollChoice, SurveyResponse

from .test_accessibility import assert_accessible

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

DOG = "d0000000-0000-4000-8000-000000000001"


def answer(page, live_server, survey, cycle, javascript):
    page.goto(live_server.url + survey.url)
    page.get_by_label("Old Town").check()
    page.get_by_label(cycle, exact=True).check()
    page.get_by_role("button", name="Next").click()
    route = page.get_by_label("Which route do you cycle most?")
    if cycle == "Yes":
        assert route.is_visible()
        route.select_option("River path")
    else:
        assert route.count() == 0  # the server left it out: its condition was not met
    page.get_by_label("4", exact=True).check()
    page.get_by_role("button", name="Next").click()
    page.get_by_label(re.compile("anything else", re.I)).fill("Safer crossings, please.")
    page.get_by_role("button", name=re.compile("send your answers", re.I)).click()
    page.get_by_role("heading", name=re.compile("thank you", re.I)).wait_for()


@pytest.mark.parametrize("javascript", [True, False])
def test_three_step_survey(live_server, new_page, javascript, settings):
    # Two residents answer from one machine, and read the figures of their two answers.
    settings.WAGTAIL_PARTICIPATION_ANONYMOUS_NETWORK_DEDUPE_SECONDS = 0
    settings.WAGTAIL_PARTICIPATION_SURVEY_RESULTS_MIN_GROUP = 1
    survey = three_step_survey(results_visibility="live")
    for cycle in ("Yes", "No"):
        page = new_page(javascript=javascript)
        answer(page, live_server, survey, cycle, javascript)
    stored = {r.answers[CYCLE]: r.answers for r in SurveyResponse.objects.all()}
    assert (
        stored["Yes"][ROUTE] == "River path"
        and stored["Yes"][WARD] == "Old Town"
        and stored["Yes"][RATING] == 4
    )
    assert ROUTE not in stored["No"]
    results = new_page(javascript=javascript)
    results.goto(live_server.url + survey.results_url)
    text = results.locator("main").inner_text()
    assert "2 responses" in text
    route_section = results.locator("section", has_text="Which route do you cycle most?")
    assert "1 answer" in route_section.inner_text()


def test_conditional_question_in_the_same_step_shows_live(live_server, new_page):
    from tests.surveys.factories import make_survey, question

    survey = make_survey(
        [
            question(
                "single_choice",
                "Do you have a dog?",
                id=DOG,
                required=True,
                choices=["Yes", "No"],
                display="radio",
                allow_other=False,
            ),
            question(
                "short_text",
                "What is its name?",
                max_length=50,
                show_if_question=DOG,
                show_if_answer="Yes",
            ),
        ]
    )
    page = new_page()
    page.goto(live_server.url + survey.url)
    name = page.get_by_label("What is its name? (optional)")
    assert not name.is_visible()
    page.get_by_label("Yes").check()
    assert name.is_visible()
    page.get_by_label("No").check()
    assert not name.is_visible()
    plain = new_page(javascript=False)
    plain.goto(live_server.url + survey.url)
    assert plain.get_by_label("What is its name? (optional)").is_visible()
    assert plain.get_by_text("Only if you answered “Yes” to “Do you have a dog?”.").is_visible()


def test_accessibility(live_server, new_page, client):
    survey = three_step_survey(results_visibility="live")
    page = new_page()
    page.goto(live_server.url + survey.url)
    assert_accessible(page)  # step 1
    page.get_by_role("button", name="Next").click()
    assert_accessible(page)  # errors
    answer(page, live_server, survey, "Yes", True)
    assert_accessible(page)  # thank-you
    page.goto(live_server.url + survey.results_url)
    assert_accessible(page)  # one response: no figures yet, the notice why
    page.goto(live_server.url + survey.url + "?step=2")
    assert_accessible(page)  # "already answered"
    another = new_page()  # another browser on the same network
    another.goto(live_server.url + survey.url)
    another.get_by_text("already received from your network").wait_for()
    assert_accessible(another)

    from example_site.council.models import InformationPage
    from tests.factories import add_page

    poll = Poll.objects.create(question="Open the library on Sundays?")
    for label in ("Yes", "No"):
        PollChoice.objects.create(poll=poll, label=label)
    info = add_page(
        InformationPage(
            title="Libraries", slug="libraries", intro="", body=[("poll", {"poll": poll})]
        )
    )
    voter = new_page()
    voter.goto(live_server.url + info.url)
    assert_accessible(voter)  # the poll's form
    voter.get_by_label("Yes").check()
    voter.get_by_role("button", name="Vote").click()
    voter.get_by_text("You have voted.").wait_for()
    assert_accessible(voter)  # its results
