"""Resident forms of idea boards: posting and editing an idea, voting."""

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from wagtail_participation.core.forms import ParticipationForm

from .conf import settings
from .images import process_image
from .maps import board_bounds, map_enabled, map_options


class PlacePickerInput(forms.HiddenInput):
    """The latitude's hidden input, followed by the map a resident taps to place their idea
    (``map.js``; hidden without JavaScript, where the address is the way to say where)."""

    template_name = "wagtail_participation_ideas/widgets/place_picker.html"

    def __init__(self, *args, bounds=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.bounds = bounds

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["map"] = {**map_options(), "bounds": self.bounds}
        return context


class IdeaForm(ParticipationForm):
    """The fields a board asks for; built for one board (its categories, location, images)."""

    title = forms.CharField(
        label=_("Title of your idea"),
        help_text=_("A short summary, like a headline."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    description = forms.CharField(
        label=_("Describe your idea"),
        help_text=_("What should change, where, and why? Plain text; web addresses become links."),
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    text_fields = ("title", "description", "address", "image_alt")

    def __init__(self, *args, board, idea=None, **kwargs):
        self.board = board
        self.idea = idea
        self.uses_map = False  # a map to place the idea on (the board asks where, tiles are set)
        if idea is not None and not kwargs.get("initial"):
            kwargs["initial"] = {
                "title": idea.title,
                "description": idea.description,
                "category": idea.category_id,
                "address": idea.address,
                "latitude": idea.latitude,
                "longitude": idea.longitude,
                "image_alt": idea.image_alt,
                # The current picture: the file input then offers to remove it ("image-clear").
                "image": idea.image or None,
            }
        super().__init__(*args, **kwargs)
        self._limit("title", settings.IDEA_TITLE_MAX_LENGTH)
        self._limit("description", settings.IDEA_DESCRIPTION_MAX_LENGTH)
        extra = {}
        categories = board.categories.all()
        if categories:
            extra["category"] = forms.ModelChoiceField(
                label=_("Category"),
                queryset=categories,
                empty_label=_("Choose a category"),
                error_messages={
                    "required": _("Choose the category that fits your idea best."),
                    "invalid_choice": _("Choose one of the categories in the list."),
                },
            )
        if board.ask_location:
            extra["address"] = forms.CharField(
                label=_("Where? (optional)"),
                required=False,
                max_length=200,
                help_text=_("A street, a place or a landmark."),
                widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
            )
            extra["latitude"] = forms.DecimalField(
                label=_("Latitude (optional)"),
                required=False,
                min_value=-90,
                max_value=90,
                max_digits=9,
                decimal_places=6,
                help_text=_("Map coordinates in decimal degrees, e.g. 52.370216."),
            )
            extra["longitude"] = forms.DecimalField(
                label=_("Longitude (optional)"),
                required=False,
                min_value=-180,
                max_value=180,
                max_digits=9,
                decimal_places=6,
                help_text=_("For example 4.895168."),
            )
            self.uses_map = map_enabled()
            if self.uses_map:
                # Tapping the map fills both coordinates (hidden); the address stays text.
                extra["latitude"].widget = PlacePickerInput(bounds=board_bounds(board))
                extra["longitude"].widget = forms.HiddenInput()
        if board.allow_images:
            image_input = forms.ClearableFileInput(
                attrs={"accept": "image/jpeg,image/png,image/webp"}
            )
            image_input.initial_text = _("Your picture")
            image_input.clear_checkbox_label = _("Remove it")
            image_input.input_text = _("Or choose another")
            extra["image"] = forms.FileField(
                label=_("A photo or picture (optional)"),
                required=False,
                help_text=_(
                    "JPEG, PNG or WebP. We remove location and camera details from photos."
                ),
                widget=image_input,
            )
            extra["image_alt"] = forms.CharField(
                label=_("Describe the picture (optional)"),
                required=False,
                max_length=200,
                help_text=_("For people who cannot see it."),
            )
        self.fields.update(extra)  # the helper (built on first use) puts the honeypot last

    def get_antispam_target(self):
        # A token rendered for one board (or one idea being edited) is refused by another.
        return f"{self.board.pk}:{self.idea.pk if self.idea is not None else ''}"

    def _limit(self, name, limit):
        field = self.fields[name]
        field.max_length = limit
        field.validators.append(MaxLengthValidator(limit))
        field.widget.attrs["maxlength"] = str(limit)

    def clean_image(self):
        upload = self.cleaned_data.get("image")
        if upload is False:  # "clear" ticked on an idea being edited
            return False
        if not isinstance(
            upload, UploadedFile
        ):  # nothing chosen: the current picture, if any, stays
            return None
        return process_image(upload)

    def clean(self):
        cleaned_data = super().clean()
        if self.uses_map and self._place_errors():
            # Hidden coordinates that cannot be read: said once, about the map (no field to fix).
            self.add_error(
                None, _("The place on the map could not be read. Please tap the map again.")
            )
            return cleaned_data
        latitude, longitude = cleaned_data.get("latitude"), cleaned_data.get("longitude")
        if (
            (latitude is None) != (longitude is None)
            and not self.has_error("latitude")
            and not self.has_error("longitude")
        ):
            self.add_error(
                "longitude" if longitude is None else "latitude",
                _("Give both latitude and longitude, or leave both empty."),
            )
        return cleaned_data

    def _place_errors(self):
        found = False
        for name in ("latitude", "longitude"):
            if name in self._errors:
                del self._errors[name]
                found = True
        if found or (self.cleaned_data.get("latitude") is None) != (
            self.cleaned_data.get("longitude") is None
        ):
            self.cleaned_data["latitude"] = self.cleaned_data["longitude"] = None
            return True
        return False


class VoteForm(forms.Form):
    """A vote button's POST: support, oppose, or take the vote back."""

    action = forms.ChoiceField(
        choices=[("support", "support"), ("oppose", "oppose"), ("remove", "remove")]
    )
    wants_updates = forms.BooleanField(required=False)
