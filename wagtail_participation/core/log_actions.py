"""Our entries in Wagtail's log (shown in each page's history and in the site history).

A message names a contribution by its type and id ("Rejected idea #42"), never by its
text: every editor of the page reads its history, and log entries are kept after the
author asked to be forgotten. Moderators find the text on the contribution's moderate
view (searching "#42" in the moderation queue finds it), which checks their permission
and shows the text as it is now.
"""

from django.apps import apps
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import LogFormatter

from .models import ReportReason

ACTIONS = [
    ("wagtail_participation.publish", _("Contribution published"), _("Published %(type)s #%(id)s")),
    ("wagtail_participation.hide", _("Contribution hidden"), _("Hid %(type)s #%(id)s")),
    ("wagtail_participation.reject", _("Contribution rejected"), _("Rejected %(type)s #%(id)s")),
    (
        "wagtail_participation.unpublish",
        _("Contribution sent back to review"),
        _("Sent %(type)s #%(id)s back to review"),
    ),
    (
        "wagtail_participation.report",
        _("Contribution reported"),
        _("A resident reported %(type)s #%(id)s (%(reason)s)"),
    ),
    (
        "wagtail_participation.redact",
        _("Personal data redacted"),
        _("Removed personal data from %(type)s #%(id)s"),
    ),
    (
        "wagtail_participation.auto_hide",
        _("Contribution hidden after reports"),
        _("%(type)s #%(id)s was hidden automatically after reaching the report threshold"),
    ),
]


def contribution_type_label(data):
    """The contribution's type in the reader's language (from the model named in ``data``)."""
    try:
        return apps.get_model(data["model"])._meta.verbose_name
    except (KeyError, LookupError, TypeError, ValueError):
        return data.get("type") or _("contribution")


def report_reason_label(code):
    return dict(ReportReason.choices).get(code, code or "-")


class ContributionLogFormatter(LogFormatter):
    """A message naming the contribution by type and id (from the entry's data)."""

    template = ""

    def format_message(self, log_entry):
        data = log_entry.data or {}
        return self.template % {
            "type": contribution_type_label(data),
            "id": data.get("contribution_id", "?"),
            "reason": report_reason_label(data.get("reason", "")),
        }


def register_participation_log_actions(actions):
    for action, label, message in ACTIONS:
        formatter = type(
            "ContributionLogFormatter",
            (ContributionLogFormatter,),
            {"label": label, "template": message},
        )
        actions.register_action(action)(formatter)
