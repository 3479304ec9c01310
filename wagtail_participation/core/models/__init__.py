from .contributions import (
    Comment,
    Contribution,
    ContributionQuerySet,
    Report,
    ReportReason,
    Thumbnail,
    load_specific,
    load_specific_pages,
)
from .moderation import ModerationMode, ModerationState
from .network_claims import NetworkClaim
from .outbox import OutgoingEmail
from .pages import AccessRequirement, ParticipationMethodPageMixin, ParticipationPageMixin
from .participants import Participant, normalise_email
from .voting_codes import VotingCode, VotingCodeBatch

__all__ = [
    "AccessRequirement",
    "Comment",
    "Contribution",
    "ContributionQuerySet",
    "ModerationMode",
    "ModerationState",
    "NetworkClaim",
    "OutgoingEmail",
    "Participant",
    "ParticipationMethodPageMixin",
    "ParticipationPageMixin",
    "Report",
    "ReportReason",
    "Thumbnail",
    "load_specific",
    "load_specific_pages",
    "VotingCode",
    "VotingCodeBatch",
    "normalise_email",
]
