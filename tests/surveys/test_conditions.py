"""Conditions name an earlier question by its id: chosen from a list in the editor, checked
when the page is saved, and converted from the question texts of older surveys."""

import importlib
import json
import types

import pytest
from django.apps import apps
from django.db import connection
from wagtail.blocks import StreamBlockValidationError
from wagtail.models import Page

from tests.surveys.editor import post_questions, question_value
from tests.surveys.factories import make_survey, question
from wagtail_participation.surveys.conditions import conditions_to_ids, conditions_to_texts
from wagtail_participation.surveys.models import SurveyPage

pytestmark = pytest.mark.django_db

CHOICE = "e0000000-0000-4000-8000-000000000001"
TEXT = "e0000000-0000-4000-8000-000000000002"
LATER = "e0000000-0000-4000-8000-000000000003"
MULTI = "e0000000-0000-4000-8000-000000000004"


def choice(label="Do you cycle?", block_id=CHOICE, **value):
    return (
        "single_choice",
        block_id,
        question_value(label, choices=["Yes", "No"], display="radio", **value),
    )


def text(label="Which route?", block_id=TEXT, **value):
    return ("short_text", block_id, question_value(label, max_length=255, **value))


def condition_errors(items):
    """{position: {field: message}} the editor's save gets for the questions ``items``."""
    block = SurveyPage._meta.get_field("questions").stream_block
    raw = [{"type": kind, "id": block_id, "value": value} for kind, block_id, value in items]
    try:
        block.clean(block.to_python(raw))
    except StreamBlockValidationError as error:
        return {
            position: {
                name: e.messages[0] for name, e in getattr(child, "block_errors", {}).items()
            }
            for position, child in error.block_errors.items()
        }
    return {}


def test_a_condition_on_an_earlier_choice_question_saves():
    assert condition_errors([choice(), text(show_if_question=CHOICE, show_if_answer="yes")]) == {}
    multiple = ("multiple_choice", MULTI, question_value("Which?", choices=["Bus", "Bike"]))
    info = (
        "information",
        LATER,
        {"text": "<p>Cyclists</p>", "show_if_question": MULTI, "show_if_answer": "Bike"},
    )
    page_break = (
        "page_break",
        TEXT,
        {"title": "More", "show_if_question": MULTI, "show_if_answer": "Bus"},
    )
    assert condition_errors([multiple, info, page_break]) == {}


@pytest.mark.parametrize(
    ("items", "position", "field", "message"),
    [
        (
            [text(show_if_question=CHOICE, show_if_answer="Yes"), choice()],
            0,
            "show_if_question",
            "Choose a question that comes before this one.",
        ),
        (
            [choice(show_if_question=CHOICE, show_if_answer="Yes")],
            0,
            "show_if_question",
            "Choose a question that comes before this one.",
        ),
        (
            [choice(), text(show_if_question=LATER, show_if_answer="Yes")],
            1,
            "show_if_question",
            "That question is not in this survey any more: choose an earlier question.",
        ),
        (
            [choice(), text(show_if_question="Do you cycle?", show_if_answer="Yes")],
            1,
            "show_if_question",
            "That question is not in this survey any more: choose an earlier question.",
        ),
        (
            [text(block_id=LATER), text(show_if_question=LATER, show_if_answer="Mill Lane")],
            1,
            "show_if_question",
            "The answers to that question cannot decide what shows: choose a choice question.",
        ),
        (
            [choice(), text(show_if_question=CHOICE)],
            1,
            "show_if_answer",
            "Say which answer to that question makes this show.",
        ),
        (
            [choice(), text(show_if_answer="Yes")],
            1,
            "show_if_question",
            "Choose the earlier question this answer belongs to, or clear the answer.",
        ),
        (
            [choice(), text(show_if_question=CHOICE, show_if_answer="Maybe")],
            1,
            "show_if_answer",
            "“Maybe” is not one of that question’s answers: “Yes”, “No”.",
        ),
    ],
)
def test_a_wrong_condition_is_an_error_next_to_its_field(items, position, field, message):
    assert condition_errors(items) == {position: {field: message}}


def test_condition_errors_join_the_blocks_own_errors():
    errors = condition_errors(
        [choice(), text(label="", show_if_question=CHOICE, show_if_answer="Maybe")]
    )
    assert set(errors[1]) == {"label", "show_if_answer"}


def test_the_page_editor_refuses_a_wrong_condition_and_saves_a_right_one(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("ed", "ed@example.org", "pw"))
    page = make_survey([question("short_text", "Name", id=TEXT)])
    response = post_questions(
        client, page, [text(show_if_question=CHOICE, show_if_answer="Yes"), choice()]
    )
    assert response.status_code == 200  # the form again, with the error
    assert "Choose a question that comes before this one." in response.content.decode()
    assert (
        post_questions(
            client,
            page,
            [choice(), text(show_if_question=CHOICE, show_if_answer="Yes")],
            publish=True,
        ).status_code
        == 302
    )
    page = SurveyPage.objects.get(pk=page.pk)
    assert page.structure.by_id[TEXT].source.id == CHOICE


def test_the_editor_offers_earlier_questions_from_a_list(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("ed", "ed@example.org", "pw"))
    page = make_survey([question("short_text", "Name", id=TEXT)])
    html = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    assert "wp-earlier-question" in html and "survey-editor.js" in html
    for source in (
        "single_choice",
        "multiple_choice",
        "yes_no_reason",
    ):  # the types that may decide
        assert source in html


def test_a_condition_naming_no_question_is_ignored():
    """Saved without the editor (an API, an old revision): the question shows, as before."""
    page = make_survey(
        [
            question("single_choice", "Do you cycle?", id=CHOICE, choices=["Yes", "No"]),
            question(
                "short_text",
                "Which route?",
                id=TEXT,
                show_if_question="Do you cycle?",
                show_if_answer="Yes",
            ),
        ]
    )
    assert [item.id for item in page.structure.visible_items({CHOICE: "No"})] == [CHOICE, TEXT]


# Migration: conditions written as question texts


def raw(*items):
    return [{"type": kind, "id": block_id, "value": dict(value)} for kind, block_id, value in items]


def test_text_conditions_become_ids():
    stream = raw(
        choice(label="Do  you CYCLE? "),
        ("multiple_choice", MULTI, question_value("Which?", choices=["Bus", "Bike"])),
        text(show_if_question="do you cycle?", show_if_answer="Yes"),
        ("page_break", LATER, {"title": "", "show_if_question": "Which?", "show_if_answer": "Bus"}),
    )
    assert conditions_to_ids(stream) == (True, [])
    assert (
        stream[2]["value"]["show_if_question"] == CHOICE
        and stream[2]["value"]["show_if_answer"] == "Yes"
    )
    assert stream[3]["value"]["show_if_question"] == MULTI
    assert conditions_to_ids(stream) == (False, [])  # ids stay
    assert (
        conditions_to_texts(stream) and stream[2]["value"]["show_if_question"] == "Do  you CYCLE? "
    )


def test_text_conditions_matching_no_earlier_choice_question_are_dropped():
    stream = raw(
        text(label="Your street", block_id=LATER),
        text(show_if_question="Your street", show_if_answer="Mill Lane"),  # not a choice question
        choice(
            label="Later?", show_if_question="Later?", show_if_answer="Yes"
        ),  # itself, not earlier
    )
    assert conditions_to_ids(stream) == (True, ["Your street", "Later?"])
    assert all(
        item["value"]["show_if_question"] == item["value"]["show_if_answer"] == ""
        for item in stream[1:]
    )


def test_the_migration_converts_live_pages_and_their_latest_revision(capsys):
    migration = importlib.import_module(
        "wagtail_participation.surveys.migrations.0003_conditions_by_question_id"
    )
    page = make_survey(
        [
            question("single_choice", "Do you cycle?", id=CHOICE, choices=["Yes", "No"]),
            question(
                "short_text",
                "Which route?",
                id=TEXT,
                show_if_question="Do you cycle?",
                show_if_answer="Yes",
            ),
            question(
                "short_text",
                "And?",
                id=LATER,
                show_if_question="Do you drive?",
                show_if_answer="Yes",
            ),
        ]
    )
    draft = SurveyPage.objects.get(pk=page.pk)
    draft.questions = [
        *draft.questions.raw_data,
        question(
            "short_text", "New", id=MULTI, show_if_question="DO YOU CYCLE?", show_if_answer="No"
        ),
    ]
    draft.save_revision()

    migration.conditions_to_ids(apps, types.SimpleNamespace(connection=connection))

    live = {
        item["id"]: item["value"] for item in SurveyPage.objects.get(pk=page.pk).questions.raw_data
    }
    assert live[TEXT]["show_if_question"] == CHOICE
    assert live[LATER]["show_if_question"] == live[LATER]["show_if_answer"] == ""
    revision = Page.objects.get(pk=page.pk).latest_revision
    stored = revision.content["questions"]
    latest = {
        item["id"]: item["value"]
        for item in (json.loads(stored) if isinstance(stored, str) else stored)
    }
    assert latest[TEXT]["show_if_question"] == latest[MULTI]["show_if_question"] == CHOICE
    assert latest[LATER]["show_if_question"] == ""
    output = capsys.readouterr().out
    assert f"Survey page {page.pk} (published): dropped the condition on “Do you drive?”" in output
    assert (
        f"Survey page {page.pk} (latest revision): dropped the condition on “Do you drive?”"
        in output
    )

    migration.conditions_to_texts(apps, types.SimpleNamespace(connection=connection))
    live = {
        item["id"]: item["value"] for item in SurveyPage.objects.get(pk=page.pk).questions.raw_data
    }
    assert live[TEXT]["show_if_question"] == "Do you cycle?"
