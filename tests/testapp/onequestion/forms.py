"""The resident's form: an answer, and where they live if they want to say."""

from django import forms
from django.utils.translation import gettext_lazy as _

from wagtail_participation.core.forms import ParticipationForm, limit_length

from .conf import settings


class AnswerForm(ParticipationForm):
    body = forms.CharField(label=_("Your answer"), widget=forms.Textarea(attrs={"rows": 6}))
    neighbourhood = forms.CharField(
        label=_("Your neighbourhood (optional)"),
        required=False,
        max_length=100,
        help_text=_("Only moderators see it."),
    )
    text_fields = ("body", "neighbourhood")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_length(self.fields["body"], settings.ONEQUESTION_MAX_ANSWER_LENGTH)
