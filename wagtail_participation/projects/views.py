"""Admin viewsets of the projects app (snippets for topics and areas)."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Area, Topic


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    menu_label = _("Topics")
    list_display = ["name", "slug"]
    search_fields = ["name"]


class AreaViewSet(SnippetViewSet):
    model = Area
    icon = "site"
    menu_label = _("Areas")
    list_display = ["name", "slug"]
    search_fields = ["name"]
