"""The answers listing in the Participation menu, on core's listing base (filters, search,
pagination and export declared once; rows read-only, moderated through core's moderate view)."""

from django.utils.translation import gettext_lazy as _

from wagtail_participation.core.admin.listing import ParticipationListing
from wagtail_participation.core.admin.options import link_to_moderate

from .models import Answer


class AnswerListing(ParticipationListing):
    model = Answer
    menu_label = _("Answers")
    menu_icon = "help"
    menu_order = 170
    index_template_name = "testapp_onequestion/admin/answer_index.html"
    list_display = ("moderate_link", "page", "moderation_state", "created_at")
    list_filter = ("moderation_state",)
    search_fields = ("body",)
    ordering = ("-created_at",)
    export_columns = (
        (_("ID"), "pk"),
        (_("Page"), "page.title"),
        (_("Answer"), "body"),
        (_("State"), "get_moderation_state_display"),
        (_("Created"), lambda answer: answer.created_at.isoformat(timespec="seconds")),
    )
    export_filename = "answers"

    def get_queryset(self, request):
        return super().get_queryset(request).for_moderator(request.user).select_related("page")

    def moderate_link(self, obj):
        """The answer's text, linking to core's moderate view."""
        return link_to_moderate(obj.pk, obj.body)

    moderate_link.short_description = _("Answer")
