"""Cached counts on ``Idea``, changed only by atomic database updates.

A vote adds one row and moves the idea's counters with ``F()`` expressions in
the same transaction, so concurrent voters never overwrite each other's count.
"""

from django.db import IntegrityError, transaction
from django.db.models import Count, F, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from wagtail_participation.core.models import Comment, ModerationState

from .listing_cache import touch
from .models import Idea, IdeaVote


def _touch_after_commit(board_id):
    """Cached pages of the board's results show counts: let them go once the change is in."""
    transaction.on_commit(lambda: touch(board_id))


def _move_counts(idea_id, value, delta):
    """Add ``delta`` (+1 or -1) votes of ``value`` (+1 support, -1 oppose) to an idea."""
    field = "support_count" if value == IdeaVote.SUPPORT else "oppose_count"
    Idea.objects.filter(pk=idea_id).update(
        **{field: F(field) + delta}, score=F("score") + value * delta
    )


def cast_vote(idea, participant, value, wants_updates=False):
    """Record ``participant``'s vote; a repeat or a change of mind never counts twice.

    Returns the IdeaVote as it now stands.
    """
    for _attempt in range(10):
        with transaction.atomic():
            try:
                with transaction.atomic():
                    vote = IdeaVote.objects.create(
                        idea=idea,
                        participant=participant,
                        value=value,
                        wants_updates=wants_updates,
                    )
            except IntegrityError:
                vote = (
                    IdeaVote.objects.select_for_update()
                    .filter(idea=idea, participant=participant)
                    .first()
                )
                if vote is None:
                    continue  # taken back by a concurrent request in between: insert again
                changes = []
                if vote.value != value:
                    _move_counts(idea.pk, vote.value, -1)
                    _move_counts(idea.pk, value, +1)
                    vote.value = value
                    changes.append("value")
                if wants_updates and not vote.wants_updates:
                    vote.wants_updates = True
                    changes.append("wants_updates")
                if changes:
                    vote.save(update_fields=changes)
                    _touch_after_commit(idea.page_id)
                return vote
            _move_counts(idea.pk, value, +1)
            _touch_after_commit(idea.page_id)
            return vote
    raise RuntimeError("the vote kept changing under concurrent requests; please try again")


def remove_vote(idea, participant):
    """Take back ``participant``'s vote; True if there was one."""
    with transaction.atomic():
        vote = (
            IdeaVote.objects.select_for_update().filter(idea=idea, participant=participant).first()
        )
        if vote is None:
            return False
        vote.delete()
        _move_counts(idea.pk, vote.value, -1)
        _touch_after_commit(idea.page_id)
        return True


def refresh_comment_count(idea_id):
    """Set an idea's comment count to its published comments, in one statement."""
    published = (
        Comment.objects.filter(target_id=OuterRef("pk"), moderation_state=ModerationState.PUBLISHED)
        .order_by()
        .values("target_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    Idea.objects.filter(pk=idea_id).update(comment_count=Coalesce(Subquery(published), Value(0)))
    for board_id in Idea.objects.filter(pk=idea_id).values_list("page_id", flat=True):
        _touch_after_commit(board_id)


def recount_votes(idea_ids=None):
    """Recompute vote counts from the rows (repairs drift after manual database edits)."""
    ideas = Idea.objects.all() if idea_ids is None else Idea.objects.filter(pk__in=idea_ids)

    def count(value):
        return Coalesce(
            Subquery(
                IdeaVote.objects.filter(idea_id=OuterRef("pk"), value=value)
                .order_by()
                .values("idea_id")
                .annotate(n=Count("pk"))
                .values("n")
            ),
            Value(0),
        )

    ideas.update(support_count=count(IdeaVote.SUPPORT), oppose_count=count(IdeaVote.OPPOSE))
    ideas.update(score=F("support_count") - F("oppose_count"))
    for board_id in ideas.order_by().values_list("page_id", flat=True).distinct():
        _touch_after_commit(board_id)
