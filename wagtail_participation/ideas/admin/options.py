"""The ideas listing in the "Participation" menu, on core's listing base: its filters, search
and export declared once (the export follows the listing's filters)."""

from __future__ import annotations

from django.contrib import admin
from django.urls import include, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from wagtail_participation.core import converters  # noqa: F401  (registers <wp_id:...>)
from wagtail_participation.core.admin.listing import (
    IdListFilter,
    ListingIndexView,
    ParticipationListing,
    bulk_select_box,
    titled,
)
from wagtail_participation.core.links import page_url
from wagtail_participation.projects.models import Topic

from ..models import Idea, idea_status_choices
from . import ADMIN_NAMESPACE, views


class IdeaBoardFilter(IdListFilter):
    """The boards whose ideas this user may moderate (of any idea board page type)."""

    title = _("board")
    parameter_name = "board"
    field_name = "page_id"

    def lookups(self, request, model_admin):
        moderated = Idea.objects.for_moderator(request.user).values("page_id")
        return self.choices_from(Page.objects.filter(pk__in=moderated))


class IdeaCategoryFilter(IdListFilter):
    title = _("category")
    parameter_name = "category"
    field_name = "category_id"

    def lookups(self, request, model_admin):
        used = Idea.objects.for_moderator(request.user).values("category_id")
        return self.choices_from(Topic.objects.filter(pk__in=used), "name")


class IdeaStatusFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "status__exact"

    def lookups(self, request, model_admin):
        return idea_status_choices()

    def queryset(self, request, queryset):
        value = self.value()
        if value in dict(idea_status_choices()):
            return queryset.filter(status=value)
        return queryset


class IdeaIndexView(ListingIndexView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            bulk_url=reverse(f"{ADMIN_NAMESPACE}:bulk_status"),
            bulk_respond_url=reverse(f"{ADMIN_NAMESPACE}:bulk_respond"),
            statuses=idea_status_choices(),
            current_url=self.request.get_full_path(),
        )
        return context


class IdeaSiteUrl:
    """An export column: the idea's address on the site ("" while its board is not live).

    One lookup per board, not per idea; ``IdeaAdmin.get_export_columns`` makes a fresh one
    per export, so a board moved since is never remembered.
    """

    def __init__(self):
        self.boards = {}

    def __call__(self, idea: Idea) -> str:
        if idea.page_id not in self.boards:
            board = idea.page.specific
            self.boards[idea.page_id] = (
                (page_url(board), board) if board.live and board.url else None
            )
        if self.boards[idea.page_id] is None:
            return ""
        base, board = self.boards[idea.page_id]
        return base + board.reverse_subpage("idea", args=[idea.pk])


class IdeaAdmin(ParticipationListing):
    model = Idea
    menu_label = _("Ideas")
    menu_icon = "openquote"
    menu_order = 150
    index_view_class = IdeaIndexView
    index_template_name = "wagtail_participation_ideas/admin/idea_index.html"
    list_display = (
        "select_box",
        "respond_link",
        "board",
        "status_label",
        "moderation_state",
        "support_count",
        "comment_count",
        "created_at",
    )
    list_filter = (
        IdeaBoardFilter,
        IdeaStatusFilter,
        ("moderation_state", titled(admin.ChoicesFieldListFilter, _("moderation"))),
        IdeaCategoryFilter,
    )
    search_fields = ("title", "description")
    list_per_page = 50
    ordering = ("-created_at",)

    export_columns = (
        (_("ID"), "pk"),
        (_("Board"), "page.title"),
        (_("Title"), "title"),
        (_("Description"), "description"),
        (_("Category"), "category.name"),
        (_("Status"), "get_status_display"),
        (_("Moderation state"), "get_moderation_state_display"),
        (_("Supporters"), "support_count"),
        (_("Opponents"), "oppose_count"),
        (_("Comments"), "comment_count"),
        (_("Author"), "author_name"),
        (_("Created"), "created_at"),
        (_("Response date"), "response_date"),
        (_("Address"), "address"),
        (_("Address on the site"), IdeaSiteUrl()),
    )
    export_filename = "ideas"
    export_url_names = {
        "csv": f"{ADMIN_NAMESPACE}:export_csv",
        "xlsx": f"{ADMIN_NAMESPACE}:export_xlsx",
    }

    def get_export_columns(self, request, queryset):
        return [
            (label, IdeaSiteUrl() if isinstance(value, IdeaSiteUrl) else value)
            for label, value in self.export_columns
        ]

    def get_queryset(self, request):
        queryset = super().get_queryset(request).for_moderator(request.user)
        return queryset.select_related("page", "category", "author")

    def select_box(self, obj):
        label = _("Select '%(title)s'") % {"title": obj.title[:40]}
        return bulk_select_box(obj.pk, label, form_id="wp-idea-bulk-form")

    select_box.short_description = ""

    def respond_link(self, obj):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("wagtail_participation_ideas_admin:respond", args=[obj.pk]),
            obj.title,
        )

    respond_link.short_description = _("Idea")

    def board(self, obj):
        return obj.page.title

    board.short_description = _("Board")

    def status_label(self, obj):
        return obj.get_status_display()

    status_label.short_description = _("Status")

    def get_admin_urls_for_registration(self):
        return super().get_admin_urls_for_registration() + (
            path("participation/ideas/", include((admin_urls(self), ADMIN_NAMESPACE))),
        )


def admin_urls(model_admin: IdeaAdmin) -> list:
    """The ideas' own admin views, named in the ``wagtail_participation_ideas_admin`` namespace."""
    return [
        path("<wp_id:pk>/respond/", views.respond, name="respond"),
        path("bulk-status/", views.bulk_status, name="bulk_status"),
        path("bulk-respond/", views.bulk_respond, name="bulk_respond"),
        path("export.csv", model_admin.export_view("csv"), name="export_csv"),
        path("export.xlsx", model_admin.export_view("xlsx"), name="export_xlsx"),
    ]
