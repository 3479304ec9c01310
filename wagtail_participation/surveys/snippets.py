"""The poll snippet's admin viewset."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Poll


class PollViewSet(SnippetViewSet):
    model = Poll
    icon = "pick"
    menu_label = _("Polls")
    list_display = ["question", "requirement", "closes_at", "total_votes"]
    search_fields = ["question"]
