"""Survey question types: one class per kind of survey block, registered by block name.

A type class owns everything that differs between kinds of question:

- its StreamField block (``block_class``; ``make_block()``);
- its form fields and widgets (``form_fields``), the template that shows them (``template``),
  the text fields anti-spam checks (``text_field_names``), and the form's initial values
  from stored answers (``initial_for``);
- answer parsing and cleaning (``answer_from``, ``related_answers``, ``required_error``);
- conditions (``decides_conditions``, ``condition_answers``, ``matches``);
- display of an answer (``display``: "Your data", the admin);
- aggregation for the results (``result_class``, see ``question_results.py``; the results
  filter: ``can_filter_results``, ``matches_results_filter``, ``results_filter_sql``);
- export columns, in Python (``export_columns``) and in PostgreSQL (``export_sql_columns``).

An instance stands for one block of one survey (``SurveyStructure`` makes them from the
StreamField): ``id`` (the block id answers are stored under), ``value`` (the block's
value), ``position``. See ``registry.py`` for registering a type.

Stored answers of the built-in types: text, email and a single choice as a string
(``OTHER`` plus ``answers[id + ":other"]`` for "Other"); multiple choices and rankings as
lists of choice texts; scale and rating as integers; a number as a decimal string; a date
as ``YYYY-MM-DD``; a matrix as ``{row: column}``.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from . import blocks
from .answers import OTHER, is_empty, norm, plain_text, sql_any, sql_list, sql_plain
from .question_results import (
    AnsweredResult,
    ChoiceResult,
    MatrixResult,
    NumberResult,
    PointsResult,
    QuestionResult,
    RankingResult,
    ScaleResult,
    TextResult,
)
from .registry import register_question_type

TEMPLATES = "wagtail_participation_surveys/questions/"


class ItemType:
    """A survey block that asks nothing (information), or the base of every question type."""

    #: The block's name in the survey's StreamField (and in stored data); set by each type.
    block_type = None
    #: The StructBlock class editors fill in; ``make_block()`` makes the instance.
    block_class = None
    #: A question: residents answer it.
    is_question = False
    #: A page break: it starts a new step (its condition decides whether the step shows).
    starts_step = False
    #: The template showing it in a step (context: ``item``; questions also ``question``, ``fields``).
    template = TEMPLATES + "information.html"
    #: Editors may make other blocks depend on its answer (``condition_answers``, ``matches``).
    decides_conditions = False
    #: Its answers are personal data: "forget me" removes them from the resident's responses.
    holds_personal_data = False

    @classmethod
    def make_block(cls):
        return cls.block_class()

    def __init__(self, block, position):
        self.id = block.id
        self.type = block.block_type
        self.value = block.value
        self.position = position
        self.show_if_question = self.value.get("show_if_question") or ""
        self.show_if_answer = self.value.get("show_if_answer") or ""
        #: The earlier question the condition depends on, set by ``SurveyStructure`` (None: no condition).
        self.source = None

    def __repr__(self):
        return f"<{type(self).__name__} {self.id}>"

    @property
    def conditional(self):
        return bool(self.show_if_question and self.show_if_answer)

    def strings(self, key: str) -> list[str]:
        """The list the editor gave under ``key`` (choices, rows...), as strings."""
        return [str(item) for item in self.value.get(key) or []]


class InformationType(ItemType):
    block_type = "information"
    block_class = blocks.InformationBlock


class PageBreakType(ItemType):
    block_type = "page_break"
    block_class = blocks.PageBreakBlock
    starts_step = True

    @property
    def title(self):
        return self.value.get("title") or ""


class QuestionType(ItemType):
    """A question. The defaults suit a question with one form field and a plain stored value."""

    is_question = True
    template = TEMPLATES + "field.html"
    #: How the results count its answers (``question_results.py``).
    result_class = QuestionResult
    #: Results may be narrowed to respondents who gave one of its answers (``?filter=<id>|<answer>``) ...
    can_filter_results = False
    #: ... and the results' filter list offers its answers.
    offered_as_results_filter = False
    #: A respondent gives at most one of its answers, a plain value (public results protect
    #: small groups of its answers against working them out by subtraction).
    single_answer = False
    #: Public results show its figures (email addresses: never).
    in_public_results = True
    #: Answers stored beside the main one, under ``<id>:<suffix>`` (``"other"``: an "Other" text).
    related_keys = ()

    def __init__(self, block, position):
        super().__init__(block, position)
        self.label = self.value["label"]
        self.help_text = self.value.get("help_text") or ""
        self.required = bool(self.value.get("required"))
        self.prefix = f"q-{self.id}"

    def __repr__(self):
        return f"<{type(self).__name__} {self.label!r}>"

    # The form. Every field is optional to Django: SurveyStepForm.clean() enforces "required"
    # only for questions that are shown, which depends on the other answers.

    def form_fields(self):
        """``{field name: form field}``; names start with ``prefix``, the first one takes errors."""
        return {
            self.prefix: forms.CharField(label=self.label, help_text=self.help_text, required=False)
        }

    @property
    def error_field(self):
        return next(iter(self.form_fields()))

    def text_field_names(self):
        """The fields residents write text into (anti-spam checks them)."""
        return []

    def initial_for(self, answers):
        """Form initial values showing the stored answer (going back to a step)."""
        answer = answers.get(self.id)
        if answer is None:
            return {}
        return {self.prefix: answer if not isinstance(answer, int) else str(answer)}

    def answer_keys(self):
        """Every key this question stores answers under."""
        return [self.id] + [f"{self.id}:{suffix}" for suffix in self.related_keys]

    def answer_from(self, cleaned):
        """The stored answer from a form's cleaned data, or None; raises ValidationError if inconsistent."""
        return cleaned.get(self.prefix) or None

    def related_answers(self, cleaned, answer):
        """Answers stored beside ``answer`` (``{key: value}``) and errors of their fields
        (``{field name: message}``)."""
        return {}, {}

    def partial_related_answers(self, cleaned):
        """The related answers to keep when the resident goes back with the step half filled."""
        return {}

    def required_error(self, answer):
        """Why ``answer`` does not answer this required question, or None."""
        return _("Please answer this question.") if is_empty(answer) else None

    def required_errors(self, answer):
        """``{field name: message}`` marking the fields a required question still needs
        (default: ``required_error`` on ``error_field``)."""
        message = self.required_error(answer)
        return {self.error_field: message} if message else {}

    # Conditions and the results filter

    def condition_answers(self):
        """The answers a condition on this question may name (None: any text)."""
        return None

    @property
    def condition_field(self):
        """The form field the browser reads to show a question of the same step that depends on this one."""
        return self.error_field

    def matches(self, answer, expected):
        """True if ``answer`` to this question is (or includes) the ``expected`` answer."""
        if answer is None:
            return False
        values = answer if isinstance(answer, list) else [answer]
        return any(norm(v) == norm(expected) for v in values)

    def matches_results_filter(self, answer, filter_answer):
        return self.matches(answer, filter_answer) or str(answer) == filter_answer

    def results_filter_sql(self, filter_answer):
        """The PostgreSQL condition (and params) for ``matches_results_filter`` on ``r.answers``."""
        return "(r.answers -> %s @> to_jsonb(%s::text) OR (r.answers ->> %s) = %s)", [
            self.id,
            filter_answer,
            self.id,
            filter_answer,
        ]

    # Display, results and export

    def display(self, answers):
        """The answer as text (exports, "Your data")."""
        return plain_text(answers.get(self.id), answers.get(f"{self.id}:other", ""))

    def make_result(self, public):
        return self.result_class(self, public)

    def export_columns(self):
        """(header, getter(answers)) pairs: one column by default."""
        # A plain value: read straight from the answers (the common case, kept fast for big exports).
        return [(self.label, lambda answers, qid=self.id: answers.get(qid, ""))]

    def export_sql_columns(self, other_prefix):
        """(SQL, params) per column of ``export_columns``, the same text, for PostgreSQL's COPY.
        ``other_prefix``: how "Other: " is written."""
        return [sql_plain(self.id)]


class TextType(QuestionType):
    result_class = TextResult
    default_max_length = 255
    widget = forms.TextInput

    def form_fields(self):
        limit = int(self.value.get("max_length") or self.default_max_length)
        return {
            self.prefix: forms.CharField(
                label=self.label,
                help_text=self.help_text,
                required=False,
                max_length=limit,
                widget=self.widget,
            )
        }

    def text_field_names(self):
        return [self.prefix]


class ShortTextType(TextType):
    block_type = "short_text"
    block_class = blocks.ShortTextQuestion


class LongTextType(TextType):
    block_type = "long_text"
    block_class = blocks.LongTextQuestion
    default_max_length = 5000
    widget = forms.Textarea(attrs={"rows": 5})


class ChoiceType(QuestionType):
    """Choices from a list, with "Other" and its text box if the editor offers it."""

    result_class = ChoiceResult
    decides_conditions = True
    can_filter_results = True
    offered_as_results_filter = True
    related_keys = ("other",)

    @property
    def choices(self):
        return self.strings("choices")

    @property
    def allows_other(self):
        return bool(self.value.get("allow_other"))

    def _choice_pairs(self):
        choices = [(c, c) for c in self.choices]
        if self.allows_other:
            choices.append((OTHER, _("Other")))
        return choices

    def _with_other(self, field):
        fields = {self.prefix: field}
        if self.allows_other:
            fields[f"{self.prefix}-other"] = forms.CharField(
                # Read without JavaScript too (it then always shows): it says when it applies.
                label=_("If you chose “Other”, please say what"),
                required=False,
                max_length=255,
            )
        return fields

    def text_field_names(self):
        return [f"{self.prefix}-other"] if self.allows_other else []

    def initial_for(self, answers):
        initial = super().initial_for(answers)
        if initial and answers.get(f"{self.id}:other"):
            initial[f"{self.prefix}-other"] = answers[f"{self.id}:other"]
        return initial

    def other_text(self, cleaned):
        return (cleaned.get(f"{self.prefix}-other") or "").strip()

    def related_answers(self, cleaned, answer):
        if not (answer == OTHER or (isinstance(answer, list) and OTHER in answer)):
            return {}, {}
        other = self.other_text(cleaned)
        errors = (
            {} if other else {f"{self.prefix}-other": _("Please say what your other answer is.")}
        )
        return {f"{self.id}:other": other}, errors

    def partial_related_answers(self, cleaned):
        other = self.other_text(cleaned)
        return {f"{self.id}:other": other} if other else {}

    def condition_answers(self):
        return self.choices

    def export_columns(self):
        return [(self.label, self.display)]


def choice_field(question, choices, widget, label=None):
    return forms.ChoiceField(
        label=question.label if label is None else label,
        help_text=question.help_text,
        required=False,
        choices=choices,
        widget=widget,
        error_messages={"invalid_choice": _("Choose one of the answers in the list.")},
    )


class SingleChoiceType(ChoiceType):
    block_type = "single_choice"
    block_class = blocks.SingleChoiceQuestion
    single_answer = True

    @property
    def is_dropdown(self):
        return self.value.get("display") == "dropdown"

    @property
    def template(self):
        return TEMPLATES + ("field.html" if self.is_dropdown else "choices.html")

    def form_fields(self):
        if self.is_dropdown:
            field = choice_field(
                self, [("", _("Choose an answer"))] + self._choice_pairs(), forms.Select
            )
        else:
            field = choice_field(self, self._choice_pairs(), forms.RadioSelect)
        return self._with_other(field)

    def export_columns(self):
        if not self.allows_other:
            return QuestionType.export_columns(self)
        return super().export_columns()

    def export_sql_columns(self, other_prefix):
        if not self.allows_other:
            return super().export_sql_columns(other_prefix)
        return [sql_any(self.id, other_prefix)]


class MultipleChoiceType(ChoiceType):
    block_type = "multiple_choice"
    block_class = blocks.MultipleChoiceQuestion
    template = TEMPLATES + "choices.html"

    def form_fields(self):
        return self._with_other(
            forms.MultipleChoiceField(
                label=self.label,
                help_text=self.help_text,
                required=False,
                choices=self._choice_pairs(),
                widget=forms.CheckboxSelectMultiple,
                error_messages={"invalid_choice": _("Choose answers from the list.")},
            )
        )

    def answer_from(self, cleaned):
        chosen = cleaned.get(self.prefix) or []
        minimum, maximum = self.value.get("min_choices"), self.value.get("max_choices")
        if chosen and minimum and len(chosen) < minimum:
            raise ValidationError(_("Choose at least %(count)s answers.") % {"count": minimum})
        if maximum and len(chosen) > maximum:
            raise ValidationError(_("Choose at most %(count)s answers.") % {"count": maximum})
        return list(chosen) or None

    def export_sql_columns(self, other_prefix):
        return [sql_list(self.id, other_prefix)]


class PointsType(QuestionType):
    """Points from 1 to ``points``, stored as an integer."""

    result_class = PointsResult
    can_filter_results = True
    single_answer = True
    points_option = "max_rating"

    @property
    def points(self):
        return int(self.value.get(self.points_option) or 5)

    def form_fields(self):
        choices = [(str(n), str(n)) for n in range(1, self.points + 1)]
        return {self.prefix: choice_field(self, choices, forms.RadioSelect)}

    def answer_from(self, cleaned):
        value = cleaned.get(self.prefix)
        return int(value) if value else None


class ScaleType(PointsType):
    block_type = "scale"
    block_class = blocks.ScaleQuestion
    template = TEMPLATES + "scale.html"
    result_class = ScaleResult
    points_option = "points"


class RatingType(PointsType):
    block_type = "rating"
    block_class = blocks.RatingQuestion
    template = TEMPLATES + "rating.html"


class RankingType(QuestionType):
    block_type = "ranking"
    block_class = blocks.RankingQuestion
    template = TEMPLATES + "ranking.html"
    result_class = RankingResult

    @property
    def choices(self):
        return self.strings("choices")

    def form_fields(self):
        ranks = [("", "-")] + [(str(n), str(n)) for n in range(1, len(self.choices) + 1)]
        return {
            f"{self.prefix}-rank-{i}": forms.ChoiceField(
                label=choice, required=False, choices=ranks
            )
            for i, choice in enumerate(self.choices)
        }

    def initial_for(self, answers):
        answer = answers.get(self.id)
        if answer is None:
            return {}
        return {
            f"{self.prefix}-rank-{self.choices.index(c)}": str(r)
            for r, c in enumerate(answer, 1)
            if c in self.choices
        }

    def answer_from(self, cleaned):
        ranks = {
            choice: cleaned.get(f"{self.prefix}-rank-{i}") for i, choice in enumerate(self.choices)
        }
        given = {c: int(r) for c, r in ranks.items() if r}
        if not given:
            return None
        if len(given) != len(self.choices) or sorted(given.values()) != list(
            range(1, len(self.choices) + 1)
        ):
            raise ValidationError(
                _("Give each option a different number, from 1 for your first choice.")
            )
        return sorted(given, key=given.get)

    def export_columns(self):
        return [(self.label, self.display)]

    def export_sql_columns(self, other_prefix):
        return [sql_list(self.id, other_prefix)]


class NumberType(QuestionType):
    block_type = "number"
    block_class = blocks.NumberQuestion
    result_class = NumberResult

    def form_fields(self):
        limits = {}
        if self.value.get("min_value") is not None:
            limits["min_value"] = self.value["min_value"]
        if self.value.get("max_value") is not None:
            limits["max_value"] = self.value["max_value"]
        return {
            self.prefix: forms.DecimalField(
                label=self.label,
                help_text=self.help_text,
                required=False,
                max_digits=20,
                decimal_places=6,
                **limits,
            )
        }

    def answer_from(self, cleaned):
        value = cleaned.get(self.prefix)
        return (
            None
            if value is None
            else str(value.normalize() if value == value.to_integral() else value)
        )


class DateType(QuestionType):
    block_type = "date"
    block_class = blocks.DateQuestion
    result_class = AnsweredResult

    def form_fields(self):
        return {
            self.prefix: forms.DateField(
                label=self.label,
                help_text=self.help_text,
                required=False,
                widget=forms.DateInput(attrs={"type": "date"}),
            )
        }

    def answer_from(self, cleaned):
        value = cleaned.get(self.prefix)
        return value.isoformat() if value else None


class EmailType(QuestionType):
    block_type = "email"
    block_class = blocks.EmailQuestion
    result_class = AnsweredResult
    in_public_results = False
    holds_personal_data = True

    def form_fields(self):
        return {
            self.prefix: forms.EmailField(
                label=self.label,
                help_text=self.help_text,
                required=False,
                max_length=254,
                widget=forms.EmailInput(attrs={"autocomplete": "email"}),
            )
        }

    def text_field_names(self):
        return [self.prefix]


class MatrixType(QuestionType):
    block_type = "matrix"
    block_class = blocks.MatrixQuestion
    template = TEMPLATES + "matrix.html"
    result_class = MatrixResult

    @property
    def rows(self):
        return self.strings("rows")

    @property
    def columns(self):
        return self.strings("columns")

    def form_fields(self):
        choices = [(c, c) for c in self.columns]
        return {
            # Each row is its own field, labelled with the row's name (the question is the
            # legend of the group).
            f"{self.prefix}-row-{i}": choice_field(self, choices, forms.RadioSelect, label=row)
            for i, row in enumerate(self.rows)
        }

    def initial_for(self, answers):
        answer = answers.get(self.id)
        if answer is None:
            return {}
        return {
            f"{self.prefix}-row-{self.rows.index(row)}": col
            for row, col in answer.items()
            if row in self.rows
        }

    def answer_from(self, cleaned):
        answer = {row: cleaned.get(f"{self.prefix}-row-{i}") for i, row in enumerate(self.rows)}
        answer = {row: col for row, col in answer.items() if col}
        return answer or None

    def required_error(self, answer):
        error = super().required_error(answer)
        if error is None and len(answer) < len(self.rows):
            return _("Please choose an answer in every row.")
        return error

    def required_errors(self, answer):
        """Each row left without an answer is marked, with its own message."""
        if self.required_error(answer) is None:
            return {}
        answer = answer or {}
        return {
            f"{self.prefix}-row-{i}": _("Please choose an answer for “%(row)s”.") % {"row": row}
            for i, row in enumerate(self.rows)
            if not answer.get(row)
        }

    def export_columns(self):
        return [
            (
                f"{self.label} [{row}]",
                lambda answers, row=row: (answers.get(self.id) or {}).get(row, ""),
            )
            for row in self.rows
        ]

    def export_sql_columns(self, other_prefix):
        return [("r.answers -> %s ->> %s", [self.id, row]) for row in self.rows]


BUILT_IN_TYPES = [
    ShortTextType,
    LongTextType,
    SingleChoiceType,
    MultipleChoiceType,
    ScaleType,
    RatingType,
    RankingType,
    NumberType,
    DateType,
    EmailType,
    MatrixType,
    InformationType,
    PageBreakType,
]

for _type in BUILT_IN_TYPES:
    register_question_type(_type)
