"""A survey's and a poll's rules for core.policy."""

import datetime

import pytest
from django.utils import timezone
from django.utils.formats import date_format

from tests.factories import ParticipantFactory
from tests.surveys.factories import make_survey, question
from wagtail_participation.core.models import AccessRequirement
from wagtail_participation.core.policy import Action, Reason, decide
from wagtail_participation.surveys.models import Poll

pytestmark = pytest.mark.django_db


def survey(**fields):
    return make_survey([question("short_text", "Your name?")], **fields)


def test_answering_follows_who_may_answer():
    anyone = survey(allow_comments=True)
    assert decide(None, Action.ANSWER, anyone)
    email = survey(response_requirement=AccessRequirement.VERIFIED_EMAIL)
    refused = decide(None, Action.ANSWER, email)
    assert refused.reason == Reason.SIGN_IN_REQUIRED and refused.sign_in_helps
    assert refused.message.startswith("Please sign in to answer this survey.")
    assert decide(ParticipantFactory(), Action.ANSWER, email)
    login = survey(response_requirement=AccessRequirement.SITE_LOGIN)
    assert (
        decide(ParticipantFactory(), Action.ANSWER, login).message
        == "Answering this survey needs a login on this site."
    )
    # Comments on the survey page still follow "who may contribute".
    assert decide(None, Action.COMMENT, anyone).reason == Reason.SIGN_IN_REQUIRED


def test_upcoming_and_closed_surveys_say_so(client):
    opens = timezone.now() + datetime.timedelta(days=2)
    upcoming = survey(opens_at=opens)
    message = decide(None, Action.ANSWER, upcoming).message
    assert (
        message
        == f"This survey opens on {date_format(timezone.localtime(opens), 'DATETIME_FORMAT')}. Please come back then."
    )
    assert message in client.get(upcoming.url).content.decode()
    closed = survey(closes_at=timezone.now() - datetime.timedelta(hours=1))
    assert (
        decide(None, Action.ANSWER, closed).message
        == "This survey is closed. Thank you to everyone who took part."
    )


def test_polls_follow_the_policy():
    poll = Poll.objects.create(question="Sundays?", requirement=AccessRequirement.VERIFIED_EMAIL)
    assert decide(None, Action.VOTE, poll).message == "Please sign in to vote in this poll."
    assert decide(ParticipantFactory(), Action.VOTE, poll)
    poll.closes_at = timezone.now()
    assert (
        decide(ParticipantFactory(), Action.VOTE, poll).message == "This poll is closed."
        and not poll.is_open
    )
