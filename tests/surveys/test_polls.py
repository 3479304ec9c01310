"""Polls on any page: one vote each, results after voting, no JavaScript needed."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from tests.factories import ParticipantFactory, sign_in_client
from tests.page_privacy import page_with_blocks
from wagtail_participation.surveys.blocks import PollBlock
from wagtail_participation.surveys.models import Poll, PollChoice, PollVote

pytestmark = pytest.mark.django_db


@pytest.fixture
def poll():
    poll = Poll.objects.create(question="Should the library open on Sundays?")
    for label in ("Yes", "No", "Don't mind"):
        PollChoice.objects.create(poll=poll, label=label)
    page_with_blocks(("poll", {"poll": poll}))  # a poll takes votes when a page shows it
    return poll


def vote_url(poll):
    return f"/participation/polls/{poll.pk}/vote/"


def render(poll, request):
    block = PollBlock()
    return block.render(block.to_python({"poll": poll.pk}), context={"request": request})


def test_anonymous_vote_once_per_browser(client, poll, rf):
    yes = poll.choices.get(label="Yes")
    response = client.post(vote_url(poll), {"choice": yes.pk, "next": "/news/"})
    assert response.status_code == 302 and response["Location"] == f"/news/#poll-{poll.pk}"
    client.post(vote_url(poll), {"choice": poll.choices.get(label="No").pk, "next": "/news/"})
    yes.refresh_from_db()
    assert yes.vote_count == 1 and PollVote.objects.count() == 1
    assert poll.choices.get(label="No").vote_count == 0
    # Another browser, on another network (the same network: tests/surveys/test_security_anonymous_network.py).
    Client(REMOTE_ADDR="198.51.100.7").post(vote_url(poll), {"choice": yes.pk, "next": "/"})
    yes.refresh_from_db()
    assert yes.vote_count == 2


def test_block_shows_form_then_results(client, poll, rf):
    request = rf.get("/news/")
    request.session = client.session
    request.user = __import__(
        "django.contrib.auth.models", fromlist=["AnonymousUser"]
    ).AnonymousUser()
    request.COOKIES = {}
    html = render(poll, request)
    assert 'type="radio"' in html and "0 votes" not in html
    client.post(vote_url(poll), {"choice": poll.choices.first().pk, "next": "/"})
    request.COOKIES = client.cookies and {k: v.value for k, v in client.cookies.items()}
    html = render(poll, request)
    assert 'type="radio"' not in html and "1 vote" in html and "You have voted." in html


def test_signed_in_resident_votes_once(client, poll):
    sign_in_client(client, ParticipantFactory())
    for _ in range(3):
        client.post(vote_url(poll), {"choice": poll.choices.first().pk, "next": "/"})
    assert PollVote.objects.count() == 1


@pytest.mark.parametrize(
    "data", [{}, {"choice": "abc"}, {"choice": "999999"}, {"choice": "1 OR 1=1"}]
)
def test_bad_votes(client, poll, data):
    response = client.post(vote_url(poll), {"next": "/", **data}, HTTP_ACCEPT="application/json")
    assert response.status_code == 400
    assert not PollVote.objects.exists()


def test_closed_poll_and_login_polls(client, poll):
    poll.closes_at = timezone.now() - datetime.timedelta(minutes=1)
    poll.save()
    assert (
        client.post(
            vote_url(poll), {"choice": poll.choices.first().pk}, HTTP_ACCEPT="application/json"
        ).status_code
        == 403
    )
    poll.closes_at = None
    poll.requirement = "email"
    poll.save()
    assert (
        client.post(
            vote_url(poll), {"choice": poll.choices.first().pk}, HTTP_ACCEPT="application/json"
        ).status_code
        == 403
    )
    assert not PollVote.objects.exists()


def test_next_must_be_local(client, poll):
    response = client.post(
        vote_url(poll), {"choice": poll.choices.first().pk, "next": "https://evil.example/"}
    )
    assert response["Location"] == f"/#poll-{poll.pk}"


def test_unknown_and_huge_poll_ids(client):
    assert client.post("/participation/polls/999/vote/").status_code == 404
    assert client.post(f"/participation/polls/{10**30}/vote/").status_code == 404
    assert client.get("/participation/polls/1/vote/").status_code == 405


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        ([1, 1, 1], [34, 33, 33]),
        ([2, 2, 2, 1], [29, 29, 28, 14]),
        ([1, 0, 0], [100, 0, 0]),
        ([0, 0, 0], [0, 0, 0]),
        ([], []),
        ([1, 2], [33, 67]),
        ([3, 3, 1, 1, 1, 1, 1, 1, 1, 1], [22, 22, 7, 7, 7, 7, 7, 7, 7, 7]),
        ([997, 2, 1], [100, 0, 0]),
    ],
)
def test_poll_shares_add_up_to_100(counts, expected):
    from wagtail_participation.surveys.polls import shares

    assert shares(counts) == expected
    assert sum(expected) in (0, 100)


def test_the_results_add_up_and_name_the_answer_chosen(client, poll, rf):
    from django.contrib.auth.models import AnonymousUser

    voters = ParticipantFactory.create_batch(3)
    for voter, label in zip(voters, ("Yes", "No", "Don't mind"), strict=True):
        other = Client()
        sign_in_client(other, voter)
        other.post(vote_url(poll), {"choice": poll.choices.get(label=label).pk, "next": "/"})
    sign_in_client(client, voters[1])
    request = rf.get("/news/")
    request.session = client.session
    request.user = AnonymousUser()
    request.COOKIES = {}
    html = render(poll, request)
    assert html.count("34%") == 1 and html.count("33%") == 2  # not 33 + 33 + 33 = 99
    assert "You have voted. Your answer: “No”." in html
    assert html.count("(your vote)") == 1
