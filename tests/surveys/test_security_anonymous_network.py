"""Anonymous polls and surveys: dropping the cookie does not answer again (issue 22, item 8).

Where anyone may answer without signing in, an anonymous answer also claims the client's
network (an IPv4 address, an IPv6 /64) in its poll or survey for
ANONYMOUS_NETWORK_DEDUPE_SECONDS; a second anonymous answer from that network is refused
with a polite message and, in a survey, keeps what the resident typed.
"""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.core.management import call_command
from django.test import Client, override_settings
from django.utils import timezone

from tests.factories import ParticipantFactory, sign_in_client
from tests.page_privacy import page_with_blocks
from tests.surveys.factories import COMMENTS, three_step_survey
from tests.surveys.test_flow import answer_all, field, post
from wagtail_participation.surveys.blocks import PollBlock
from wagtail_participation.surveys.models import Poll, PollChoice, PollVote, SurveyResponse

pytestmark = pytest.mark.django_db

HOME = "203.0.113.5"


@pytest.fixture
def poll():
    poll = Poll.objects.create(question="Should the library open on Sundays?")
    for label in ("Yes", "No"):
        PollChoice.objects.create(poll=poll, label=label)
    page_with_blocks(("poll", {"poll": poll}))  # a poll takes votes when a page shows it
    return poll


def claims():
    # Imported here, so the attacks also run (and fail) on code without the model.
    from wagtail_participation.core.models import NetworkClaim

    return NetworkClaim.objects


def vote(client, poll, label, **extra):
    return client.post(
        f"/participation/polls/{poll.pk}/vote/",
        {"choice": poll.choices.get(label=label).pk, "next": "/news/"},
        **extra,
    )


def votes(poll):
    return {c.label: c.vote_count for c in poll.choices.all()}


def flashed(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


# Polls


def test_poll_vote_after_dropping_the_cookie_is_not_counted(poll):
    browser = Client(REMOTE_ADDR=HOME)
    assert vote(browser, poll, "Yes").status_code == 302
    browser.cookies.clear()  # the attack: forget the browser, vote again
    response = vote(browser, poll, "No")
    assert votes(poll) == {"Yes": 1, "No": 0} and PollVote.objects.count() == 1
    assert (
        response.status_code == 302 and response["Location"] == f"/news/#poll-{poll.pk}"
    )  # no error page
    assert any("already received" in m and "sign in" in m for m in flashed(response))
    # Another browser on the same network, and JSON: not counted either, said politely.
    response = vote(Client(REMOTE_ADDR=HOME), poll, "No", HTTP_ACCEPT="application/json")
    assert response.status_code == 200 and response.json()["counted"] is False
    assert "already received" in response.json()["message"]
    assert votes(poll) == {"Yes": 1, "No": 0}


def test_poll_addresses_of_one_ipv6_64_are_one_network(poll):
    vote(Client(REMOTE_ADDR="2001:db8:1:2::1"), poll, "Yes")
    vote(Client(REMOTE_ADDR="2001:db8:1:2:ffff:ffff:ffff:fffe"), poll, "Yes")  # same /64
    assert votes(poll)["Yes"] == 1
    vote(Client(REMOTE_ADDR="2001:db8:1:3::1"), poll, "Yes")  # the next /64: another network
    vote(Client(REMOTE_ADDR="198.51.100.7"), poll, "Yes")
    assert votes(poll)["Yes"] == 3


def test_signed_in_residents_on_that_network_still_vote(poll):
    vote(Client(REMOTE_ADDR=HOME), poll, "Yes")
    for _ in range(2):
        resident = sign_in_client(Client(REMOTE_ADDR=HOME), ParticipantFactory())
        assert vote(resident, poll, "No").status_code == 302
    assert votes(poll) == {"Yes": 1, "No": 2}


def test_the_claim_ends_after_the_period_and_retention_deletes_it(poll):
    vote(Client(REMOTE_ADDR=HOME), poll, "Yes")
    claims().update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    vote(Client(REMOTE_ADDR=HOME), poll, "No")  # a new period: counted, the row taken over
    assert votes(poll) == {"Yes": 1, "No": 1} and claims().count() == 1
    claims().update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    call_command("participation_retention", stdout=__import__("io").StringIO())
    assert not claims().exists()


@override_settings(WAGTAIL_PARTICIPATION_ANONYMOUS_NETWORK_DEDUPE_SECONDS=0)
def test_zero_turns_network_dedupe_off(poll):
    for _ in range(3):
        vote(Client(REMOTE_ADDR=HOME), poll, "Yes")
    assert votes(poll)["Yes"] == 3 and not claims().exists()


def test_no_address_is_stored(poll):
    vote(Client(REMOTE_ADDR=HOME), poll, "Yes")
    vote(Client(REMOTE_ADDR="2001:db8:1:2::1"), poll, "Yes")
    for claim in claims().all():
        stored = f"{claim.scope} {claim.network_key}"
        assert HOME not in stored and "2001" not in stored and "db8" not in stored
        assert len(claim.network_key) == 64


def test_anyone_poll_results_are_marked_indicative(poll, rf):
    from django.contrib.auth.models import AnonymousUser

    poll.results_before_voting = True
    poll.save()
    request = rf.get("/news/")
    request.user, request.session = AnonymousUser(), Client().session
    block = PollBlock()
    html = block.render(block.to_python({"poll": poll.pk}), context={"request": request})
    assert "so these results are indicative" in html
    poll.requirement = "email"
    poll.save()
    html = block.render(block.to_python({"poll": poll.pk}), context={"request": request})
    assert "indicative" not in html


# Surveys


def test_survey_again_after_dropping_the_cookie_is_refused_and_keeps_the_answers(client):
    page = three_step_survey(results_visibility="live")
    first = Client(REMOTE_ADDR=HOME)
    assert answer_all(first, page)["Location"] == page.url + "thanks/"
    attacker = Client(REMOTE_ADDR=HOME)  # the same resident, cookies dropped (a fresh browser)
    response = answer_all(attacker, page, cycle="No")
    assert response.status_code == 302 and response["Location"] == page.url + "?step=3"
    assert SurveyResponse.objects.count() == 1
    # Back on the last step: the polite notice with a sign-in link, and what was typed.
    html = attacker.get(response["Location"]).content.decode()
    assert "already received from your network" in html and "/participation/sign-in/?next=" in html
    assert "More benches" in html
    # Signing in keeps the session's answers; sending again counts.
    sign_in_client(attacker, ParticipantFactory())
    response = post(attacker, page, 3, {field(COMMENTS): "More benches", "next": "1"})
    assert response["Location"] == page.url + "thanks/"
    assert SurveyResponse.objects.count() == 2
    assert (
        SurveyResponse.objects.filter(participant__isnull=False)
        .get()
        .answers["22222222-2222-4222-8222-222222222222"]
        == "No"
    )


def test_survey_notice_shows_before_answering_from_that_network():
    page = three_step_survey()
    answer_all(Client(REMOTE_ADDR=HOME), page)
    html = Client(REMOTE_ADDR=HOME).get(page.url).content.decode()
    assert "already received from your network" in html
    assert (
        "already received" not in Client(REMOTE_ADDR="198.51.100.7").get(page.url).content.decode()
    )


def test_survey_allowing_several_responses_is_not_limited_by_network():
    page = three_step_survey(one_response_per_resident=False)
    for _ in range(2):
        answer_all(Client(REMOTE_ADDR=HOME), page)
    assert SurveyResponse.objects.count() == 2 and not claims().exists()


def test_survey_results_of_anyone_surveys_are_marked_indicative(client, django_user_model):
    page = three_step_survey(results_visibility="live")
    text = "Anyone could answer without signing in, so these results are indicative."
    assert text in client.get(page.results_url).content.decode()
    client.force_login(django_user_model.objects.create_superuser("ed", "ed@example.org", "pw"))
    assert text in client.get(f"/admin/participation/surveys/{page.pk}/results/").content.decode()
    signed_in_only = three_step_survey(results_visibility="live", response_requirement="email")
    assert "indicative" not in client.get(signed_in_only.results_url).content.decode()
