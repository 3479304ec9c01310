"""axe-core on the survey page editor with ten questions: no WCAG 2.2 A/AA violations.

Wagtail's own rich text editor (Draftail: the page's intro and thank-you text) is left out:
its text box has no accessible name in this Wagtail (axe's aria-input-field-name), which is
Wagtail's to fix, not part of the survey's question blocks."""

import os
from pathlib import Path

import pytest

from tests.browser.test_survey_editor import sign_in
from tests.surveys.factories import make_survey, question

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

DOCS_IMAGES = Path(__file__).resolve().parents[2] / "docs" / "images"
CHOICES = ["North", "South", "East", "West"]


def ten_questions():
    first = "e1000000-0000-4000-8000-000000000001"
    return [
        question("single_choice", "Which ward?", id=first, choices=CHOICES, display="radio"),
        question("single_choice", "How often?", choices=["Daily", "Weekly"], display="dropdown"),
        question("multiple_choice", "What do you like?", choices=CHOICES, allow_other=True),
        question(
            "short_text",
            "Your street",
            max_length=100,
            show_if_question=first,
            show_if_answer="North",
        ),
        question("long_text", "Tell us more", max_length=2000),
        question("scale", "The park is safe", points=5, min_label="No", max_label="Yes"),
        question("rating", "Rate the paths", max_rating=5),
        question("ranking", "Rank these", choices=CHOICES),
        question("number", "How many children?", min_value=None, max_value=None),
        question("email", "Your email address"),
    ]


def test_the_survey_editor_with_ten_questions(live_server, new_page, django_user_model):
    survey = make_survey(ten_questions())
    page = new_page()
    sign_in(page, live_server, django_user_model)
    page.goto(f"{live_server.url}/admin/pages/{survey.pk}/edit/")
    page.locator('textarea[name$="-value-choices"]').first.wait_for()
    assert page.locator('input[name$="-value-label"]').count() == 10
    # The question's text comes first, then help text and "required", the type's own fields
    # and the condition last.
    first = page.locator('[data-contentpath="e1000000-0000-4000-8000-000000000001"]')
    names = first.locator("input[name], textarea[name], select[name]").evaluate_all(
        "nodes => nodes.map(n => n.name.split('-value-').pop())"
    )
    names = [n for n in names if not n.endswith(("type", "id", "deleted", "order"))]
    assert names[:4] == ["label", "help_text", "required", "choices"], names
    assert names[-2:] == ["show_if_question", "show_if_answer"], names
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(
        page,
        context={"exclude": [[".Draftail-Editor"]]},
        options={
            "runOnly": {
                "type": "tag",
                "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"],
            }
        },
    )
    violations = results.response["violations"]
    assert violations == [], [
        (v["id"], v["help"], [n["target"] for n in v["nodes"]][:5]) for v in violations
    ]
    if os.environ.get("WRITE_DOCS_SCREENSHOTS"):  # docs/images/survey-editor*.png
        page.set_viewport_size({"width": 1280, "height": 900})
        label = page.locator('input[name$="-value-label"]').first
        label.scroll_into_view_if_needed()
        page.mouse.wheel(0, -120)
        page.screenshot(path=str(DOCS_IMAGES / "survey-editor.png"))
        page.get_by_role("button", name="Collapse all").click()
        page.locator("#panel-child-content-questions-heading").click()
        page.locator("#panel-child-content-questions-heading").scroll_into_view_if_needed()
        page.screenshot(path=str(DOCS_IMAGES / "survey-editor-collapsed.png"))
