"""The resident's forms (a proposal, a ballot) and staff's (review, delivery, progress update).

The ballot form is the same for residents and for staff entering a paper ballot: its projects
are drawn by the template (``includes/ballot_fields.html``) from the scope, and read back here
from the POST (``project`` for a chosen project, ``points-<id>``, ``rank-<id>``), so a ballot
with odd values gets a form error, never a 500.
"""

from __future__ import annotations

import io
from typing import Any

from django import forms
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _

from wagtail_participation.core.forms import ParticipationForm, limit_length

from .conf import settings
from .models import BudgetArea, DeliveryStatus, Feasibility, VotingMethod

#: Values beyond this are refused as malformed (no ballot has so many points or ranks).
MAX_VALUE = 100_000


class ProposalForm(ParticipationForm):
    title = forms.CharField(label=_("Title of your project"))
    description = forms.CharField(
        label=_("What should be done, and why?"), widget=forms.Textarea(attrs={"rows": 8})
    )
    place = forms.CharField(label=_("Where (optional)"), required=False, max_length=200)
    estimated_cost = forms.IntegerField(
        label=_("Estimated cost (optional)"),
        required=False,
        min_value=0,
        max_value=10**12,
        help_text=_("Your best guess; the council checks the cost."),
    )
    photo = forms.ImageField(label=_("Photo (optional)"), required=False)
    photo_alt = forms.CharField(
        label=_("Describe the photo (optional)"),
        required=False,
        max_length=200,
        help_text=_("For people who cannot see it."),
    )
    text_fields = ("title", "description", "place", "photo_alt")

    def __init__(self, *args: Any, areas: list[BudgetArea] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        limit_length(self.fields["title"], settings.BUDGET_PROPOSAL_TITLE_MAX_LENGTH)
        limit_length(self.fields["description"], settings.BUDGET_PROPOSAL_DESCRIPTION_MAX_LENGTH)
        self.areas = areas or []
        if self.areas:
            self.fields["budget_area"] = forms.TypedChoiceField(
                label=_("Area"),
                choices=[("", _("City-wide"))] + [(str(a.pk), a.name) for a in self.areas],
                required=False,
                coerce=int,
                empty_value=None,
            )

    def clean_photo(self) -> Any:
        photo = self.cleaned_data.get("photo")
        if not photo:
            return None
        if photo.size > settings.BUDGET_PHOTO_MAX_BYTES:
            raise forms.ValidationError(_("The photo is too large."), code="too_large")
        return reencode(photo)

    def clean_budget_area(self) -> BudgetArea | None:
        area_id = self.cleaned_data.get("budget_area")
        return next((a for a in self.areas if a.pk == area_id), None)


def reencode(upload: Any) -> ContentFile:
    """The photo re-encoded as JPEG at most 1600 pixels on its longer side (no EXIF, no GPS)."""
    from PIL import Image

    try:
        with Image.open(upload) as image:
            if image.width * image.height > 40_000_000:
                raise forms.ValidationError(_("The photo is too large."), code="too_large")
            image = image.convert("RGB")
            image.thumbnail((1600, 1600))
            out = io.BytesIO()
            image.save(out, "JPEG", quality=85)
    except forms.ValidationError:
        raise
    except Exception as error:
        raise forms.ValidationError(
            _("This file is not a photo we can read."), code="bad"
        ) from error
    return ContentFile(out.getvalue(), name="photo.jpg")


class BallotForm(ParticipationForm):
    """A ballot for one pot; ``wanted`` after ``is_valid()``: {project id: value}."""

    antispam_purpose = "wagtail_participation_budgeting.ballot"

    def __init__(self, *args: Any, method: str, project_ids: list[int], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.method = method
        self.project_ids = project_ids
        self.wanted: dict[int, int] = {}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        data = self.data
        ids = set(self.project_ids)
        wanted: dict[int, int] = {}
        if self.method in (VotingMethod.KNAPSACK, VotingMethod.APPROVAL):
            for value in data.getlist("project") if hasattr(data, "getlist") else []:
                if not (isinstance(value, str) and value.isdecimal() and len(value) < 19):
                    raise forms.ValidationError(_("This ballot is not valid."), code="bad")
                if int(value) in ids:
                    wanted[int(value)] = 1
        else:
            prefix = "points" if self.method == VotingMethod.CUMULATIVE else "rank"
            for project_id in self.project_ids:
                value = (data.get(f"{prefix}-{project_id}") or "").strip()
                if not value:
                    continue
                if not value.isdecimal() or int(value) > MAX_VALUE:
                    raise forms.ValidationError(
                        _("Please give whole numbers only."), code="bad_number"
                    )
                if int(value):
                    wanted[project_id] = int(value)
        self.wanted = wanted
        return cleaned


class PaperBallotForm(BallotForm):
    """The same ballot, entered by staff from a paper ballot (with its number)."""

    paper_reference = forms.CharField(
        label=_("Paper ballot number (optional)"), required=False, max_length=40
    )
    text_fields = ("paper_reference",)


class ReviewForm(forms.Form):
    final_cost = forms.IntegerField(
        label=_("Final cost"), required=False, min_value=0, max_value=10**12
    )
    budget_area = forms.TypedChoiceField(
        label=_("Area"), required=False, coerce=int, empty_value=None
    )
    feasibility = forms.ChoiceField(label=_("Feasibility"), choices=Feasibility.choices)
    reason = forms.CharField(
        label=_("Reason (public, when not feasible)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    delivery_status = forms.ChoiceField(
        label=_("Delivery"), choices=DeliveryStatus.choices, required=False
    )

    def __init__(self, *args: Any, areas: list[BudgetArea], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.areas = areas
        self.fields["budget_area"].choices = [("", _("City-wide"))] + [
            (str(a.pk), a.name) for a in areas
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("feasibility") == Feasibility.NOT_FEASIBLE and not cleaned.get("reason"):
            self.add_error("reason", _("Say why the project is not feasible: residents read it."))
        area_id = cleaned.get("budget_area")
        cleaned["budget_area"] = next((a for a in self.areas if a.pk == area_id), None)
        return cleaned


class ProgressUpdateForm(forms.Form):
    date = forms.DateField(label=_("Date"), required=False)
    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(
        label=_("Text"), required=False, widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )
    photo = forms.ImageField(label=_("Photo (optional)"), required=False)
    photo_alt = forms.CharField(label=_("Photo description"), required=False, max_length=200)

    def clean_photo(self) -> Any:
        photo = self.cleaned_data.get("photo")
        return reencode(photo) if photo else None


class StaffProposalForm(forms.Form):
    """A project entered by staff (published at once)."""

    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 5}))
    place = forms.CharField(label=_("Place"), required=False, max_length=200)
    estimated_cost = forms.IntegerField(
        label=_("Cost"), required=False, min_value=0, max_value=10**12
    )
    budget_area = forms.TypedChoiceField(
        label=_("Area"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args: Any, areas: list[BudgetArea], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.areas = areas
        self.fields["budget_area"].choices = [("", _("City-wide"))] + [
            (str(a.pk), a.name) for a in areas
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        area_id = cleaned.get("budget_area")
        cleaned["budget_area"] = next((a for a in self.areas if a.pk == area_id), None)
        return cleaned
