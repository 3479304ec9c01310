"""A resident's registrations in "Your data", "forget me", and promotions when an editor
publishes more places."""

from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _
from wagtail.signals import page_published

from wagtail_participation.core.privacy import describe_personal_data
from wagtail_participation.core.signals import collect_personal_data, participant_anonymised

from . import services
from .models import EventPageMixin, Registration

REGISTRATIONS = "event_registrations"

describe_personal_data(
    REGISTRATIONS,
    _("Events you registered for"),
    {
        "event": _("Event"),
        "status": _("Status"),
        "guests": _("Guests"),
        "registered_at": _("Registered"),
    },
)


@receiver(collect_personal_data)
def registrations_data(sender, participant, **kwargs):
    registrations = list(
        Registration.objects.of(participant).select_related("page").order_by("created_at")
    )
    return {
        REGISTRATIONS: [
            {
                "event": r.page.title,
                "status": str(r.get_status_display()),
                "name": r.name,
                "email": r.email,
                "guests": r.guests,
                "attended": r.attended,
                "answers": r.answers,
                "registered_at": r.created_at.isoformat(),
                "url": r.page.url if r.page.live else None,
            }
            for r in registrations
        ]
    }


@receiver(participant_anonymised)
def forget_registrations(sender, participant, **kwargs):
    services.anonymise_participant_registrations(participant)


@receiver(page_published)
def promote_after_publishing(sender, instance, **kwargs):
    """An editor raised the places: the waiting list moves up at once."""
    if isinstance(instance, EventPageMixin) and Registration.objects.on_event(instance).waiting():
        services.set_capacity(instance)
