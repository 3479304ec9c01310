"""The survey editor in Chromium: a condition chooses its question from a list of the questions
above it, built from the blocks as they are in the editor, and the choice is saved by id."""

import re

import pytest

from tests.surveys.factories import make_survey, question

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

CYCLE = "c1000000-0000-4000-8000-000000000001"
ROUTE = "c1000000-0000-4000-8000-000000000002"
AGREE = "c1000000-0000-4000-8000-000000000003"


def sign_in(page, live_server, django_user_model):
    django_user_model.objects.create_superuser("editor", "editor@example.org", "pw-for-tests")
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "pw-for-tests")
    page.get_by_role("button", name=re.compile("sign in", re.I)).click()
    page.wait_for_url(re.compile(r"/admin/$"))


def options(select):
    return [text.strip() for text in select.locator("option").all_inner_texts()]


def test_conditions_choose_an_earlier_question(live_server, new_page, django_user_model):
    from wagtail_participation.surveys.models import SurveyPage

    survey = make_survey(
        [
            question(
                "single_choice", "Do you cycle?", id=CYCLE, choices=["Yes", "No"], display="radio"
            ),
            question("short_text", "Which route?", id=ROUTE, max_length=100),
            question("yes_no_reason", "Do you agree?", id=AGREE, reason_label="Why?"),
        ]
    )
    page = new_page()
    sign_in(page, live_server, django_user_model)
    page.goto(f"{live_server.url}/admin/pages/{survey.pk}/edit/")
    first, route, agree = (
        page.locator(f'[data-contentpath="{block_id}"]') for block_id in (CYCLE, ROUTE, AGREE)
    )
    route_condition = route.get_by_label("only show if the question")
    route_condition.wait_for()
    assert options(first.get_by_label("only show if the question")) == ["No condition: always show"]
    assert options(route_condition) == ["No condition: always show", "1. Do you cycle?"]
    # The short text question cannot decide; the yes/no type registered in tests/testapp can.
    assert options(agree.get_by_label("only show if the question")) == [
        "No condition: always show",
        "1. Do you cycle?",
    ]
    first.locator('input[name$="-value-label"]').fill("Do you cycle to work?")  # not saved yet
    route_condition.focus()
    assert options(route_condition) == ["No condition: always show", "1. Do you cycle to work?"]

    route_condition.select_option(CYCLE)
    answer = route.get_by_label("was answered with")
    answer.focus()
    list_id = answer.get_attribute("list")
    assert [o.get_attribute("value") for o in page.locator(f"#{list_id} option").all()] == [
        "Yes",
        "No",
    ]
    answer.fill("Yes")
    page.get_by_role("button", name="Save draft").click()
    page.get_by_text("has been updated").first.wait_for()

    draft = SurveyPage.objects.get(pk=survey.pk).get_latest_revision_as_object()
    route_item = draft.structure.by_id[ROUTE]
    assert route_item.show_if_question == CYCLE and route_item.show_if_answer == "Yes"
    assert route_item.source.label == "Do you cycle to work?"
