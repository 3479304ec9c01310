"""Personal data: a resident's export, and anonymisation ("forget me")."""

from django.db import transaction
from django.utils import timezone

from .models import Participant, Report
from .signals import collect_personal_data, participant_anonymised


def export_participant_data(participant):
    """Everything we hold about ``participant``, as JSON-ready data."""

    def when(value):
        return value.isoformat() if value else None

    contributions = []
    for contribution in participant.contributions.select_related("content_type", "page"):
        specific = contribution.specific
        contributions.append(
            {
                "id": contribution.pk,
                "type": str(contribution.type_name),
                "page": contribution.page.title,
                "url": contribution.get_absolute_url(),
                "text": specific.get_export_text(),
                "state": contribution.moderation_state,
                "created_at": when(contribution.created_at),
            }
        )
    reports = [
        {
            "contribution_id": r.contribution_id,
            "reason": r.reason,
            "details": r.details,
            "created_at": when(r.created_at),
        }
        for r in participant.reports.all()
    ]
    data = {
        "participant": {
            "email": participant.email,
            "display_name": participant.display_name,
            "postcode": participant.postcode,
            "age_band": participant.age_band,
            "wants_updates": participant.wants_updates,
            "created_at": when(participant.created_at),
            "verified_at": when(participant.verified_at),
            "last_signed_in_at": when(participant.last_signed_in_at),
            "site_user": participant.user.get_username() if participant.user_id else None,
        },
        "contributions": contributions,
        "reports": reports,
    }
    for _receiver, extra in collect_personal_data.send(sender=Participant, participant=participant):
        data.update(extra or {})
    return data


def anonymise_participant(participant):
    """Remove who the participant is; keep the text of what they contributed."""
    with transaction.atomic():
        Report.objects.filter(participant=participant).update(details="")
        Participant.objects.filter(pk=participant.pk).update(
            email=None, mailbox_key=None, display_name="", postcode="", age_band="", user=None,
            wants_updates=False, anonymised_at=timezone.now(),
        )
        participant_anonymised.send(sender=Participant, participant=participant)
    participant.refresh_from_db()
    return participant


def delete_unused_participants(older_than):
    """Delete never-verified participants without contributions created before ``older_than``."""
    unused = Participant.objects.filter(
        verified_at__isnull=True, user__isnull=True, created_at__lt=older_than,
        contributions__isnull=True, reports__isnull=True,
    )
    count, _ = Participant.objects.filter(pk__in=list(unused.values_list("pk", flat=True))).delete()
    return count
