"""Petitions in Wagtail's log: rejections and signature checks show in the petition's history."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.log_actions import LogFormatter


class PetitionRejectedFormatter(LogFormatter):
    label = _("Petition rejected")

    def format_message(self, log_entry):
        data = log_entry.data or {}
        return _("Rejected the petition: %(reason)s") % {"reason": data.get("reason_label", data.get("reason", ""))}


class SignaturesInvalidatedFormatter(LogFormatter):
    label = _("Signatures invalidated")

    def format_message(self, log_entry):
        data = log_entry.data or {}
        count = data.get("count", 0)
        return ngettext(
            "Invalidated %(count)s signature (%(conditions)s)", "Invalidated %(count)s signatures (%(conditions)s)",
            count,
        ) % {"count": count, "conditions": data.get("conditions", "")}


class SignaturesReleasedFormatter(LogFormatter):
    label = _("Held signatures counted")

    def format_message(self, log_entry):
        data = log_entry.data or {}
        count = data.get("count", 0)
        return ngettext(
            "Counted %(count)s held signature (%(conditions)s)", "Counted %(count)s held signatures (%(conditions)s)",
            count,
        ) % {"count": count, "conditions": data.get("conditions", "")}


def register_petition_log_actions(actions):
    actions.register_action("wagtail_participation.petition_rejected")(PetitionRejectedFormatter)
    actions.register_action("wagtail_participation.signatures_invalidated")(SignaturesInvalidatedFormatter)
    actions.register_action("wagtail_participation.signatures_released")(SignaturesReleasedFormatter)
