"""The ideas listing in the "Participation" menu (wagtail-modeladmin)."""

from django.contrib import admin
from django.urls import include, path, reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page
from wagtail_modeladmin.options import ModelAdmin

from wagtail_participation.core import converters  # noqa: F401  (registers <wp_id:...>)
from wagtail_participation.core.admin.options import (
    ModerationPermissionHelper,
    PermittedHistoryView,
    StrictIndexView,
)
from wagtail_participation.core.forms import parse_id
from wagtail_participation.projects.models import Topic

from ..models import Idea, idea_status_choices
from . import ADMIN_NAMESPACE, views


class IdeaBoardFilter(admin.SimpleListFilter):
    """The boards whose ideas this user may moderate (of any idea board page type)."""

    title = _("board")
    parameter_name = "board"

    def lookups(self, request, model_admin):
        boards = Page.objects.filter(
            pk__in=Idea.objects.for_moderator(request.user).values("page_id")
        ).order_by("title")
        return list(boards.values_list("pk", "title")[:200])

    def queryset(self, request, queryset):
        value = parse_id(self.value())
        return queryset if value is None else queryset.filter(page_id=value)


class IdeaCategoryFilter(admin.SimpleListFilter):
    title = _("category")
    parameter_name = "category"

    def lookups(self, request, model_admin):
        used = Idea.objects.for_moderator(request.user).values("category_id")
        return list(
            Topic.objects.filter(pk__in=used).order_by("name").values_list("pk", "name")[:200]
        )

    def queryset(self, request, queryset):
        value = parse_id(self.value())
        return queryset if value is None else queryset.filter(category_id=value)


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


class IdeaIndexView(StrictIndexView):
    EXPORTED_PARAMS = ("board", "status__exact", "moderation_state__exact", "category", "q")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        params = [
            (key, value) for key in self.EXPORTED_PARAMS for value in self.request.GET.getlist(key)
        ]
        query = f"?{urlencode(params)}" if params else ""
        context.update(
            bulk_url=reverse("wagtail_participation_ideas_admin:bulk_status"),
            export_csv_url=reverse("wagtail_participation_ideas_admin:export_csv") + query,
            export_xlsx_url=reverse("wagtail_participation_ideas_admin:export_xlsx") + query,
            statuses=idea_status_choices(),
            current_url=self.request.get_full_path(),
        )
        return context


class IdeaAdmin(ModelAdmin):
    history_view_class = PermittedHistoryView
    model = Idea
    menu_label = _("Ideas")
    menu_icon = "openquote"
    menu_order = 150
    index_view_class = IdeaIndexView
    index_template_name = "wagtail_participation_ideas/admin/idea_index.html"
    permission_helper_class = ModerationPermissionHelper
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
    list_filter = (IdeaBoardFilter, IdeaStatusFilter, "moderation_state", IdeaCategoryFilter)
    search_fields = ("title", "description")
    list_per_page = 50
    ordering = ("-created_at",)

    def get_queryset(self, request):
        queryset = super().get_queryset(request).for_moderator(request.user)
        return queryset.select_related("page", "category")

    def select_box(self, obj):
        return format_html(
            '<input type="checkbox" name="selected" value="{}" form="wp-idea-bulk-form" aria-label="{}">',
            obj.pk,
            _("Select '%(title)s'") % {"title": obj.title[:40]},
        )

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
            path("participation/ideas/", include((admin_urls(), ADMIN_NAMESPACE))),
        )


def admin_urls():
    """The ideas' own admin views, named in the ``wagtail_participation_ideas_admin`` namespace."""
    return [
        path("<wp_id:pk>/respond/", views.respond, name="respond"),
        path("bulk-status/", views.bulk_status, name="bulk_status"),
        path("export.csv", views.export_csv, name="export_csv"),
        path("export.xlsx", views.export_xlsx, name="export_xlsx"),
    ]
