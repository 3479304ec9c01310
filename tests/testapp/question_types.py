"""A survey question type registered only in the tests: yes or no, with a reason.

It shows what a site's own type needs: its block, two form fields (the second stored beside
the answer under ``<id>:reason``), its own display, results (a bar per answer and the
reasons) and export columns (the answer as a word, and the reason), in Python and in SQL.
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from wagtail_participation.surveys.answers import sql_plain
from wagtail_participation.surveys.blocks import QuestionBlock
from wagtail_participation.surveys.question_results import CountedResult
from wagtail_participation.surveys.questions import QuestionType, register_question_type

ANSWERS = {"yes": _("Yes"), "no": _("No")}


class YesNoWithReasonBlock(QuestionBlock):
    reason_label = blocks.CharBlock(
        label=_("label of the reason box"), max_length=255, default=_("Why?")
    )
    reason_required = blocks.BooleanBlock(label=_("a reason is required with “No”"), required=False)

    class Meta:
        label = _("Yes or no, with a reason")
        icon = "help"


class YesNoResult(CountedResult):
    shows_written_answers = True  # the reasons, for staff

    def bar_keys(self):
        return list(ANSWERS)

    def bar_label(self, key):
        return str(ANSWERS.get(key, key))

    def add(self, answers, search):
        super().add(answers, search)
        if answers.get(f"{self.id}:reason"):
            self.add_text(self.texts, answers[f"{self.id}:reason"], search)

    def grouped_keys(self):
        return [self.id, f"{self.id}:reason"]

    def add_grouped(self, key, value, count, search):
        if key == self.id:
            self.add_value(value, None, count, search)
        else:
            self.add_texts(self.texts, value, count, search)


@register_question_type
class YesNoWithReasonType(QuestionType):
    block_type = "yes_no_reason"
    block_class = YesNoWithReasonBlock
    template = (
        "wagtail_participation_surveys/questions/choices.html"  # radio buttons, then the reason box
    )
    result_class = YesNoResult
    decides_conditions = True
    single_answer = True
    related_keys = ("reason",)

    def form_fields(self):
        return {
            self.prefix: forms.ChoiceField(
                label=self.label,
                help_text=self.help_text,
                required=False,
                widget=forms.RadioSelect,
                choices=[(value, label) for value, label in ANSWERS.items()],
            ),
            f"{self.prefix}-reason": forms.CharField(
                label=self.value.get("reason_label") or _("Why?"),
                required=False,
                max_length=500,
            ),
        }

    def text_field_names(self):
        return [f"{self.prefix}-reason"]

    def initial_for(self, answers):
        initial = super().initial_for(answers)
        if answers.get(f"{self.id}:reason"):
            initial[f"{self.prefix}-reason"] = answers[f"{self.id}:reason"]
        return initial

    def related_answers(self, cleaned, answer):
        reason = (cleaned.get(f"{self.prefix}-reason") or "").strip()
        if answer == "no" and not reason and self.value.get("reason_required"):
            return {}, {f"{self.prefix}-reason": _("Please say why.")}
        return ({f"{self.id}:reason": reason} if answer and reason else {}), {}

    def partial_related_answers(self, cleaned):
        reason = (cleaned.get(f"{self.prefix}-reason") or "").strip()
        return {f"{self.id}:reason": reason} if reason else {}

    def condition_answers(self):
        return list(ANSWERS)

    def display(self, answers):
        answer = str(ANSWERS.get(answers.get(self.id), answers.get(self.id) or ""))
        reason = answers.get(f"{self.id}:reason")
        return f"{answer}: {reason}" if answer and reason else answer

    def export_columns(self):
        return [
            (
                self.label,
                lambda answers: str(ANSWERS.get(answers.get(self.id), answers.get(self.id, ""))),
            ),
            (f"{self.label} ({_('reason')})", lambda answers: answers.get(f"{self.id}:reason", "")),
        ]

    def export_sql_columns(self, other_prefix):
        return [
            (
                "CASE r.answers ->> %s WHEN 'yes' THEN %s WHEN 'no' THEN %s ELSE r.answers ->> %s END",
                [self.id, str(ANSWERS["yes"]), str(ANSWERS["no"]), self.id],
            ),
            sql_plain(f"{self.id}:reason"),
        ]
