"""Issue 22, item 2: a poll answers only visitors who may view a live page that shows it.

The attack: a poll placed only on a password-, login- or group-restricted page took votes from
anyone and, asked for JSON, answered with its results, by walking ``/participation/polls/<id>/vote/``.
"""

import pytest
from django.test import Client

from tests.factories import ParticipantFactory, sign_in_client
from tests.page_privacy import KINDS, let_in, page_with_blocks, restrict
from wagtail_participation.surveys.models import Poll, PollChoice, PollVote
from wagtail_participation.surveys.poll_pages import poll_pages

pytestmark = pytest.mark.django_db
JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture
def poll():
    poll = Poll.objects.create(question="zqsecretpoll: close the north library?")
    for label in ("zqsecretyes", "zqsecretno"):
        PollChoice.objects.create(poll=poll, label=label)
    return poll


def vote(client, poll, **extra):
    return client.post(
        f"/participation/polls/{poll.pk}/vote/",
        {"choice": poll.choices.first().pk, "next": "/"},
        **extra,
    )


@pytest.mark.parametrize("kind", KINDS)
def test_a_poll_only_on_a_restricted_page_answers_only_its_visitors(poll, kind):
    page = page_with_blocks(("poll", {"poll": poll}))
    restrict(page, kind)
    for client in (Client(), sign_in_client(Client(), ParticipantFactory())):
        for extra in ({}, JSON):
            response = vote(client, poll, **extra)
            assert response.status_code == 404 and "zqsecret" not in response.content.decode()
    assert not PollVote.objects.exists()
    member = let_in(Client(), page, kind)
    response = vote(member, poll, **JSON)
    assert response.status_code == 200 and response.json()["counted"]
    assert PollVote.objects.count() == 1


def test_a_poll_on_no_live_page_answers_nobody(poll):
    assert vote(Client(), poll, **JSON).status_code == 404  # placed nowhere
    page = page_with_blocks(("poll", {"poll": poll}))
    page.unpublish()
    assert vote(Client(), poll, **JSON).status_code == 404  # only on an unpublished page
    assert not PollVote.objects.exists()


def test_one_public_page_is_enough(poll):
    restrict(page_with_blocks(("poll", {"poll": poll})), "login")
    public = page_with_blocks(("poll", {"poll": poll}))
    assert set(poll_pages(poll)) == set(poll_pages(poll).live()) and public.pk in {
        p.pk for p in poll_pages(poll)
    }
    assert vote(Client(), poll, **JSON).status_code == 200


def test_the_restriction_of_an_ancestor_counts(poll):
    section = page_with_blocks()
    restrict(section, "password")
    page_with_blocks(("poll", {"poll": poll}), parent=section)
    assert vote(Client(), poll, **JSON).status_code == 404
    assert vote(let_in(Client(), section, "password"), poll, **JSON).status_code == 200


@pytest.mark.parametrize("kind", KINDS)
def test_public_results_of_a_restricted_survey_follow_the_restriction(kind):
    """Survey results are a route of the survey page: Wagtail's own check applies to them."""
    from tests.surveys.factories import make_survey, question
    from wagtail_participation.surveys.models import ResultsVisibility, SurveyResponse

    qid = "77777777-7777-4777-8777-777777777777"
    survey = make_survey(
        [
            question(
                "single_choice",
                "Which day?",
                id=qid,
                choices=["zqsecretday", "Monday"],
                display="radio",
                allow_other=False,
            )
        ],
        results_visibility=ResultsVisibility.LIVE,
    )
    SurveyResponse.objects.create(page=survey, answers={qid: "zqsecretday"})
    restrict(survey, kind)
    url = survey.url + survey.reverse_subpage("results")
    assert "zqsecretday" not in Client().get(url).content.decode()
    assert "zqsecretday" in let_in(Client(), survey, kind).get(url).content.decode()
