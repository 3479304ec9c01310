"""The petition's panel in the page editor: count, state, links to the staff tools."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wagtail_participation.core.panels import SavedPagePanel
from wagtail_participation.core.permissions import can_moderate_page
from wagtail_participation.core.translations import canonical_page_id

#: The staff tools the panel links to: admin URL names in ``ADMIN_NAMESPACE``.
ADMIN_NAMESPACE = "wagtail_participation_petitions_admin"
TOOLS = ("signatures", "areas", "trending", "invalidate", "reject", "unreject", "export")


def tool_urls(petition_id: int) -> dict[str, str]:
    """The URLs of a petition's staff tools, by name."""
    return {name: reverse(f"{ADMIN_NAMESPACE}:{name}", args=[petition_id]) for name in TOOLS}


class PetitionSummaryPanel(SavedPagePanel):
    """The petition's count and state, and links to its staff tools."""

    default_heading = _("Signatures")

    class BoundPanel(SavedPagePanel.BoundPanel):
        template_name = "wagtail_participation_petitions/admin/summary_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            petition = self.instance
            context.update(
                may_moderate=can_moderate_page(self.request.user, petition),
                petition=petition,
                **petition.signature_summary(),
                urls=tool_urls(canonical_page_id(petition)),  # its signatures are there
            )
            return context
