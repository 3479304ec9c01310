"""The ideas' entry in Wagtail's log: a status change or a response, in the board's history.

The entry names the idea by its id, never by its title: every editor of the board reads its
history, and entries outlive "forget me". Moderators open the idea from the ideas listing.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import LogFormatter

from .models import idea_status_label


class IdeaStatusFormatter(LogFormatter):
    label = _("Idea status or response")

    def format_message(self, log_entry):
        data = log_entry.data or {}
        values = {
            "id": data.get("contribution_id", "?"),
            "status": idea_status_label(data.get("status", "")),
        }
        if data.get("responded"):
            return _("Answered idea #%(id)s (status: %(status)s)") % values
        return _("Set idea #%(id)s to %(status)s") % values


def register_idea_log_actions(actions):
    actions.register_action("wagtail_participation.idea_status")(IdeaStatusFormatter)
