"""Our entries in Wagtail's log (shown in each page's history)."""

from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import LogFormatter

ACTIONS = [
    ("wagtail_participation.publish", _("Contribution published"), _("Published %(type)s '%(summary)s'")),
    ("wagtail_participation.hide", _("Contribution hidden"), _("Hid %(type)s '%(summary)s'")),
    ("wagtail_participation.reject", _("Contribution rejected"), _("Rejected %(type)s '%(summary)s'")),
    ("wagtail_participation.unpublish", _("Contribution sent back to review"),
     _("Sent %(type)s '%(summary)s' back to review")),
    ("wagtail_participation.report", _("Contribution reported"), _("A resident reported %(type)s '%(summary)s'")),
    ("wagtail_participation.auto_hide", _("Contribution hidden after reports"),
     _("%(type)s '%(summary)s' was hidden automatically after reaching the report threshold")),
]


class ContributionLogFormatter(LogFormatter):
    """A message naming the contribution (its type and summary, from the entry's data)."""

    template = ""

    def format_message(self, log_entry):
        data = log_entry.data or {}
        return self.template % {"type": data.get("type", ""), "summary": data.get("summary", "")}


def register_participation_log_actions(actions):
    for action, label, message in ACTIONS:
        formatter = type(
            "ContributionLogFormatter", (ContributionLogFormatter,), {"label": label, "template": message}
        )
        actions.register_action(action)(formatter)
