"""Conditions: "only show this if an earlier question was answered with ...".

Every question, information block and page break has two condition fields:
``show_if_question``, the id (StreamField block id) of an earlier question whose type may
decide conditions, and ``show_if_answer``, one of that question's answers.

- In the page editor the question is chosen from a list of the earlier questions, built
  in the browser from the blocks on the page (``survey-editor.js``): the list follows
  the editor's unsaved changes, which a list built on the server could not.
- When the page is saved, ``SurveyQuestionsBlock.clean`` checks every condition with
  ``condition_errors``: a condition pointing at a missing or later question, or at an
  answer that question does not have, is an error next to the field.
- ``conditions_to_ids`` converts the conditions of surveys saved before conditions used
  ids (the question's text) for the data migration.
"""

import json

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import blocks
from wagtail.blocks import StreamBlockValidationError
from wagtail.blocks.struct_block import StructBlockValidationError

from .answers import norm
from .registry import question_types


class EarlierQuestionWidget(forms.TextInput):
    """The id, in a text input that the editor's script turns into a list of earlier questions."""

    template_name = "wagtail_participation_surveys/widgets/earlier_question.html"

    class Media:
        js = ["wagtail_participation_surveys/survey-editor.js"]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["sources"] = json.dumps(
            sorted(
                block_type
                for block_type, kind in question_types().items()
                if kind.decides_conditions
            )
        )
        context["messages"] = json.dumps(
            {
                "none": _("No condition: always show"),
                "untitled": _("(a question without text yet)"),
                "unknown": _("Not an earlier question: choose again"),
            }
        )
        return context


class EarlierQuestionBlock(blocks.CharBlock):
    """The earlier question a condition depends on (its id; empty: no condition)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("search_index", False)
        super().__init__(**kwargs)
        self.field.widget = EarlierQuestionWidget()

    # wagtail-localize: an id is not text to translate (a translated page keeps its blocks' ids).

    def get_translatable_segments(self, value):
        return []

    def restore_translated_segments(self, value, segments):
        return value


class ConditionAnswerInput(forms.TextInput):
    """The answer, with the chosen question's choices offered by the editor's script."""

    def __init__(self, attrs=None):
        super().__init__({"data-wp-condition-answer": "", "autocomplete": "off", **(attrs or {})})


class ConditionAnswerBlock(blocks.CharBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.field.widget = ConditionAnswerInput()


def show_if_question_block():
    return EarlierQuestionBlock(
        label=gettext_lazy("Only show if the question"),
        help_text=gettext_lazy(
            "Optional. An earlier question whose answer decides whether this shows."
        ),
    )


def show_if_answer_block():
    return ConditionAnswerBlock(
        label=gettext_lazy("Was answered with"),
        max_length=255,
        help_text=gettext_lazy("The answer, as written in that question, that makes this show."),
    )


# Checking the conditions of a survey when the editor saves it


def _condition_error(value, earlier):
    """(field name, message) for the condition of one block, or None if it is sound."""
    question_id = str(value.get("show_if_question") or "").strip()
    answer = str(value.get("show_if_answer") or "").strip()
    if not question_id:
        if answer:
            return "show_if_question", _(
                "Choose the earlier question this answer belongs to, or clear the answer."
            )
        return None
    source = earlier.get(question_id)
    if source is None:
        if question_id in earlier.later_ids:
            return "show_if_question", _("Choose a question that comes before this one.")
        return "show_if_question", _(
            "That question is not in this survey any more: choose an earlier question."
        )
    if not source.decides_conditions:
        return "show_if_question", _(
            "The answers to that question cannot decide what shows: choose a choice question."
        )
    if not answer:
        return "show_if_answer", _("Say which answer to that question makes this show.")
    answers = source.condition_answers()
    if answers is not None and norm(answer) not in {norm(a) for a in answers}:
        return "show_if_answer", _(
            "“%(answer)s” is not one of that question’s answers: %(answers)s."
        ) % {
            "answer": answer,
            "answers": ", ".join(f"“{a}”" for a in answers),
        }
    return None


class _Earlier(dict):
    """The questions before the block being checked, by id; ``later_ids``: the rest of the page's."""

    def __init__(self, later_ids):
        super().__init__()
        self.later_ids = later_ids


def condition_errors(stream):
    """``{index: (field name, message)}`` for the blocks of ``stream`` whose condition is wrong.

    ``stream`` is a StreamValue (or any sequence of children with ``id``, ``block_type``
    and ``value``), as the editor sends it."""
    types = question_types()
    earlier = _Earlier({child.id for child in stream if child.id})
    errors = {}
    for position, child in enumerate(stream):
        kind = types.get(child.block_type)
        if kind is None:
            continue
        item = kind(child, position)
        error = _condition_error(child.value, earlier)
        if error is not None:
            errors[position] = error
        earlier.later_ids.discard(child.id)
        if item.is_question and child.id:
            earlier[child.id] = item
    return errors


def raise_condition_errors(stream, errors=None):
    """Raise a StreamBlockValidationError with ``errors`` (already found) and the conditions' own."""
    block_errors = dict(errors.block_errors) if errors is not None else {}
    for position, (name, message) in condition_errors(stream).items():
        existing = block_errors.get(position)
        if isinstance(existing, StructBlockValidationError):
            if name not in existing.block_errors:
                block_errors[position] = StructBlockValidationError(
                    block_errors={**existing.block_errors, name: ValidationError(message)},
                    non_block_errors=existing.non_block_errors,
                )
        elif existing is None:
            block_errors[position] = StructBlockValidationError(
                block_errors={name: ValidationError(message)}
            )
    if block_errors or (errors is not None and errors.non_block_errors):
        raise StreamBlockValidationError(
            block_errors=block_errors,
            non_block_errors=errors.non_block_errors if errors is not None else None,
        )


# The data migration: conditions written as the earlier question's text become its id


#: The question types that could decide conditions when conditions named a question by its text.
TEXT_CONDITION_SOURCES = ("single_choice", "multiple_choice")


def conditions_to_ids(stream):
    """Convert the conditions of a raw stream (a list of ``{"type", "value", "id"}``) in place.

    A condition naming an earlier single or multiple choice question by its text (compared as
    the survey did: spaces collapsed, case ignored; the first such question) gets that
    question's id. A condition whose text matches no earlier choice question never had an
    effect: it is dropped. Returns (changed, the texts of the dropped conditions)."""
    changed = False
    dropped = []
    earlier = []  # (normalised label, id) of the choice questions so far
    ids = {item.get("id") for item in stream if isinstance(item, dict)}
    for item in stream:
        value = item.get("value") if isinstance(item, dict) else None
        if not isinstance(value, dict):
            continue
        text = str(value.get("show_if_question") or "")
        if text and text not in ids:
            match = next((qid for label, qid in earlier if label == norm(text)), None)
            if match is not None:
                value["show_if_question"] = match
            else:
                value["show_if_question"] = ""
                value["show_if_answer"] = ""
                dropped.append(text)
            changed = True
        if item.get("type") in TEXT_CONDITION_SOURCES and item.get("id"):
            earlier.append((norm(value.get("label")), item["id"]))
    return changed, dropped


def conditions_to_texts(stream):
    """The reverse of ``conditions_to_ids``: a condition naming a question by id gets its text."""
    labels = {
        item.get("id"): (item.get("value") or {}).get("label")
        for item in stream
        if isinstance(item, dict)
    }
    changed = False
    for item in stream:
        value = item.get("value") if isinstance(item, dict) else None
        if isinstance(value, dict) and labels.get(value.get("show_if_question")):
            value["show_if_question"] = labels[value["show_if_question"]]
            changed = True
    return changed
