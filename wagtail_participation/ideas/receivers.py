"""Keep idea comment counts right; add ideas and idea votes to a resident's data and anonymise them;
delete idea images nothing needs any more (image_files.py)."""

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

from wagtail_participation.core.models import Comment, load_specific_pages
from wagtail_participation.core.privacy import describe_personal_data
from wagtail_participation.core.signals import (
    collect_personal_data,
    contribution_moderated,
    participant_anonymised,
)

from . import services
from .counts import refresh_comment_count
from .image_files import delete_files_after_commit
from .listing_cache import bump
from .models import Idea, IdeaVote


@receiver(post_save, sender=Comment)
@receiver(post_delete, sender=Comment)
def comment_saved_or_deleted(sender, instance, **kwargs):
    if instance.target_id:
        refresh_comment_count(instance.target_id)  # also lets cached pages of results go


@receiver(post_save, sender=Idea)
@receiver(post_delete, sender=Idea)
def idea_saved_or_deleted(sender, instance, **kwargs):
    bump(instance.page_id)  # board listings count again


@receiver(pre_save, sender=Idea)
def remember_stored_image(sender, instance, raw=False, update_fields=None, **kwargs):
    """Note the image file the idea has in the database, to delete it if this save replaces or clears it."""
    if raw or instance.pk is None or (update_fields is not None and "image" not in update_fields):
        return
    instance._stored_image = (
        Idea.objects.filter(pk=instance.pk).values_list("image", flat=True).first()
    )


@receiver(post_save, sender=Idea)
def delete_replaced_image(sender, instance, **kwargs):
    stored = instance.__dict__.pop("_stored_image", None)
    if stored and stored != instance.image.name:
        delete_files_after_commit([stored])


@receiver(post_delete, sender=Idea)
def delete_image_of_deleted_idea(sender, instance, **kwargs):
    delete_files_after_commit([instance.image.name])


@receiver(contribution_moderated)
def contribution_moderated_receiver(sender, contribution, state, **kwargs):
    services.contribution_moderated(contribution, state)


@receiver(participant_anonymised)
def forget_participant(sender, participant, **kwargs):
    services.forget_participant(participant)


describe_personal_data(
    "ideas",
    _("Your ideas: place and image"),
    {
        "title": _("Idea"),
        "address": _("Address or place"),
        "latitude": _("Latitude"),
        "longitude": _("Longitude"),
        "image": _("Image"),
        "image_description": _("Image description"),
    },
)
describe_personal_data(
    "idea_votes",
    _("Ideas you voted on"),
    {
        "idea": _("Idea"),
        "vote": _("Vote"),
        "wants_updates": _("Updates by email"),
        "created_at": _("Voted"),
    },
)


def _image_url(idea):
    try:
        return idea.image.url if idea.image else None
    except Exception:  # noqa: BLE001 - a storage that cannot build a URL: the name says which file
        return idea.image.name or None


@receiver(collect_personal_data)
def ideas_data(sender, participant, **kwargs):
    """What the resident's ideas hold besides their text (in ``contributions``): the place and image."""
    ideas = load_specific_pages(Idea.objects.filter(author=participant).order_by("created_at"))
    return {
        "ideas": [
            {
                "idea_id": idea.pk,
                "title": idea.title,
                "address": idea.address,
                "latitude": None if idea.latitude is None else str(idea.latitude),
                "longitude": None if idea.longitude is None else str(idea.longitude),
                "image": _image_url(idea),
                "image_description": idea.image_alt,
                "url": idea.get_absolute_url()
                if idea.is_published and not idea.is_withdrawn
                else None,
            }
            for idea in ideas
        ]
    }


@receiver(collect_personal_data)
def idea_votes_data(sender, participant, **kwargs):
    votes = list(IdeaVote.objects.filter(participant=participant).select_related("idea"))
    load_specific_pages(vote.idea for vote in votes)
    return {
        "idea_votes": [
            {
                "idea_id": vote.idea_id,
                "idea": vote.idea.title,
                "vote": vote.get_value_display(),
                "wants_updates": vote.wants_updates,
                "created_at": vote.created_at.isoformat(),
                "url": (
                    vote.idea.get_absolute_url()
                    if vote.idea.is_published and not vote.idea.is_withdrawn
                    else None
                ),
            }
            for vote in votes
        ]
    }
