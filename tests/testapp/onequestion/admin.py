"""The answers listing in the Participation menu, on core's hardened wagtail-modeladmin base."""

from django.utils.translation import gettext_lazy as _
from wagtail_modeladmin.options import ModelAdmin

from wagtail_participation.core.admin.options import (
    ModerationPermissionHelper,
    PermittedHistoryView,
    StrictIndexView,
    link_to_moderate,
)

from .models import Answer


class AnswerAdmin(ModelAdmin):
    model = Answer
    menu_label = _("Answers")
    menu_icon = "help"
    menu_order = 170
    index_view_class = StrictIndexView
    history_view_class = PermittedHistoryView
    permission_helper_class = ModerationPermissionHelper
    list_display = ("moderate_link", "page", "moderation_state", "created_at")
    list_filter = ("moderation_state",)
    search_fields = ("body",)
    list_per_page = 50
    ordering = ("-created_at",)

    def get_queryset(self, request):
        return Answer.objects.for_moderator(request.user).select_related("page")

    def moderate_link(self, obj):
        """The answer's text, linking to core's moderate view."""
        return link_to_moderate(obj.pk, obj.body)

    moderate_link.short_description = _("Answer")
