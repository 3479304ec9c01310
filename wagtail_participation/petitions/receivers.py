"""Publishing a petition opens it, refreshes its cached count and sends answers to signers."""

import datetime

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from wagtail_participation.core.signals import (
    collect_personal_data,
    emails_due,
    participant_anonymised,
    retention_due,
)

from .counts import forget_payloads, refresh_payload, schedule_recount_on_commit
from .lifecycle import (
    open_published_petition,
    purge_unconfirmed_signatures,
    resume_notices,
    start_notices,
)
from .lookup import forget
from .models import PetitionPageMixin


@receiver(page_published)
def petition_published(sender, instance, **kwargs):
    if not isinstance(instance, PetitionPageMixin):
        return
    open_published_petition(instance)
    start_notices(instance)
    # Paper signatures or thresholds may have changed: count again (this also refreshes the cache).
    schedule_recount_on_commit(instance.pk)


@receiver(emails_due)
def resume_signer_emails(sender, **kwargs):
    """A worker killed while writing the response or debate emails left signers without one."""
    from wagtail_participation.core.conf import settings

    return resume_notices(started_before=timezone.now() - datetime.timedelta(seconds=settings.EMAIL_LEASE_SECONDS))


@receiver(retention_due)
def purge_expired_signatures(sender, now=None, **kwargs):
    """Signatures never confirmed are deleted once their confirmation link has expired."""
    return "unconfirmed petition signature(s) whose link expired", purge_unconfirmed_signatures(now)


@receiver(page_unpublished)
def petition_unpublished(sender, instance, **kwargs):
    if isinstance(instance, PetitionPageMixin):
        transaction.on_commit(lambda: refresh_payload(instance.pk))


# The cached copies of ``lookup.public_petition``: forgotten whenever the petition or what
# decides who may see it changes.


@receiver(post_save)
@receiver(post_delete)
@receiver(page_published)
@receiver(page_unpublished)
def forget_petition(sender, instance, **kwargs):
    if isinstance(instance, PetitionPageMixin):
        forget(instance.pk)


def _forget_petitions_under(page):
    from .models import PetitionPage

    if page is not None:
        ids = list(PetitionPage.objects.descendant_of(page, inclusive=True).values_list("pk", flat=True))
        forget(*ids)
        forget_payloads(*ids)  # the count endpoint's "public" too


@receiver(post_page_move)
def forget_moved_petitions(sender, instance, **kwargs):
    _forget_petitions_under(instance)


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def forget_restricted_petitions(sender, instance, **kwargs):
    # The page is gone when the restriction went with it.
    _forget_petitions_under(Page.objects.filter(pk=instance.page_id).first())


def _signatures_of(participant):
    """The signatures of the participant's mailbox: only a participant that holds its key (a site
    user whose address the site has not verified holds none, and sees nobody's signatures)."""
    from .models import Signature

    if not participant.mailbox_key:
        return Signature.objects.none()
    return Signature.objects.filter(email_normalised=participant.mailbox_key, anonymised_at__isnull=True)


@receiver(collect_personal_data)
def petition_personal_data(sender, participant, **kwargs):
    """The petitions signed with the resident's email address, for their data download."""
    from .models import PetitionPage

    signatures = list(_signatures_of(participant).order_by("created_at"))
    titles = dict(PetitionPage.objects.filter(pk__in=[s.petition_id for s in signatures]).values_list("pk", "title"))
    return {"petition_signatures": [
        {
            "petition": titles.get(s.petition_id, ""), "name": s.name, "email": s.email, "area": s.area,
            "wants_updates": s.wants_updates, "wants_newsletter": s.wants_newsletter,
            "signed_at": s.created_at.isoformat(), "confirmed_at": s.confirmed_at.isoformat() if s.confirmed_at else None,
        }
        for s in signatures
    ]}


@receiver(participant_anonymised)
def forget_signatures(sender, participant, **kwargs):
    """"Forget me": the resident's signatures keep counting but no longer say who signed."""
    from django.utils import timezone

    from .models import Signature

    _signatures_of(participant).update(
        **Signature.ANONYMISED, wants_updates=False, wants_newsletter=False, anonymised_at=timezone.now(),
    )
    # Petitions they started no longer say who started them (the text stays, as for ideas).
    from .models import PetitionPage

    started = PetitionPage.objects.filter(creator=participant)
    forget(*started.values_list("pk", flat=True))
    started.update(creator=None, creator_name="")
