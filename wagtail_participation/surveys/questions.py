"""A survey at run time: its steps, its questions, and which of them show for given answers.

The editor's StreamField is turned into ``Step`` objects holding one instance of the
registered type of each block (``question_types.py``): questions and information items.
Answers are a dict keyed by each question's block id (``answers[question.id]``), so they
stay attached when a question's text changes.

A condition names an earlier question by its id (``show_if_question``) and one of its
answers (``show_if_answer``); see ``conditions.py``.

The registry's API is importable from here: ``register_question_type``, ``QuestionType``
and ``ItemType`` (see ``registry.py`` and ``question_types.py``).
"""

from django import forms

from .answers import OTHER, is_empty, parse_decimal
from .question_types import ItemType, QuestionType
from .registry import (
    get_question_type,
    question_types,
    register_question_type,
    unregister_question_type,
)

__all__ = [
    "OTHER",
    "Item",
    "ItemType",
    "Question",
    "QuestionType",
    "Step",
    "SurveyStructure",
    "get_question_type",
    "parse_decimal",
    "question_types",
    "register_question_type",
    "unregister_question_type",
]

#: The names these classes had before question types were registered classes.
Item = ItemType
Question = QuestionType


class Step:
    def __init__(self, title="", condition=None):
        self.title = title
        self.condition = condition  # the page break item that starts this step, if any
        self.items = []

    @property
    def questions(self):
        return [item for item in self.items if item.is_question]


class SurveyStructure:
    """The steps and questions of a survey, and which of them show for given answers."""

    def __init__(self, stream):
        types = question_types()
        self.steps = [Step()]
        self.items = []
        conditional = []
        for position, block in enumerate(stream):
            kind = types.get(block.block_type)
            if kind is None:  # a block of a type no longer registered
                continue
            item = kind(block, position)
            conditional.append(item)
            if item.starts_step:
                self.steps.append(Step(item.title, item))
                continue
            self.steps[-1].items.append(item)
            self.items.append(item)
        if not self.steps[0].items and len(self.steps) > 1:
            self.steps.pop(0)  # a survey that starts with a page break
        self.questions = [item for item in self.items if item.is_question]
        self.by_id = {q.id: q for q in self.questions}
        for item in conditional:
            item.source = self._find_source(item) if item.conditional else None

    def _find_source(self, item):
        """The earlier question that may decide conditions which ``item``'s condition names, or None."""
        question = self.by_id.get(item.show_if_question)
        if (
            question is None
            or question.position >= item.position
            or not question.decides_conditions
        ):
            return None
        return question

    def _source(self, item):
        return item.source

    def visible_items(self, answers):
        """Items shown for ``answers``, in order; a hidden question's answer never counts."""
        shown = set()
        visible = []
        for step in self.steps:
            step_shown = (
                self._condition_met(step.condition, answers, shown) if step.condition else True
            )
            for item in step.items:
                if step_shown and self._condition_met(item, answers, shown):
                    shown.add(item.id)
                    visible.append(item)
        return visible

    def _condition_met(self, item, answers, shown):
        if not item.conditional:
            return True
        source = item.source
        if source is None:
            return True  # a condition naming no earlier question is ignored (the editor refuses to save one)
        return source.id in shown and source.matches(answers.get(source.id), item.show_if_answer)

    def visible_steps(self, answers):
        """(index, step) of the steps with something to show for ``answers``."""
        visible_ids = {item.id for item in self.visible_items(answers)}
        result = []
        for index, step in enumerate(self.steps):
            if step.condition and not self._condition_met(step.condition, answers, visible_ids):
                continue
            if any(item.id in visible_ids for item in step.items):
                result.append((index, step))
        return result

    def keep_visible(self, answers):
        """Only the answers of questions shown for these answers (tampered or stale ones dropped)."""
        visible = {item.id for item in self.visible_items(answers) if item.is_question}
        kept = {}
        for key, value in answers.items():
            question_id = key.split(":", 1)[0]
            if question_id in visible:
                kept[key] = value
        return kept

    def missing_required(self, answers):
        """The first visible required question without an answer, or None."""
        for item in self.visible_items(answers):
            if item.is_question and item.required and is_empty(answers.get(item.id)):
                return item
        return None


class _PreviewBlock:
    """Stands for a StreamField child in ``preview_question``."""

    def __init__(self, block_type, value):
        self.id = "preview"
        self.block_type = block_type
        self.value = value


def preview_question(block_type, value):
    """The question ``value`` of type ``block_type`` and its unbound form fields, as residents
    see them (Wagtail's block preview), or (None, []) for a type that is not registered."""

    cls = get_question_type(block_type)
    if cls is None:
        return None, []
    question = cls(_PreviewBlock(block_type, value), 0)
    form = forms.Form(auto_id="id_%s")
    for name, field in question.form_fields().items():
        form.fields[name] = field
    return question, [form[name] for name in form.fields]
