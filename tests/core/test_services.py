"""Core's services called without a request, as tasks, blocks and other apps call them."""

import pytest
from django.core import mail

from tests.core.factories import make_superuser
from tests.factories import CommentFactory, ParticipantFactory, UserFactory, make_method_page
from wagtail_participation.core import moderation
from wagtail_participation.core.comments import post_comment, reply_target
from wagtail_participation.core.models import (
    Comment,
    Contribution,
    ModerationMode,
    ModerationState,
    Participant,
)
from wagtail_participation.core.participants import change_display_name, send_sign_in_link

pytestmark = pytest.mark.django_db


def test_post_comment_and_reply():
    page = make_method_page()
    alice, bob = ParticipantFactory(), ParticipantFactory()
    first = post_comment(page, alice, "First")
    assert first.moderation_state == ModerationState.PUBLISHED and first.author == alice
    assert reply_target(page, None, first.pk) == first
    reply = post_comment(page, bob, "Reply", reply_to=first)
    assert reply_target(page, None, reply.pk) is None  # one level of replies
    assert reply_target(make_method_page(), None, first.pk) is None  # another page
    assert list(Comment.objects.thread(page).top_level()) == [first]
    assert list(Comment.objects.thread(page).replies()) == [reply]


def test_post_comment_on_a_pre_moderated_page_waits():
    page = make_method_page(moderation_mode=ModerationMode.PRE)
    comment = post_comment(page, ParticipantFactory(), "Waiting")
    assert comment.moderation_state == ModerationState.PENDING
    assert reply_target(page, None, comment.pk) is None
    assert not Contribution.objects.public().exists()
    assert Contribution.objects.visible_to(comment.author).get().pk == comment.pk


def test_moderate_selection_counts_what_was_skipped():
    mine, other = CommentFactory(), CommentFactory()
    Contribution.objects.update(moderation_state=ModerationState.PENDING)
    assert moderation.moderate_selection(
        make_superuser(), [mine.pk, other.pk, 10**9], ModerationState.PUBLISHED
    ) == (2, 1)
    assert moderation.moderate_selection(UserFactory(), [mine.pk], ModerationState.HIDDEN) == (
        0,
        1,
    )  # a user without publish rights moderates nothing
    assert not Contribution.objects.for_moderator(UserFactory()).exists()


def test_send_sign_in_link_without_a_request(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # emails leave after commit
        assert send_sign_in_link("New.Resident@example.org", "Nell", next_url="/ideas/")
    participant = Participant.objects.active().get()
    assert participant.email == "new.resident@example.org" and participant.verified_at is None
    assert participant.display_name == ""  # applied only when the link is used
    message = mail.outbox[-1]
    assert message.to == ["new.resident@example.org"] and "next=%2Fideas%2F" in message.body


def test_change_display_name():
    participant = ParticipantFactory(display_name="Old")
    change_display_name(participant, "New")
    participant.refresh_from_db()
    assert participant.display_name == "New"
