"""Every change to ideas, with its log entry and its emails.

Views, admin views, receivers and tasks call these functions with plain arguments (the board,
the participant or staff user, the cleaned data) and show or return what they give back;
none of them changes an idea itself. Counters move through ``counts`` (atomic updates),
update emails go out through ``notifications`` (a task, once per resident and version),
image files leave storage through ``image_files`` (after commit, when nothing uses them).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from wagtail.log_actions import log

from wagtail_participation.core.models import Comment, Contribution, ModerationState, Participant
from wagtail_participation.core.moderation import log_data
from wagtail_participation.core.translations import canonical_page

from . import counts
from .image_files import remove_images
from .listing_cache import bump
from .models import Idea, IdeaBoardPageMixin, IdeaVote, default_idea_status
from .notifications import enqueue_idea_update

#: The log action of a status change or a response, in the board's history (log_actions.py).
STATUS_ACTION = "wagtail_participation.idea_status"

#: What a resident's vote form may ask for.
VOTE_ACTIONS = {"support": IdeaVote.SUPPORT, "oppose": IdeaVote.OPPOSE, "remove": 0}


# A resident's idea


def apply_answers(idea: Idea, data: Mapping[str, Any]) -> Idea:
    """Copy a resident's cleaned answers (``IdeaForm.cleaned_data``) onto ``idea``, unsaved.

    ``data["image"]``: a processed file to attach, False to take the picture off, None (or
    absent) to keep the current one.
    """
    idea.title = data["title"]
    idea.description = data["description"]
    idea.category = data.get("category")
    idea.address = data.get("address", "") or ""
    idea.latitude = data.get("latitude")
    idea.longitude = data.get("longitude")
    if "image" in data:
        if data["image"] is False:
            idea.image = None
        elif data["image"] is not None:
            idea.image = data["image"]
        idea.image_alt = (data.get("image_alt", "") or "") if idea.image else ""
    return idea


def create_idea(
    board: IdeaBoardPageMixin, participant: Participant, data: Mapping[str, Any]
) -> Idea:
    """Post ``participant``'s idea on ``board``: published or pending as the board moderates."""
    idea = Idea(
        page=canonical_page(board),  # one board for all its translations (core.translations)
        author=participant,
        moderation_state=board.initial_moderation_state(),
        status=default_idea_status(),
    )
    apply_answers(idea, data)
    idea.save()  # receivers: the board's listings count again
    return idea


def edit_idea(idea: Idea, data: Mapping[str, Any]) -> Idea:
    """Save the author's changes to their idea (a replaced picture's file goes after commit).

    A published idea (``Idea.author_may_edit``) is marked edited; on a pre-moderated board it
    waits for a moderator again, out of public view."""
    apply_answers(idea, data)
    if idea.moderation_state == ModerationState.PUBLISHED:
        idea.edited_at = timezone.now()
        board = idea.page.specific
        if board.initial_moderation_state() == ModerationState.PENDING:
            idea.moderation_state = ModerationState.PENDING
    idea.save()
    return idea


def withdraw_idea(idea: Idea) -> bool:
    """Take ``idea`` off its board for good; False if it was withdrawn already."""
    withdrawn = bool(
        Idea.objects.filter(pk=idea.pk, withdrawn_at__isnull=True).update(
            withdrawn_at=timezone.now()
        )
    )
    bump(idea.page_id)
    return withdrawn


def vote(idea: Idea, participant: Participant, action: str, wants_updates: bool = False) -> int:
    """Support, oppose or take back (``action``: a key of VOTE_ACTIONS) ``participant``'s vote on
    ``idea``, counted atomically; returns their vote as it now stands (1, -1 or 0)."""
    value = VOTE_ACTIONS[action]
    if not value:
        counts.remove_vote(idea, participant)
        return 0
    counts.cast_vote(idea, participant, value, wants_updates=wants_updates)
    return value


# Staff: status, response, updates


def log_status(idea: Idea, user: AbstractBaseUser, old_status: str, responded: bool) -> None:
    """Write a status change or response into the board's history.

    The idea's id and statuses only, never its title: every editor of the board reads its history.
    """
    log(
        instance=idea.page.specific,
        action=STATUS_ACTION,
        user=user,
        uuid=uuid.uuid4(),  # one entry per idea in the history, also from a bulk action
        data=log_data(idea, old_status=old_status, status=idea.status, responded=responded),
    )


def notify_update(idea: Idea) -> int:
    """Send residents an update about ``idea``: its author and the supporters who asked get one
    email each, once the transaction commits (``notifications``). Returns the update's version."""
    Idea.objects.filter(pk=idea.pk).update(update_version=F("update_version") + 1)
    idea.refresh_from_db(fields=["update_version"])
    enqueue_idea_update(idea.pk, idea.update_version)
    return idea.update_version


def respond_to_idea(
    idea: Idea,
    user: AbstractBaseUser,
    *,
    status: str,
    response: str,
    responder_name: str,
    notify: bool,
) -> bool:
    """The council's "you said, we did": set ``idea``'s status and official response, log the
    change in the board's history and, when ``notify``, email the residents who follow it.

    Returns whether the status or the response changed.
    """
    old_status = idea.status
    response_changed = response != idea.response
    status_changed = status != old_status
    with transaction.atomic():
        if status_changed:
            idea.status = status
            idea.status_changed_at = timezone.now()
        if response_changed:
            idea.response = response
            idea.response_date = timezone.localdate()
            # The swappable user model: django-stubs types the field with the settings' User.
            idea.responder = user  # type: ignore[assignment]
        idea.responder_name = responder_name
        idea.save()
        if status_changed or response_changed:
            log_status(idea, user, old_status, response_changed)
        if notify:
            notify_update(idea)
    return status_changed or response_changed


def set_status(ideas: Iterable[Idea], user: AbstractBaseUser, status: str) -> int:
    """Give ``ideas`` (which ``user`` may moderate) ``status``, each change in its board's history;
    returns how many changed."""
    ideas = list(ideas)
    changed = 0
    with transaction.atomic():
        for idea in ideas:
            if idea.status == status:
                continue
            old = idea.status
            Idea.objects.filter(pk=idea.pk).update(status=status, status_changed_at=timezone.now())
            idea.status = status
            log_status(idea, user, old, False)
            changed += 1
    for board_id in {idea.page_id for idea in ideas}:
        bump(board_id)  # listings filtered by status count again
    return changed


# Moderation and residents' data (called from receivers.py)


def contribution_moderated(contribution: Contribution, state: str) -> None:
    """A moderator published, hid or rejected an idea or a comment (core.moderation).

    The board's listings count again; a comment on an idea moves its comment count; a rejected
    idea's picture is deleted for good (restoring the idea brings back its text only).
    """
    bump(contribution.page_id)
    target_id = (
        Comment.objects.filter(pk=contribution.pk).values_list("target_id", flat=True).first()
    )
    if target_id:
        counts.refresh_comment_count(target_id)
    if state == ModerationState.REJECTED:
        remove_images(Idea.objects.filter(pk=contribution.pk))


def forget_participant(participant: Participant) -> None:
    """On "forget me": the pictures of the resident's ideas go (they may show them, their house,
    their car; the ideas' text stays, as for every contribution), and nobody emails them about
    their votes any more (the votes still count)."""
    remove_images(Idea.objects.by_author(participant))
    IdeaVote.objects.filter(participant=participant).update(wants_updates=False)
