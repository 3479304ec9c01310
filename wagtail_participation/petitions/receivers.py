"""Publishing a petition opens it, refreshes its cached count and sends answers to signers."""

from django.db import transaction
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from .counts import refresh_payload
from .lifecycle import open_published_petition, start_notices
from .models import PetitionPageMixin


@receiver(page_published)
def petition_published(sender, instance, **kwargs):
    if not isinstance(instance, PetitionPageMixin):
        return
    open_published_petition(instance)
    start_notices(instance)
    transaction.on_commit(lambda: refresh_payload(instance.pk))


@receiver(page_unpublished)
def petition_unpublished(sender, instance, **kwargs):
    if isinstance(instance, PetitionPageMixin):
        transaction.on_commit(lambda: refresh_payload(instance.pk))
