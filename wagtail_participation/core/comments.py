"""Comments: a resident's comment on a page or on a contribution, and the replies to it.

Views call these; what a resident may see of comments is ``CommentQuerySet`` (``visible_to``,
``thread``), whether they may comment here now is ``core.policy`` (``Action.COMMENT``).
"""

from .models import Comment, Contribution, Participant, ParticipationPageMixin
from .translations import canonical_page


def reply_target(
    page: ParticipationPageMixin, target: Contribution | None, comment_id: int
) -> Comment | None:
    """The published comment ``comment_id`` a reply may answer: one that starts a thread on
    ``page`` (or on contribution ``target`` there); None for any other id."""
    return Comment.objects.public().thread(page, target).top_level().filter(pk=comment_id).first()


def post_comment(
    page: ParticipationPageMixin,
    participant: Participant,
    body: str,
    target: Contribution | None = None,
    reply_to: Comment | None = None,
) -> Comment:
    """Post ``participant``'s comment on ``page`` (or on ``target`` there, or in reply to
    ``reply_to``, from ``reply_target``): published at once, or pending when the page is
    pre-moderated. The caller has asked ``core.policy.decide`` first."""
    return Comment.objects.create(
        page=canonical_page(page),  # shared by the page's translations (core.translations)
        target=target,
        reply_to=reply_to,
        author=participant,
        body=body,
        moderation_state=page.initial_moderation_state(),
    )
