"""A survey's questions at run time: form fields, conditions, steps and stored answers.

The editor's StreamField is turned into ``Step`` objects holding ``Question``
and information items. Answers are a dict keyed by each question's block id
(``answers[question.id]``), so they stay attached when a question's text changes.

Stored values: text, email and a single choice as a string (``OTHER`` plus
``answers[id + ":other"]`` for "Other"); multiple choices and rankings as lists
of choice texts; scale and rating as integers; a number as a decimal string; a
date as ``YYYY-MM-DD``; a matrix as ``{row: column}``.
"""

import decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

OTHER = "__other__"
ANSWERABLE = {
    "short_text", "long_text", "single_choice", "multiple_choice", "scale", "rating", "ranking", "number",
    "date", "email", "matrix",
}
CHOICE_TYPES = {"single_choice", "multiple_choice"}


def _norm(text):
    return " ".join(str(text or "").split()).casefold()


class Item:
    """An information block or a question: something shown in a step, maybe conditionally."""

    def __init__(self, block, position):
        self.id = block.id
        self.type = block.block_type
        self.value = block.value
        self.position = position
        self.show_if_question = self.value.get("show_if_question") or ""
        self.show_if_answer = self.value.get("show_if_answer") or ""

    @property
    def is_question(self):
        return self.type in ANSWERABLE

    @property
    def conditional(self):
        return bool(self.show_if_question and self.show_if_answer)


class Question(Item):
    def __init__(self, block, position):
        super().__init__(block, position)
        self.label = self.value["label"]
        self.help_text = self.value.get("help_text") or ""
        self.required = bool(self.value.get("required"))
        self.choices = [str(c) for c in self.value.get("choices") or []]
        self.rows = [str(r) for r in self.value.get("rows") or []]
        self.columns = [str(c) for c in self.value.get("columns") or []]
        self.prefix = f"q-{self.id}"

    def __repr__(self):
        return f"<Question {self.type} {self.label!r}>"

    # Form fields: every field is optional; SurveyStepForm.clean() enforces "required"
    # only for questions that are shown, which depends on the other answers.

    def _choice_field(self, choices, widget):
        return forms.ChoiceField(
            label=self.label, help_text=self.help_text, required=False, choices=choices, widget=widget,
            error_messages={"invalid_choice": _("Choose one of the answers in the list.")},
        )

    def form_fields(self):
        name = self.prefix
        t = self.type
        if t in ("short_text", "long_text"):
            limit = int(self.value.get("max_length") or (255 if t == "short_text" else 5000))
            widget = forms.TextInput if t == "short_text" else forms.Textarea(attrs={"rows": 5})
            field = forms.CharField(label=self.label, help_text=self.help_text, required=False, max_length=limit, widget=widget)
            return {name: field}
        if t == "single_choice":
            choices = [(c, c) for c in self.choices]
            if self.value.get("allow_other"):
                choices.append((OTHER, _("Other")))
            if self.value.get("display") == "dropdown":
                field = self._choice_field([("", _("Choose an answer"))] + choices, forms.Select)
            else:
                field = self._choice_field(choices, forms.RadioSelect)
            fields = {name: field}
            if self.value.get("allow_other"):
                fields[f"{name}-other"] = forms.CharField(label=_("Other (please say)"), required=False, max_length=255)
            return fields
        if t == "multiple_choice":
            choices = [(c, c) for c in self.choices]
            if self.value.get("allow_other"):
                choices.append((OTHER, _("Other")))
            field = forms.MultipleChoiceField(
                label=self.label, help_text=self.help_text, required=False, choices=choices,
                widget=forms.CheckboxSelectMultiple,
                error_messages={"invalid_choice": _("Choose answers from the list.")},
            )
            fields = {name: field}
            if self.value.get("allow_other"):
                fields[f"{name}-other"] = forms.CharField(label=_("Other (please say)"), required=False, max_length=255)
            return fields
        if t == "scale":
            points = int(self.value.get("points") or 5)
            choices = [(str(n), str(n)) for n in range(1, points + 1)]
            return {name: self._choice_field(choices, forms.RadioSelect)}
        if t == "rating":
            top = int(self.value.get("max_rating") or 5)
            return {name: self._choice_field([(str(n), str(n)) for n in range(1, top + 1)], forms.RadioSelect)}
        if t == "ranking":
            ranks = [("", "-")] + [(str(n), str(n)) for n in range(1, len(self.choices) + 1)]
            return {
                f"{name}-rank-{i}": forms.ChoiceField(label=choice, required=False, choices=ranks)
                for i, choice in enumerate(self.choices)
            }
        if t == "number":
            kwargs = {}
            if self.value.get("min_value") is not None:
                kwargs["min_value"] = self.value["min_value"]
            if self.value.get("max_value") is not None:
                kwargs["max_value"] = self.value["max_value"]
            return {name: forms.DecimalField(
                label=self.label, help_text=self.help_text, required=False, max_digits=20, decimal_places=6,
                **kwargs,
            )}
        if t == "date":
            return {name: forms.DateField(
                label=self.label, help_text=self.help_text, required=False,
                widget=forms.DateInput(attrs={"type": "date"}),
            )}
        if t == "email":
            return {name: forms.EmailField(
                label=self.label, help_text=self.help_text, required=False, max_length=254,
                widget=forms.EmailInput(attrs={"autocomplete": "email"}),
            )}
        if t == "matrix":
            choices = [(c, c) for c in self.columns]
            return {f"{name}-row-{i}": self._choice_field(choices, forms.RadioSelect) for i in range(len(self.rows))}
        return {}

    def text_field_names(self):
        if self.type in ("short_text", "long_text", "email"):
            return [self.prefix]
        if self.value.get("allow_other"):
            return [f"{self.prefix}-other"]
        return []

    def answer_from(self, cleaned):
        """The stored answer from a form's cleaned data, or None; raises ValidationError if inconsistent."""
        name = self.prefix
        t = self.type
        if t in ("short_text", "long_text", "email"):
            return cleaned.get(name) or None
        if t == "single_choice":
            return cleaned.get(name) or None
        if t == "multiple_choice":
            chosen = cleaned.get(name) or []
            minimum, maximum = self.value.get("min_choices"), self.value.get("max_choices")
            if chosen and minimum and len(chosen) < minimum:
                raise ValidationError(_("Choose at least %(count)s answers.") % {"count": minimum})
            if maximum and len(chosen) > maximum:
                raise ValidationError(_("Choose at most %(count)s answers.") % {"count": maximum})
            return list(chosen) or None
        if t in ("scale", "rating"):
            value = cleaned.get(name)
            return int(value) if value else None
        if t == "ranking":
            ranks = {choice: cleaned.get(f"{name}-rank-{i}") for i, choice in enumerate(self.choices)}
            given = {c: int(r) for c, r in ranks.items() if r}
            if not given:
                return None
            if len(given) != len(self.choices) or sorted(given.values()) != list(range(1, len(self.choices) + 1)):
                raise ValidationError(_("Give each option a different number, from 1 for your first choice."))
            return sorted(given, key=given.get)
        if t == "number":
            value = cleaned.get(name)
            return None if value is None else str(value.normalize() if value == value.to_integral() else value)
        if t == "date":
            value = cleaned.get(name)
            return value.isoformat() if value else None
        if t == "matrix":
            answer = {row: cleaned.get(f"{name}-row-{i}") for i, row in enumerate(self.rows)}
            answer = {row: col for row, col in answer.items() if col}
            return answer or None
        return None

    def other_text(self, cleaned):
        return (cleaned.get(f"{self.prefix}-other") or "").strip()

    def initial_for(self, answers):
        """Form initial values showing the stored answer (going back to a step)."""
        answer = answers.get(self.id)
        if answer is None:
            return {}
        name = self.prefix
        t = self.type
        if t == "ranking":
            return {f"{name}-rank-{self.choices.index(c)}": str(r) for r, c in enumerate(answer, 1) if c in self.choices}
        if t == "matrix":
            return {f"{name}-row-{self.rows.index(row)}": col for row, col in answer.items() if row in self.rows}
        initial = {name: answer if not isinstance(answer, int) else str(answer)}
        if answers.get(f"{self.id}:other"):
            initial[f"{name}-other"] = answers[f"{self.id}:other"]
        return initial

    def matches(self, answer, expected):
        """True if ``answer`` to this (choice) question includes the ``expected`` choice."""
        if answer is None:
            return False
        values = answer if isinstance(answer, list) else [answer]
        return any(_norm(v) == _norm(expected) for v in values)

    def display(self, answers):
        """The answer as text (for exports and the admin)."""
        answer = answers.get(self.id)
        if answer is None:
            return ""
        other = answers.get(f"{self.id}:other", "")
        if isinstance(answer, list):
            return "; ".join(f"{_('Other')}: {other}" if a == OTHER else str(a) for a in answer)
        if answer == OTHER:
            return f"{_('Other')}: {other}"
        if isinstance(answer, dict):
            return "; ".join(f"{row}: {col}" for row, col in answer.items())
        return str(answer)

    def export_columns(self):
        """(header, getter) pairs: one column, or one per matrix row."""
        if self.type in ("short_text", "long_text", "email", "date", "number", "scale", "rating") or (
            self.type == "single_choice" and not self.value.get("allow_other")
        ):
            # Plain values: read straight from the answers (the common case, kept fast for big exports).
            return [(self.label, lambda answers, qid=self.id: answers.get(qid, ""))]
        if self.type == "matrix":
            return [
                (f"{self.label} [{row}]", lambda answers, row=row: (answers.get(self.id) or {}).get(row, ""))
                for row in self.rows
            ]
        return [(self.label, self.display)]


class Step:
    def __init__(self, title="", condition=None):
        self.title = title
        self.condition = condition  # the page break Item that starts this step, if any
        self.items = []

    @property
    def questions(self):
        return [item for item in self.items if item.is_question]


class SurveyStructure:
    """The steps and questions of a survey, and which of them show for given answers."""

    def __init__(self, stream):
        self.steps = [Step()]
        self.items = []
        for position, block in enumerate(stream):
            if block.block_type == "page_break":
                step = Step(block.value.get("title") or "", Item(block, position))
                self.steps.append(step)
                continue
            item = Question(block, position) if block.block_type in ANSWERABLE else Item(block, position)
            self.steps[-1].items.append(item)
            self.items.append(item)
        if not self.steps[0].items and len(self.steps) > 1:
            self.steps.pop(0)  # a survey that starts with a page break
        self.questions = [item for item in self.items if item.is_question]
        self.by_id = {q.id: q for q in self.questions}

    def _source(self, item):
        """The earlier choice question ``item``'s condition refers to, or None."""
        wanted = _norm(item.show_if_question)
        for question in self.questions:
            if question.position >= item.position:
                break
            if question.type in CHOICE_TYPES and _norm(question.label) == wanted:
                return question
        return None

    def visible_items(self, answers):
        """Items shown for ``answers``, in order; a hidden question's answer never counts."""
        shown = set()
        visible = []
        for step in self.steps:
            step_shown = self._condition_met(step.condition, answers, shown) if step.condition else True
            for item in step.items:
                if step_shown and self._condition_met(item, answers, shown):
                    shown.add(item.id)
                    visible.append(item)
        return visible

    def _condition_met(self, item, answers, shown):
        if not item.conditional:
            return True
        source = self._source(item)
        if source is None:
            return True  # a condition naming no earlier choice question is ignored (see the editor docs)
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
            if item.is_question and item.required and answers.get(item.id) in (None, "", [], {}):
                return item
        return None


def parse_decimal(value):
    try:
        return decimal.Decimal(str(value))
    except (decimal.InvalidOperation, ValueError):
        return None
