"""Core's listings in the "Participation" admin menu (admin/menu.py): moderation queue,
reports, participants; and the hardened base other apps' listings build on."""

from django.apps import apps
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from .. import converters  # noqa: F401  (registers <wp_id:...>)
from ..models import Contribution, Participant, Report
from ..models.contributions import PAGE_MODEL
from ..permissions import moderatable_contributions
from .listing import (  # noqa: F401  (the listing base, imported from here before it moved)
    IdListFilter,
    ListingIndexView,
    ModerationPermissionHelper,
    ParticipationListing,
    PermittedHistoryView,
    ReadOnlyPermissionHelper,
    StrictIndexView,
    bulk_select_box,
    titled,
)
from .search import ContributionSearchHandler
from .waiting import ModerationQueueMenuItem, WaitingFilter


def load_specific(contributions):
    """Set each contribution's ``specific`` with one query per type (not one per row)."""
    by_type = {}
    for contribution in contributions:
        by_type.setdefault(contribution.content_type_id, []).append(contribution)
    for content_type_id, rows in by_type.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is None or model is Contribution:
            continue
        found = model._default_manager.in_bulk([row.pk for row in rows])
        for row in rows:
            if row.pk in found:
                row.__dict__["specific"] = found[
                    row.pk
                ]  # Contribution.specific is a cached_property
    return contributions


def thumbnail_html(contribution):
    """The contribution's image, small, linking to the file; empty without one."""
    thumbnail = contribution.get_thumbnail()
    if thumbnail is None:
        return ""
    return format_html(
        '<a href="{}" target="_blank" rel="noopener"><img src="{}" alt="{}" width="60" loading="lazy" '
        'style="display:block;max-width:60px;max-height:60px;object-fit:cover;margin-bottom:.25rem"></a>',
        thumbnail.url,
        thumbnail.url,
        thumbnail.alt or _("Image of contribution #%(id)s") % {"id": contribution.pk},
    )


def link_to_moderate(pk, summary):
    """A listing cell linking a contribution's text to its moderate view."""
    return format_html(
        '<a href="{}">{}</a>',
        reverse("wagtail_participation_admin:moderate", args=[pk]),
        summary[:100] or "-",
    )


class ContributionTypeFilter(IdListFilter):
    """Only the kinds of contribution there are (comment, idea...), not every content type."""

    title = _("type of contribution")
    parameter_name = "type"
    field_name = "content_type_id"

    def lookups(self, request, model_admin):
        types = ContentType.objects.get_for_models(
            *[m for m in apps.get_models() if issubclass(m, Contribution) and m is not Contribution]
        )
        return sorted(
            ((ct.pk, capfirst(str(ct.name))) for ct in types.values()),
            key=lambda pair: str(pair[1]),
        )


class ContributionPageFilter(IdListFilter):
    """The pages with contributions this user may moderate (the editor panel links here)."""

    title = _("page")
    parameter_name = "page_id"
    field_name = "page_id"

    def lookups(self, request, model_admin):
        return self.choices_from(
            apps.get_model(PAGE_MODEL).objects.filter(
                pk__in=moderatable_contributions(request.user).values("page_id")
            )
        )


class ModerationQueueIndexView(ListingIndexView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The rows as their own types, loaded together: each is asked for its thumbnail.
        page_obj = context["page_obj"]
        page_obj.object_list = load_specific(list(page_obj.object_list))
        context["object_list"] = page_obj.object_list
        context.update(
            bulk_url=reverse("wagtail_participation_admin:bulk_moderate"),
            current_url=self.request.get_full_path(),
        )
        return context


class ModerationQueueAdmin(ParticipationListing):
    model = Contribution
    menu_label = _("Moderation queue")
    menu_icon = "comment"
    menu_order = 100
    index_view_class = ModerationQueueIndexView
    index_template_name = "wagtail_participation/admin/moderation_queue.html"
    list_display = (
        "select_box",
        "moderate_link",
        "type_label",
        "page",
        "author_name",
        "moderation_state",
        "report_count",
        "created_at",
    )
    list_filter = (
        WaitingFilter,
        ("moderation_state", titled(admin.ChoicesFieldListFilter, _("state"))),
        ContributionTypeFilter,
        ContributionPageFilter,
    )
    search_fields = ("summary",)
    search_handler_class = ContributionSearchHandler  # "#42": the id the page history names
    ordering = ("-created_at",)
    export_columns = (
        (_("ID"), "pk"),
        (_("Type"), lambda contribution: capfirst(str(contribution.content_type.name))),
        (_("Page"), "page.title"),
        (_("Author"), "author_name"),
        (_("Text"), "summary"),
        (_("State"), "get_moderation_state_display"),
        (_("Reports"), "report_count"),
        (_("Created"), "created_at"),
    )
    export_filename = "contributions"
    export_path = "participation/moderate/export"
    export_url_names = {"csv": "wagtail_participation_export_contributions"}

    def get_menu_item(self, order=None):
        """Opens with the pending items selected, and says how many wait (admin/waiting.py)."""
        return ModerationQueueMenuItem(self, order or self.get_menu_order())

    def get_queryset(self, request):
        queryset = moderatable_contributions(request.user, super().get_queryset(request))
        return queryset.select_related("page", "author", "content_type")

    def select_box(self, obj):
        return bulk_select_box(obj.pk, _("Select '%(summary)s'") % {"summary": obj.summary[:40]})

    select_box.short_description = ""

    def moderate_link(self, obj):
        # A thumbnail above the text when the contribution has an image (loaded by the index view).
        return format_html(
            "{}{}", thumbnail_html(obj.specific), link_to_moderate(obj.pk, obj.summary)
        )

    moderate_link.short_description = _("Contribution")

    def type_label(self, obj):
        return capfirst(str(obj.content_type.name))

    type_label.short_description = _("Type")

    def author_name(self, obj):
        return obj.author_name

    author_name.short_description = _("Author")


class ReportAdmin(ParticipationListing):
    model = Report
    # Not "Reports": Wagtail's own menu of that name lists site reports (history, aging pages).
    menu_label = _("Reported contributions")
    menu_icon = "warning"
    menu_order = 200
    list_display = (
        "contribution_link",
        "page_title",
        "reason",
        "details",
        "created_at",
        "resolved_at",
    )
    list_filter = (
        ("reason", titled(admin.ChoicesFieldListFilter, _("reason given"))),
        ("resolved_at", titled(admin.DateFieldListFilter, _("date resolved"))),
    )
    search_fields = ("details",)

    def get_queryset(self, request):
        allowed = moderatable_contributions(request.user).values("pk")
        return (
            super()
            .get_queryset(request)
            .filter(contribution__in=allowed)
            .select_related("contribution", "contribution__page")
        )

    def contribution_link(self, obj):
        return link_to_moderate(obj.contribution_id, obj.contribution.summary)

    contribution_link.short_description = _("Contribution")

    def page_title(self, obj):
        return obj.contribution.page.title

    page_title.short_description = _("Page")


class ParticipantPermissionHelper(ReadOnlyPermissionHelper):
    def user_can_list(self, user):
        return user.is_active and (
            user.is_superuser or user.has_perm("wagtail_participation.view_participant")
        )

    def user_can_view_history(self, user, obj):
        return self.user_can_list(user)


class ParticipantAdmin(ParticipationListing):
    model = Participant
    menu_label = _("Participants")
    menu_icon = "group"
    menu_order = 300
    permission_helper_class = ParticipantPermissionHelper
    group_permissions = ("view",)  # "Can view participant": the listing and its history
    list_display = ("email", "display_name", "verified_at", "created_at", "anonymised_at")
    list_filter = (
        ("verified_at", titled(admin.DateFieldListFilter, _("date the email was confirmed"))),
    )
    search_fields = ("email", "display_name")
