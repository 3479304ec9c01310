"""Keep idea comment counts right; add idea votes to a resident's data and anonymise them."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from wagtail_participation.core.models import Comment
from wagtail_participation.core.signals import (
    collect_personal_data,
    contribution_moderated,
    participant_anonymised,
)

from .counts import refresh_comment_count
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


@receiver(contribution_moderated)
def contribution_moderated_receiver(sender, contribution, **kwargs):
    bump(contribution.page_id)
    target_id = Comment.objects.filter(pk=contribution.pk).values_list("target_id", flat=True).first()
    if target_id:
        refresh_comment_count(target_id)


@receiver(collect_personal_data)
def idea_votes_data(sender, participant, **kwargs):
    votes = IdeaVote.objects.filter(participant=participant).select_related("idea")
    return {
        "idea_votes": [
            {
                "idea_id": vote.idea_id, "idea": vote.idea.title, "vote": vote.get_value_display(),
                "wants_updates": vote.wants_updates, "created_at": vote.created_at.isoformat(),
            }
            for vote in votes
        ]
    }


@receiver(participant_anonymised)
def stop_idea_updates(sender, participant, **kwargs):
    # The votes still count; nobody is emailed about them any more.
    IdeaVote.objects.filter(participant=participant).update(wants_updates=False)
