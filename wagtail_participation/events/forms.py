"""The registration form, with the event's own questions (survey question blocks), and the
cancel confirmation (a plain POST)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from wagtail_participation.core.forms import ParticipationForm
from wagtail_participation.surveys.forms import SurveyStepForm
from wagtail_participation.surveys.questions import Step, SurveyStructure


def _all_questions(structure: SurveyStructure) -> Step:
    """One step holding every question of ``structure`` (registration has no steps)."""
    step = Step()
    step.items = [item for each in structure.steps for item in each.items]
    return step


class RegistrationForm(SurveyStepForm):
    """Name, guests (when the event takes them) and the event's questions; ``answers`` holds
    the questions' answers once valid."""

    def __init__(self, *args: Any, page: Any, **kwargs: Any):
        structure = SurveyStructure(page.registration_questions)
        super().__init__(*args, structure=structure, step=_all_questions(structure), **kwargs)
        own = {
            "name": forms.CharField(
                label=_("Your name"),
                max_length=120,
                help_text=_("For the attendance list at the door."),
            )
        }
        if page.max_guests:
            own["guests"] = forms.TypedChoiceField(
                label=_("How many guests are you bringing?"),
                choices=[(str(n), str(n)) for n in range(page.max_guests + 1)],
                coerce=int,
                initial="0",
                widget=forms.RadioSelect,
                help_text=_("Each guest takes a place."),
            )
        self.fields.update(own)
        self.own_field_names = list(own)
        self.text_fields = [*self.text_fields, "name"]
        questions = [name for name in self.fields if name not in own]
        self.order_fields([*own, *questions])

    def get_min_fill_seconds(self) -> int:
        return ParticipationForm.get_min_fill_seconds(self)

    def own_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.own_field_names]

    def question_items(self) -> list[tuple[Any, list[forms.BoundField]]]:
        return [(q, self.question_fields(q)) for q in self.step.questions]


class CancelForm(ParticipationForm):
    """Nothing to fill in: the button, with core's anti-spam checks."""
