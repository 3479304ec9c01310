"""Keep an idea's cached comment count right when comments come, go or are moderated."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from wagtail_participation.core.models import Comment
from wagtail_participation.core.signals import contribution_moderated

from .counts import refresh_comment_count


@receiver(post_save, sender=Comment)
@receiver(post_delete, sender=Comment)
def comment_saved_or_deleted(sender, instance, **kwargs):
    if instance.target_id:
        refresh_comment_count(instance.target_id)


@receiver(contribution_moderated)
def contribution_moderated_receiver(sender, contribution, **kwargs):
    target_id = Comment.objects.filter(pk=contribution.pk).values_list("target_id", flat=True).first()
    if target_id:
        refresh_comment_count(target_id)
