"""The form of one survey step, built from its questions."""

from django.core.exceptions import ValidationError

from wagtail_participation.core.conf import settings
from wagtail_participation.core.forms import ParticipationForm


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
            for key in question.answer_keys():
                answers.pop(key, None)
            try:
                answer = question.answer_from(cleaned)
            except ValidationError as error:
                self.add_error(question.error_field, error)
                continue
            if answer is not None:
                answers[question.id] = answer
            related, errors = question.related_answers(cleaned, answer)
            answers.update(related)
            for name, message in errors.items():
                self.add_error(name, message)
        visible = {item.id for item in self.structure.visible_items(answers)}
        for question in self.step.questions:
            if (
                question.id not in visible
                or question.id in self.errors_for_questions()
                or not question.required
            ):
                continue
            for name, message in question.required_errors(answers.get(question.id)).items():
                self.add_error(name, message)
        self.answers = self.structure.keep_visible(answers)
        return cleaned

    def errors_for_questions(self):
        names = set(self.errors)
        return {q.id for q in self.step.questions if any(n.startswith(q.prefix) for n in names)}

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
            answers.update(question.partial_related_answers(cleaned))
        return answers
