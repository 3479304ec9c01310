"""Choices typed one per line in one box, and surveys built with the old choice blocks."""

import importlib
import json
import types

import pytest
from django import forms
from django.apps import apps
from django.db import connection
from wagtail.models import Page

from tests.surveys.editor import post_questions, question_value
from tests.surveys.test_results import figures, survey_with_answers
from wagtail_participation.surveys import results as results_module
from wagtail_participation.surveys.blocks import LinesBlock, choices_as_lines, lines
from wagtail_participation.surveys.exports import export_rows
from wagtail_participation.surveys.models import SurveyPage, SurveyResponse
from wagtail_participation.surveys.registry import child_blocks

pytestmark = pytest.mark.django_db

MIGRATION = "wagtail_participation.surveys.migrations.0004_choices_one_per_line"
CHOICE_ID = "d0000000-0000-4000-8000-000000000001"


def old_choice_blocks(stream):
    """``stream`` as the old editor stored it: each choice a ListBlock item with its own id."""
    result = []
    for n, child in enumerate(stream):
        value = dict(child["value"])
        if isinstance(value.get("choices"), list):
            value["choices"] = [
                {"type": "item", "value": text, "id": f"00000000-0000-4000-8000-{n:06d}{i:06d}"}
                for i, text in enumerate(value["choices"])
            ]
        result.append({**child, "value": value})
    return result


def store_raw(page, stream):
    placeholder = "%s::jsonb" if connection.vendor == "postgresql" else "%s"
    table = SurveyPage._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET questions = {placeholder} WHERE page_ptr_id = %s",  # noqa: S608 - the model's table
            [json.dumps(stream), page.pk],
        )


def raw_questions(page):
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT questions FROM {SurveyPage._meta.db_table} WHERE page_ptr_id = %s",  # noqa: S608
            [page.pk],
        )
        raw = cursor.fetchone()[0]
    return json.loads(raw) if isinstance(raw, str) else raw


def test_lines_reads_text_and_the_old_lists():
    assert lines("North\n  South \n\nOld Town\r\n") == ["North", "South", "Old Town"]
    assert lines(["North", " South"]) == ["North", "South"]
    assert lines([{"type": "item", "value": "North", "id": "x"}, {"value": "South"}]) == [
        "North",
        "South",
    ]
    assert lines(None) == []


def test_the_choices_box_is_one_textarea_and_stores_text():
    block = child_blocks()["single_choice"]
    choices = block.child_blocks["choices"]
    assert isinstance(choices, LinesBlock)
    assert isinstance(choices.field.widget, forms.Textarea)
    value = block.to_python({"label": "Ward", "choices": "North\nSouth"})
    assert value["choices"] == ["North", "South"]
    assert block.get_prep_value(value)["choices"] == "North\nSouth"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("North", "at least 2"),
        ("North\nNorth", "only once"),
        ("North\n" + "x" * 300, "255 characters"),
    ],
)
def test_bad_choices_are_refused(text, message):
    from django.core.exceptions import ValidationError

    choices = child_blocks()["single_choice"].child_blocks["choices"]
    with pytest.raises(ValidationError) as error:
        choices.clean(choices.value_from_form(text))
    assert message in str(error.value)


def test_the_editor_saves_choices_typed_one_per_line(admin_client):
    page = survey_with_answers()
    post_questions(
        admin_client,
        page,
        [
            (
                "single_choice",
                CHOICE_ID,
                question_value(
                    "Which ward?",
                    choices=["North", "South", "Old Town"],
                    display="radio",
                    required="on",
                ),
            )
        ],
        publish=True,
    )
    page = SurveyPage.objects.get(pk=page.pk)
    child = page.questions[0]
    assert child.id == CHOICE_ID
    assert child.value["choices"] == ["North", "South", "Old Town"]
    assert raw_questions(page)[0]["value"]["choices"] == "North\nSouth\nOld Town"


def test_a_survey_with_old_choice_blocks_migrates_with_the_same_results_and_export():
    page = survey_with_answers()
    old = old_choice_blocks(raw_questions(page))
    assert any(
        isinstance(child["value"].get("choices"), list) and child["value"]["choices"]
        for child in old
    )
    store_raw(page, old)
    draft = SurveyPage.objects.get(pk=page.pk)
    draft.save_revision()  # a draft revision in the old format too
    revision = Page.objects.get(pk=page.pk).latest_revision
    revision.content["questions"] = old
    revision.save(update_fields=["content"])
    assert SurveyResponse.objects.filter(page=page).count() == 3

    page = SurveyPage.objects.get(pk=page.pk)
    results_before = figures(results_module.survey_results(page))
    export_before = export_rows(page)
    export_before = (export_before[0], list(export_before[1]))

    migration = importlib.import_module(MIGRATION)
    migration.choices_to_lines(apps, types.SimpleNamespace(connection=connection))

    stored = raw_questions(page)
    choice_values = [c["value"]["choices"] for c in stored if "choices" in c["value"]]
    assert choice_values and all(isinstance(v, str) for v in choice_values)
    assert "Bus\nTrain\nBike" in choice_values
    content = Page.objects.get(pk=page.pk).latest_revision.content["questions"]
    content = json.loads(content) if isinstance(content, str) else content
    assert all(isinstance(c["value"]["choices"], str) for c in content if "choices" in c["value"])

    page = SurveyPage.objects.get(pk=page.pk)
    assert figures(results_module.survey_results(page)) == results_before
    header, rows = export_rows(page)
    assert (header, list(rows)) == export_before
    assert SurveyResponse.objects.filter(page=page).count() == 3

    # and back
    migration.choices_to_lists(apps, types.SimpleNamespace(connection=connection))
    back = raw_questions(page)
    assert [c["value"]["choices"] for c in back if "choices" in c["value"]][0][0]["type"] == "item"
    page = SurveyPage.objects.get(pk=page.pk)
    assert figures(results_module.survey_results(page)) == results_before


def test_choices_as_lines_leaves_other_blocks_alone():
    stream = [
        {"type": "short_text", "id": "a", "value": {"label": "Name"}},
        {"type": "single_choice", "id": "b", "value": {"label": "Q", "choices": "A\nB"}},
    ]
    assert choices_as_lines(stream) == (stream, False)


def test_the_block_preview_shows_the_question_as_residents_see_it():
    block = child_blocks()["single_choice"]
    value = block.get_preview_value()
    from django.template.loader import render_to_string

    html = render_to_string(
        block.get_preview_template(value), block.get_preview_context(value, {"block_def": block})
    )
    assert "What do you think of the new park?" in html
    assert 'type="radio"' in html and "Very poor" in html
    assert block.is_previewable


def test_a_collapsed_question_shows_its_text():
    assert child_blocks()["single_choice"].meta.label_format == "{label}"


def test_copy_survey_keeps_the_questions_and_none_of_the_answers(admin_client):
    from tests.test_copy_pages import copy

    page = survey_with_answers()
    copied = copy(admin_client, page)
    assert SurveyResponse.objects.filter(page_id=copied.pk).count() == 0
    assert SurveyResponse.objects.filter(page=page).count() == 3
    original = [(q.id, q.type, q.label, q.value.get("choices")) for q in page.structure.questions]
    assert [
        (q.id, q.type, q.label, q.value.get("choices")) for q in copied.structure.questions
    ] == original
    assert admin_client.get(copied.url).status_code == 200


@pytest.mark.parametrize("block_type", ["single_choice", "multiple_choice", "ranking", "matrix"])
def test_the_question_text_comes_first_and_the_condition_last(block_type):
    block = child_blocks()[block_type]
    order = list(block.child_blocks)
    assert order[:3] == ["label", "help_text", "required"]
    assert order[-2:] == ["show_if_question", "show_if_answer"]
    layout = getattr(block.meta, "form_layout", None)
    if layout is not None:
        assert layout.get_sorted_block_names() == order
    assert all(str(b.label)[:1].isupper() for b in block.child_blocks.values())
