"""Residents' petition forms: signing and starting one."""

import contextlib

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from wagtail_participation.core.forms import MailboxField, ParticipationForm
from wagtail_participation.core.mailboxes import (
    InvalidMailbox,
    mailbox_key_or_none,
    provider_domain,
)

from .conf import settings
from .models import rejection_reason_choices
from .postcodes import postcode_format


def area_field():
    """The area question the council configured (postcode, ward), or None."""
    kind = settings.PETITION_AREA
    if kind == "postcode":
        return forms.CharField(
            label=_("Your postcode"),
            max_length=12,
            help_text=_("Used only to count signatures per area."),
            widget=forms.TextInput(
                attrs={
                    "autocomplete": "postal-code",
                    "autocapitalize": "characters",
                    "spellcheck": "false",
                }
            ),
        )
    if kind == "ward":
        # Wards are the projects app's Area snippets, needed only with this setting: a site
        # without the projects app still imports this module.
        from wagtail_participation.projects.models import Area

        return forms.ChoiceField(
            label=_("Your ward"),
            help_text=_("Used only to count signatures per area."),
            choices=[("", _("Choose your ward"))]
            + [(a.name, a.name) for a in Area.objects.order_by("name")],
        )
    return None


class SignatureForm(ParticipationForm):
    name = forms.CharField(
        label=_("Your name"),
        max_length=120,
        help_text=_("Only the council sees names; the public sees the count."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = MailboxField(
        label=_("Your email address"),
        max_length=254,
        help_text=_("We email you a link: your signature counts once you follow it."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    wants_updates = forms.BooleanField(
        label=_("Email me when the council responds to this petition"),
        required=False,
        initial=True,
    )
    wants_newsletter = forms.BooleanField(
        label=_("Send me the council's newsletter"), required=False
    )
    text_fields = ("name", "email", "area")

    def __init__(self, *args, signed_in=False, **kwargs):
        """``signed_in``: the resident is signed in with a confirmed address, which signs at once."""
        super().__init__(*args, **kwargs)
        if signed_in:
            self.fields["email"].help_text = _(
                "You are signed in with this address, so your signature counts at once. With "
                "another address, we email it a link to confirm."
            )
        field = area_field()
        if field is not None:
            self.fields["area"] = field
            self.order_fields(["name", "email", "area", "wants_updates", "wants_newsletter"])

    def clean_area(self):
        value = self.cleaned_data.get("area") or ""
        if settings.PETITION_AREA == "postcode" and value:
            return postcode_format()(value)  # the council's format (PETITION_POSTCODE_FORMAT)
        return value


def _limit(field, limit):
    field.max_length = limit
    field.validators.append(MaxLengthValidator(limit))
    field.widget.attrs["maxlength"] = str(limit)


class StartPetitionForm(ParticipationForm):
    request = forms.CharField(
        label=_("What do you want the council to do?"),
        help_text=_("One sentence, starting with a verb: 'Open the library on Sundays'."),
    )
    background = forms.CharField(
        label=_("Why?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Why this matters to you and your neighbours."),
    )
    details = forms.CharField(
        label=_("More details (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    name = forms.CharField(
        label=_("Your name"),
        max_length=120,
        help_text=_("Shown on the petition as the person who started it."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    text_fields = ("request", "background", "details", "name", "area")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _limit(self.fields["request"], settings.PETITION_REQUEST_MAX_LENGTH)
        _limit(self.fields["background"], settings.PETITION_BACKGROUND_MAX_LENGTH)
        _limit(self.fields["details"], settings.PETITION_DETAILS_MAX_LENGTH)
        field = area_field()
        if field is not None:
            self.fields["area"] = field

    clean_area = SignatureForm.clean_area


class RejectForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), widget=forms.RadioSelect)
    details = forms.CharField(
        label=_("Explanation (optional)"),
        required=False,
        help_text=_(
            "Emailed to the creator and, unless the petition is hidden, shown on its page."
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].choices = rejection_reason_choices()


class InvalidateForm(forms.Form):
    ip_address = forms.GenericIPAddressField(label=_("From this IP address"), required=False)
    email_domain = forms.CharField(
        label=_("With this email domain"), required=False, max_length=254
    )
    email = forms.EmailField(label=_("With this email address"), required=False)
    since = forms.DateTimeField(
        label=_("Signed from"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    until = forms.DateTimeField(
        label=_("Signed until"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    confirm = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        if not any(data.get(name) for name in self.CONDITIONS):
            raise forms.ValidationError(_("Choose at least one of the conditions."))
        return data

    CONDITIONS = ("ip_address", "email_domain", "email", "since", "until")
    #: Conditions that point at one signer: the page history says only that they were used.
    PERSONAL_CONDITIONS = ("ip_address", "email")

    def describe(self):
        """The conditions in words, values included (what a confirmation is tied to)."""
        data = self.cleaned_data
        return ", ".join(f"{name}={data[name]}" for name in self.CONDITIONS if data.get(name))

    def describe_for_history(self):
        """The conditions for the page history, which every editor of the petition reads and
        which outlives "forget me": an IP address or an email address is named, not given."""
        data = self.cleaned_data
        return ", ".join(
            name if name in self.PERSONAL_CONDITIONS else f"{name}={data[name]}"
            for name in self.CONDITIONS
            if data.get(name)
        )

    def fingerprint(self):
        """Ties a confirmation to the conditions previewed: changed conditions need a new preview."""
        return salted_hmac(
            "wagtail_participation.petitions.invalidate", self.describe(), algorithm="sha256"
        ).hexdigest()[:32]

    def is_confirmed(self):
        return (
            bool(self.cleaned_data.get("confirm"))
            and self.cleaned_data["confirm"] == self.fingerprint()
        )

    def filter(self, signatures):
        data = self.cleaned_data
        if data.get("ip_address"):
            signatures = signatures.filter(ip_address=data["ip_address"])
        if data.get("email_domain"):
            domain = data["email_domain"].strip().lower().lstrip("@")
            with contextlib.suppress(InvalidMailbox):
                domain = provider_domain(domain)  # as stored: ASCII form, aliases applied
            signatures = signatures.filter(email_domain=domain)
        if data.get("email"):
            key = mailbox_key_or_none(data["email"])
            # An address without a mailbox key matches no signature.
            signatures = signatures.filter(email_normalised=key) if key else signatures.none()
        if data.get("since"):
            signatures = signatures.filter(created_at__gte=data["since"])
        if data.get("until"):
            signatures = signatures.filter(created_at__lte=data["until"])
        return signatures
