"""The registration form (and the cancel confirmation, a plain POST)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from wagtail_participation.core.forms import ParticipationForm


class RegistrationForm(ParticipationForm):
    name = forms.CharField(
        label=_("Your name"),
        max_length=120,
        help_text=_("For the attendance list at the door."),
    )
    text_fields = ("name",)

    def __init__(self, *args: Any, max_guests: int = 0, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if max_guests:
            self.fields["guests"] = forms.TypedChoiceField(
                label=_("How many guests are you bringing?"),
                choices=[(str(n), str(n)) for n in range(max_guests + 1)],
                coerce=int,
                initial="0",
                widget=forms.RadioSelect,
                help_text=_("Each guest takes a place."),
            )
            honeypot = [name for name in self.fields if name not in ("name", "guests")]
            self.order_fields(["name", "guests", *honeypot])


class CancelForm(ParticipationForm):
    """Nothing to fill in: the button, with core's anti-spam checks."""
