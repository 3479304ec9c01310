"""The moderator's form to set an idea's status and write the council's response."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.rich_text import get_rich_text_editor_widget

from ..models import idea_status_choices

RESPONSE_FEATURES = ["bold", "italic", "link", "ul", "ol"]
INVALID = "__wagtail_participation_unreadable_rich_text__"


def safe_rich_text_widget(features):
    """The admin's rich text editor, answering a form error (not a 500) to a malformed post."""
    widget = get_rich_text_editor_widget(features=features)

    class SafeWidget(type(widget)):
        def value_from_datadict(self, data, files, name):
            try:
                return super().value_from_datadict(data, files, name)
            except (ValueError, TypeError, KeyError, AttributeError):
                return INVALID

    widget.__class__ = SafeWidget
    return widget


class IdeaResponseForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=idea_status_choices)
    response = forms.CharField(
        label=_("Official response"),
        required=False,
        help_text=_(
            "What the council will do and why. Shown on the idea's page with today's date."
        ),
        widget=safe_rich_text_widget(RESPONSE_FEATURES),
    )
    responder_name = forms.CharField(
        label=_("Responder's name or role"),
        required=False,
        max_length=120,
        help_text=_("Shown with the response, e.g. 'Parks team'."),
    )
    notify = forms.BooleanField(
        label=_("Email the author and supporters who asked for updates"),
        required=False,
        initial=True,
    )

    def clean_response(self):
        value = self.cleaned_data.get("response") or ""
        if value == INVALID:
            raise forms.ValidationError(_("The response could not be read. Please write it again."))
        return value


class BulkIdeaResponseForm(IdeaResponseForm):
    """One official response for several ideas: the same text and responder on each, and a
    status for all of them or each keeping its own."""

    KEEP = ""

    status = forms.ChoiceField(label=_("Status"), required=False)
    response = forms.CharField(
        label=_("Official response"),
        help_text=_(
            "The same response on each selected idea's page, with today's date. It replaces "
            "a response an idea had."
        ),
        widget=safe_rich_text_widget(RESPONSE_FEATURES),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [
            (self.KEEP, _("Keep each idea's status")),
            *idea_status_choices(),
        ]
