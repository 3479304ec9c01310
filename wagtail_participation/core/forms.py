"""Resident-facing forms of the core app."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Layout
from django import forms
from django.core.validators import MaxLengthValidator
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from .antispam import AntiSpamFormMixin
from .conf import settings
from .converters import MAX_ID, is_id  # MAX_ID is importable from here too, as before
from .mailboxes import validate_mailbox
from .models import ReportReason
from .sanitize import clean_text, has_forbidden_characters


def parse_id(value):
    """``value`` (a query parameter) as a database id, or None when it is not one.

    Only decimal digits (``"²"`` passes ``str.isdigit`` but not ``int``), and at most
    ``MAX_ID``, so that no database raises on an out-of-range integer.
    """
    if not isinstance(value, str) or not value.isdecimal() or len(value) > 19:
        return None
    number = int(value)
    return number if is_id(number) else None


def parse_ids(values):
    """``values`` (a list of query or form parameters) as database ids, or None if any is not one."""
    ids = [parse_id(value) for value in values]
    return None if None in ids else ids


def limit_length(field, limit):
    """Hold a text field to ``limit`` characters (a setting, read as each form is made)."""
    field.max_length = limit
    field.validators.append(MaxLengthValidator(limit))
    field.widget.attrs["maxlength"] = str(limit)


def display_name_field(label) -> forms.CharField:
    """The optional name shown next to what a resident posts (``DISPLAY_NAME_MAX_LENGTH``)."""
    return forms.CharField(
        label=label,
        max_length=80,
        required=False,
        help_text=_("Shown next to what you post. Leave it empty to appear as 'Resident'."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )


def pack_draws_divs(pack: str) -> bool:
    """Whether the crispy template pack ``pack`` has a ``layout/div.html`` (every published
    pack does; a site's minimal pack may not, and then draws the honeypot its own way)."""
    try:
        get_template(f"{pack}/layout/div.html")
    except TemplateDoesNotExist:
        return False
    return True


def honeypot_layout(name: str) -> Div:
    """The honeypot field ``name`` in a wrapper every template pack renders hidden.

    The ``hidden`` attribute hides it in any browser without a stylesheet, so the field stays
    out of sight (and out of the tab order and the accessibility tree) under bootstrap5,
    tailwind or a site's own crispy pack as under ours; ``wp-honeypot`` and ``aria-hidden``
    say the same to our CSS and to assistive technology. Robots reading the HTML still see a
    text field to fill.
    """
    return Div(name, css_class="wp-honeypot", hidden="hidden", aria_hidden="true")


CONTROL_CHARACTERS_ERROR = _(
    "This text contains invisible control characters. Please remove them and try again."
)


class ParticipationForm(AntiSpamFormMixin, forms.Form):
    """Base of our public forms: anti-spam, resident text cleaning, a crispy helper."""

    #: Fields holding resident text: control characters refused, text normalised.
    text_fields = ()
    #: Fields held to a length a setting gives (read as each form is made): ``{field: setting}``.
    length_settings: dict[str, str] = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, setting in self.length_settings.items():
            limit_length(self.fields[name], getattr(settings, setting))
        # The honeypot goes last, after the fields a person fills in.
        honeypot = settings.HONEYPOT_FIELD_NAME
        self.order_fields([name for name in self.fields if name != honeypot] + [honeypot])

    @cached_property
    def helper(self):
        """Built on first use, so fields a subclass adds in its ``__init__`` are laid out too."""
        honeypot = settings.HONEYPOT_FIELD_NAME
        self.order_fields([name for name in self.fields if name != honeypot] + [honeypot])
        helper = FormHelper(self)
        helper.form_tag = False
        helper.template_pack = settings.FORM_TEMPLATE_PACK
        if honeypot in self.fields and pack_draws_divs(helper.template_pack):
            helper.layout = Layout(
                *[name for name in self.fields if name != honeypot], honeypot_layout(honeypot)
            )
        return helper

    def clean(self):
        cleaned_data = super().clean()
        for name in self.text_fields:
            field = self.fields.get(name)
            if field is None or not isinstance(cleaned_data.get(name), str):
                continue
            # Text areas keep their line breaks; single-line fields fold them into spaces.
            value = clean_text(
                cleaned_data[name], multiline=isinstance(field.widget, forms.Textarea)
            )
            cleaned_data[name] = value
            # Normalising may lengthen a text (a few characters become two under NFC):
            # the limit holds for what is stored.
            limit = getattr(field, "max_length", None)
            if limit is not None:
                try:
                    MaxLengthValidator(limit)(value)
                except forms.ValidationError as error:
                    self.add_error(name, error)
        return cleaned_data

    def _clean_fields(self):
        super()._clean_fields()
        # Text with control characters gets one clear error, in place of whatever
        # the field said ("enter a valid email address", "null characters...").
        for name in self.text_fields:
            value = self.data.get(self.add_prefix(name), "")
            if isinstance(value, str) and has_forbidden_characters(value):
                self._errors.pop(name, None)
                self.cleaned_data.pop(name, None)
                self.add_error(
                    name, forms.ValidationError(CONTROL_CHARACTERS_ERROR, code="control_characters")
                )


class MailboxField(forms.EmailField):
    """An email address that names a mailbox: valid, and with a canonical key (core.mailboxes).

    The cleaned value is the address as typed (trimmed); identity uses its key.
    """

    def run_validators(self, value):
        super().run_validators(value)
        # Only once the address is otherwise valid, so one error says what is wrong.
        if value not in self.empty_values:
            validate_mailbox(value)


class SignInForm(ParticipationForm):
    email = MailboxField(
        label=_("Your email address"),
        max_length=254,
        help_text=_("We will email you a link to sign in. No password needed."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    display_name = display_name_field(_("Your name (optional)"))
    text_fields = ("email", "display_name")
    length_settings = {"display_name": "DISPLAY_NAME_MAX_LENGTH"}

    def get_min_fill_seconds(self):
        # An email address the browser fills in, sent at once: SIGN_IN_MIN_FILL_SECONDS.
        return settings.SIGN_IN_MIN_FILL_SECONDS


class DisplayNameForm(ParticipationForm):
    """A resident changes the name shown next to what they post ("Your data").

    Council staff (``staff=True``) also choose whether their name says they post for the
    council; residents never see that choice.
    """

    display_name = display_name_field(_("Your name"))
    for_council = forms.BooleanField(
        label=_("Show that I post for the council"),
        help_text=_("Your name then appears with “(council)” next to what you post."),
        required=False,
    )
    text_fields = ("display_name",)
    length_settings = {"display_name": "DISPLAY_NAME_MAX_LENGTH"}

    def __init__(self, *args, staff=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not staff:
            del self.fields["for_council"]


class CommentForm(ParticipationForm):
    body = forms.CharField(
        label=_("Your comment"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Plain text. Web addresses become links."),
    )
    reply_to = forms.IntegerField(
        widget=forms.HiddenInput,
        required=False,
        min_value=1,
        max_value=MAX_ID,
        error_messages={
            "invalid": _("You can only reply to a published comment on this page."),
            "min_value": _("You can only reply to a published comment on this page."),
            "max_value": _("You can only reply to a published comment on this page."),
        },
    )
    text_fields = ("body",)
    length_settings = {"body": "COMMENT_MAX_LENGTH"}

    @staticmethod
    def target_for(page, target=None):
        """What a comment form's token is bound to: the page, or the contribution commented on."""
        return f"contribution:{target.pk}" if target is not None else f"page:{page.pk}"


class ReportForm(ParticipationForm):
    reason = forms.ChoiceField(
        label=_("What is wrong with it?"),
        choices=ReportReason.choices,
        widget=forms.RadioSelect,
    )
    details = forms.CharField(
        label=_("Anything moderators should know (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": "1000"}),
    )
    text_fields = ("details",)


class ResidentDetailsForm(ParticipationForm):
    """A resident gives their postcode and age band (``core.eligibility``): their own word."""

    postcode = forms.CharField(
        label=_("Your postcode"),
        max_length=20,
        required=False,
        help_text=_("Some pages are only for residents of an area."),
    )
    age_band = forms.ChoiceField(
        label=_("Your age"),
        required=False,
        help_text=_("Some pages are only for residents of a certain age."),
    )
    text_fields = ("postcode",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from .eligibility import AgeBand  # it defines a model mixin: imported once apps are ready

        self.fields["age_band"].choices = [("", _("I would rather not say"))] + list(
            AgeBand.choices
        )

    def clean_postcode(self):
        return " ".join((self.cleaned_data.get("postcode") or "").upper().split())


class VotingCodeForm(ParticipationForm):
    """The code printed on a resident's letter (``core.voting_codes``)."""

    code = forms.CharField(
        label=_("Your voting code"),
        max_length=40,
        help_text=_("The code printed on your letter, for example ABCD-EFGH-JKMN."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )
    text_fields = ("code",)
