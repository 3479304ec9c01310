"""The form of one survey step, built from its questions."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from wagtail_participation.core.conf import settings
from wagtail_participation.core.forms import ParticipationForm

from .questions import OTHER


class SurveyStepForm(ParticipationForm):
    """Fields of one step's questions. ``previous`` holds the answers of the other steps.

    Every field is optional to Django; ``clean`` requires an answer only where a
    required question is shown for the answers given, so a conditional question
    that does not apply is never demanded, and its answer is dropped.
    """

    def __init__(self, *args, structure, step, previous=None, **kwargs):
        self.structure = structure
        self.step = step
        self.previous = dict(previous or {})
        initial = kwargs.pop("initial", None) or {}
        for question in step.questions:
            initial.update(question.initial_for(self.previous))
        super().__init__(*args, initial=initial, **kwargs)
        self.text_fields = []
        for question in step.questions:
            for name, field in question.form_fields().items():
                self.fields[name] = field
            self.text_fields += question.text_field_names()

    def get_min_fill_seconds(self):
        # Only the first step is timed: a later step may rightly take a second (one optional question).
        first = self.structure.steps[0] if self.structure.steps else None
        return super().get_min_fill_seconds() if self.step is first else 0

    @property
    def honeypot_field(self):
        return self[settings.HONEYPOT_FIELD_NAME]

    def question_fields(self, question):
        return [self[name] for name in question.form_fields()]

    def clean(self):
        cleaned = super().clean()
        answers = dict(self.previous)
        for question in self.step.questions:
            for key in (question.id, f"{question.id}:other"):
                answers.pop(key, None)
            try:
                answer = question.answer_from(cleaned)
            except ValidationError as error:
                self.add_error(self._error_field(question), error)
                continue
            if answer is not None:
                answers[question.id] = answer
            chose_other = answer == OTHER or (isinstance(answer, list) and OTHER in answer)
            if chose_other:
                other = question.other_text(cleaned)
                if not other:
                    self.add_error(f"{question.prefix}-other", _("Please say what your other answer is."))
                answers[f"{question.id}:other"] = other
        visible = {item.id for item in self.structure.visible_items(answers)}
        for question in self.step.questions:
            if question.id not in visible or question.id in self.errors_for_questions():
                continue
            answer = answers.get(question.id)
            if question.required and answer in (None, "", [], {}):
                self.add_error(self._error_field(question), _("Please answer this question."))
            elif question.required and question.type == "matrix" and len(answer) < len(question.rows):
                self.add_error(self._error_field(question), _("Please choose an answer in every row."))
        self.answers = self.structure.keep_visible(answers)
        return cleaned

    def errors_for_questions(self):
        names = set(self.errors)
        return {q.id for q in self.step.questions if any(n.startswith(q.prefix) for n in names)}

    def _error_field(self, question):
        return next(iter(question.form_fields()))

    def partial_answers(self):
        """Answers of the fields that are valid, for going back without losing them."""
        answers = dict(self.previous)
        cleaned = getattr(self, "cleaned_data", {})
        for question in self.step.questions:
            try:
                answer = question.answer_from(cleaned)
            except ValidationError:
                continue
            if answer is not None:
                answers[question.id] = answer
            else:
                answers.pop(question.id, None)
            other = question.other_text(cleaned)
            if other:
                answers[f"{question.id}:other"] = other
        return answers
