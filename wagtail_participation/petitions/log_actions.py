"""Petitions in Wagtail's log: rejections and signature checks show in the petition's history."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from wagtail.log_actions import LogFormatter


class PetitionRejectedFormatter(LogFormatter):
    label = _("Petition rejected")

    def format_message(self, log_entry):
        data = log_entry.data or {}
        return _("Rejected the petition: %(reason)s") % {
            "reason": data.get("reason_label", data.get("reason", ""))
        }


class SignaturesChangedFormatter(LogFormatter):
    """A change to ``count`` signatures matching ``conditions`` (both in the entry's data)."""

    message = None  # an ngettext_lazy with %(count)s and %(conditions)s

    def format_message(self, log_entry):
        data = log_entry.data or {}
        return self.message % {
            "count": data.get("count", 0),
            "conditions": data.get("conditions", ""),
        }


class SignaturesInvalidatedFormatter(SignaturesChangedFormatter):
    label = _("Signatures invalidated")
    message = ngettext_lazy(
        "Invalidated %(count)s signature (%(conditions)s)",
        "Invalidated %(count)s signatures (%(conditions)s)",
        "count",
    )


class SignaturesReleasedFormatter(SignaturesChangedFormatter):
    label = _("Held signatures counted")
    message = ngettext_lazy(
        "Counted %(count)s held signature (%(conditions)s)",
        "Counted %(count)s held signatures (%(conditions)s)",
        "count",
    )


class SignaturesRestoredFormatter(SignaturesChangedFormatter):
    label = _("Invalidation undone")
    message = ngettext_lazy(
        "Undid the invalidation of %(count)s signature (%(conditions)s)",
        "Undid the invalidation of %(count)s signatures (%(conditions)s)",
        "count",
    )


class RejectionUndoneFormatter(LogFormatter):
    label = _("Petition rejection undone")

    def format_message(self, log_entry):
        return _("Undid the rejection of the petition")


def register_petition_log_actions(actions):
    actions.register_action("wagtail_participation.signatures_restored")(
        SignaturesRestoredFormatter
    )
    actions.register_action("wagtail_participation.petition_rejection_undone")(
        RejectionUndoneFormatter
    )
    actions.register_action("wagtail_participation.petition_rejected")(PetitionRejectedFormatter)
    actions.register_action("wagtail_participation.signatures_invalidated")(
        SignaturesInvalidatedFormatter
    )
    actions.register_action("wagtail_participation.signatures_released")(
        SignaturesReleasedFormatter
    )
