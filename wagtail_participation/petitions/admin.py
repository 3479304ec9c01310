"""The signatures listing, on core's listing base: filters, search, pagination (``p``) and the
export declared once. A petition's editor panel links to it filtered to that petition, at the
petition's own address (``wagtail_participation_petitions_admin:signatures``)."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from wagtail_participation.core.admin.listing import (
    ListingIndexView,
    ModerationPermissionHelper,
    ParticipationListing,
)
from wagtail_participation.core.forms import parse_id
from wagtail_participation.core.permissions import can_moderate_page

from .models import Signature, SignatureValidity, get_petition, petition_querysets


def _yes(value):
    return gettext("yes") if value else ""


def moderated_petition(request, value):
    """The petition ``value`` names, if this user may moderate it: 404 for no petition, denied
    for another's (as each of a petition's staff tools answers)."""
    petition = get_petition(pk=parse_id(value)) if parse_id(value) is not None else None
    if petition is None:
        raise Http404
    if not can_moderate_page(request.user, petition):
        raise PermissionDenied
    return petition


class PetitionFilter(admin.SimpleListFilter):
    """One petition's signatures (the petition's editor panel links here)."""

    title = _("petition")
    parameter_name = "petition"
    max_choices = 200

    def lookups(self, request, model_admin):
        choices = []
        for queryset in petition_querysets():
            moderated = Signature.objects.for_moderator(request.user).values("petition_id")
            choices += queryset.filter(pk__in=moderated).values_list("pk", "title")[
                : self.max_choices
            ]
        selected = parse_id(self.value() or "")
        if selected is not None and selected not in {pk for pk, _title in choices}:
            petition = get_petition(pk=selected)
            if petition is not None:
                choices.append((petition.pk, petition.title))
        return sorted(choices, key=lambda choice: str(choice[1]))[: self.max_choices + 1]

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        petition = moderated_petition(request, self.value())
        return queryset.of_petition(petition.pk)


class SignatureStateFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [
            ("pending", _("Waiting for email confirmation")),
            ("sponsors", _("Supporters before publication")),
            *SignatureValidity.choices,
        ]

    def queryset(self, request, queryset):
        return queryset.with_state(self.value() or "")


class SignaturePermissionHelper(ModerationPermissionHelper):
    """Anyone who may publish some page opens the listing; it shows the signatures of the
    petitions they may moderate. Signatures have no history."""

    def user_can_view_history(self, user, obj):
        return False


class SignatureIndexView(ListingIndexView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        value = self.request.GET.get(PetitionFilter.parameter_name)
        petition = get_petition(pk=parse_id(value)) if value and parse_id(value) else None
        if petition is not None:
            context.update(
                petition=petition, edit_url=reverse("wagtailadmin_pages:edit", args=[petition.pk])
            )
        return context


class SignatureListing(ParticipationListing):
    model = Signature
    menu_label = _("Signatures")
    menu_icon = "list-ul"
    menu_order = 160
    index_view_class = SignatureIndexView
    index_template_name = "wagtail_participation_petitions/admin/signatures.html"
    permission_helper_class = SignaturePermissionHelper
    list_display = (
        "signer",
        "email",
        "area",
        "petition",
        "created_at",
        "confirmed_at",
        "validity",
        "ip_address",
    )
    list_filter = (PetitionFilter, SignatureStateFilter)
    list_select_related = ("petition",)
    search_fields = ("name", "email")
    ordering = ("-created_at",)
    list_per_page = 50
    #: The export's columns, in the order the per-petition export always had.
    export_columns = (
        (_("Name"), "name"),
        (_("Email"), "email"),
        (_("Area"), "area"),
        (_("Signed"), "created_at"),
        (_("Confirmed"), "confirmed_at"),
        (_("Validity"), "validity"),
        (_("Supporter before publication"), lambda signature: _yes(signature.sponsor)),
        (_("Wants updates"), lambda signature: _yes(signature.wants_updates)),
        (_("Wants newsletter"), lambda signature: _yes(signature.wants_newsletter)),
        (_("IP address"), lambda signature: signature.ip_address or ""),
    )
    export_filename = "signatures"
    export_formats = ("csv", "xlsx")

    def get_queryset(self, request):
        return super().get_queryset(request).for_moderator(request.user)

    def export_response(self, request, queryset, spreadsheet_format):
        response = super().export_response(request, queryset, spreadsheet_format)
        petition = parse_id(request.GET.get(PetitionFilter.parameter_name) or "")
        if petition is not None and response.has_header("Content-Disposition"):
            name = f"petition-{petition}-signatures.{spreadsheet_format}"
            response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response

    def signer(self, obj):
        name = obj.name or "–"
        if not obj.sponsor:
            return name
        supporter = gettext("supporter")  # outside the f-string, so makemessages finds it
        return f"{name} ({supporter})"

    signer.short_description = pgettext_lazy("signature", "Name")
