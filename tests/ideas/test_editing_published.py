"""Authors may change a published idea for a while; the change is marked and, on a
pre-moderated board, the idea waits for a moderator again."""

import datetime

import pytest
from django.utils import timezone

from tests.factories import ParticipantFactory, post_form, sign_in_client
from tests.ideas.factories import IdeaFactory, make_board
from wagtail_participation.core.models import ModerationMode, ModerationState
from wagtail_participation.ideas.models import Idea

pytestmark = pytest.mark.django_db


@pytest.fixture
def author(client):
    participant = ParticipantFactory()
    sign_in_client(client, participant)
    return participant


def edit(client, idea, **data):
    board = idea.page.specific
    return post_form(
        client,
        board.url + board.reverse_subpage("edit", args=[idea.pk]),
        {"title": "A better title", "description": "Clearer now.", **data},
    )


def test_a_post_moderated_idea_changed_within_the_time_is_marked_edited(client, author):
    idea = IdeaFactory(author=author, page=make_board())
    html = client.get(idea.get_absolute_url()).content.decode()
    assert "Change your idea" in html
    response = edit(client, idea)
    assert response.status_code == 302
    idea = Idea.objects.get(pk=idea.pk)
    assert idea.title == "A better title"
    assert idea.moderation_state == ModerationState.PUBLISHED
    assert idea.edited_at is not None
    html = client.get(idea.get_absolute_url()).content.decode()
    assert "(edited" in html
    assert "shown as edited" in html  # the confirmation message


def test_on_a_pre_moderated_board_the_changed_idea_waits_for_a_moderator(client, author):
    board = make_board(moderation_mode=ModerationMode.PRE)
    idea = IdeaFactory(author=author, page=board, moderated_at=timezone.now())
    assert edit(client, idea).status_code == 302
    idea = Idea.objects.get(pk=idea.pk)
    assert idea.moderation_state == ModerationState.PENDING
    assert idea.edited_at is not None
    assert not board.public_ideas().filter(pk=idea.pk).exists()


def test_after_the_time_the_idea_cannot_be_changed(client, author, settings):
    settings.WAGTAIL_PARTICIPATION_IDEA_EDIT_PUBLISHED_MINUTES = 30
    idea = IdeaFactory(author=author, page=make_board())
    Idea.objects.filter(pk=idea.pk).update(
        created_at=timezone.now() - datetime.timedelta(minutes=31)
    )
    idea.refresh_from_db()
    assert "Change your idea" not in client.get(idea.get_absolute_url()).content.decode()
    response = edit(client, idea)
    assert response.status_code == 403
    assert "can no longer be changed" in response.content.decode()
    assert Idea.objects.get(pk=idea.pk).title != "A better title"


def test_the_time_counts_from_publication_on_a_pre_moderated_board(author):
    board = make_board(moderation_mode=ModerationMode.PRE)
    now = timezone.now()
    idea = IdeaFactory(author=author, page=board)
    idea.created_at = now - datetime.timedelta(days=2)
    idea.moderated_at = now - datetime.timedelta(minutes=10)
    assert idea.author_may_edit(now)
    idea.moderated_at = now - datetime.timedelta(minutes=61)
    assert not idea.author_may_edit(now)


def test_zero_minutes_means_only_while_pending(author, settings):
    settings.WAGTAIL_PARTICIPATION_IDEA_EDIT_PUBLISHED_MINUTES = 0
    idea = IdeaFactory(author=author)
    assert not idea.author_may_edit()
    idea.moderation_state = ModerationState.PENDING
    assert idea.author_may_edit()


@pytest.mark.parametrize("state", [ModerationState.HIDDEN, ModerationState.REJECTED])
def test_hidden_and_rejected_ideas_are_never_changed(author, state):
    idea = IdeaFactory(author=author, moderation_state=state)
    assert not idea.author_may_edit()


def test_another_residents_idea_cannot_be_changed(client, author):
    idea = IdeaFactory(page=make_board())
    assert edit(client, idea).status_code == 404
