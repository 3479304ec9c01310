"""An idea board's rules for core.policy: posting and voting follow its dates, voting only if used."""

import datetime

import pytest
from django.utils import timezone

from tests.factories import ParticipantFactory, sign_in_client
from tests.ideas.factories import IdeaFactory, make_board
from wagtail_participation.core.models import AccessRequirement
from wagtail_participation.core.policy import Action, decide, page_decision
from wagtail_participation.ideas.models import VotingMode

pytestmark = pytest.mark.django_db


def test_the_boards_rules_and_words():
    resident = ParticipantFactory()
    board = make_board()
    assert decide(resident, Action.CONTRIBUTE, board) and decide(resident, Action.VOTE, board)
    no_voting = make_board(voting_mode=VotingMode.NONE)
    assert (
        decide(resident, Action.VOTE, no_voting).message == "Voting is not used on this idea board."
    )
    assert decide(resident, Action.CONTRIBUTE, no_voting)
    closed = make_board(closes_at=timezone.now() - datetime.timedelta(days=1))
    assert (
        decide(resident, Action.CONTRIBUTE, closed).message
        == "This idea board is not taking new ideas at the moment."
    )
    assert (
        decide(resident, Action.VOTE, closed).message
        == "This idea board is closed, so ideas can no longer be supported."
    )
    login = make_board(contribution_requirement=AccessRequirement.SITE_LOGIN)
    assert (
        decide(resident, Action.CONTRIBUTE, login).message
        == "Posting ideas here needs a login on this site."
    )
    assert decide(resident, Action.VOTE, login).message == "Voting here needs a login on this site."
    assert decide(None, Action.VOTE, board).message == "Please sign in to vote."
    assert not page_decision(Action.VOTE, closed) and page_decision(Action.VOTE, login)


def test_nobody_is_asked_to_sign_in_to_vote_on_a_closed_board(client):
    idea = IdeaFactory(page=make_board(closes_at=timezone.now() - datetime.timedelta(days=1)))
    url = idea.get_absolute_url() + "vote/"
    response = client.post(url, {"action": "support"}, HTTP_ACCEPT="application/json")
    assert response.status_code == 403
    assert response.json() == {
        "error": "This idea board is closed, so ideas can no longer be supported."
    }
    response = client.post(url, {"action": "support"})
    assert response.status_code == 403 and b"This idea board is closed" in response.content


def test_a_board_needing_a_login_shows_no_vote_buttons_to_email_residents(client):
    board = make_board(contribution_requirement=AccessRequirement.SITE_LOGIN)
    IdeaFactory(page=board)
    sign_in_client(client, ParticipantFactory())
    assert b'name="action"' not in client.get(board.url).content
