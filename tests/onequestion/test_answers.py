"""Answering a one-question page: the page's routes, core's policy, the service's log and email."""

import datetime

import pytest
from django.test import Client, override_settings
from django.utils import timezone
from wagtail.models import PageLogEntry

from tests.factories import ParticipantFactory, post_form, sign_in_client
from tests.testapp.onequestion.models import Answer
from wagtail_participation.core.models import ModerationMode, ModerationState, OutgoingEmail

from .factories import answer_url, make_question_page

pytestmark = pytest.mark.django_db


def test_the_page_shows_its_question_and_form():
    page = make_question_page()
    resident = ParticipantFactory()
    html = sign_in_client(Client(), resident).get(page.url).content.decode()
    assert page.question in html and f'action="{answer_url(page)}"' in html


def test_a_resident_answers_and_gets_a_copy_by_email():
    page = make_question_page()
    resident = ParticipantFactory(email="ann@example.org")
    client = sign_in_client(Client(), resident)
    response = post_form(
        client, answer_url(page), {"body": "Market Square", "neighbourhood": "North"}
    )
    answer = Answer.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(
        f"#contribution-{answer.pk}"
    )
    assert (answer.page_id, answer.author, answer.body, answer.neighbourhood) == (
        page.pk,
        resident,
        "Market Square",
        "North",
    )
    assert answer.moderation_state == ModerationState.PUBLISHED
    assert answer.summary == "Market Square"
    entry = PageLogEntry.objects.get(page=page, action="testapp_onequestion.answer")
    assert entry.data["contribution_id"] == answer.pk
    assert "Market Square" not in str(entry.data)  # by id, never the text
    assert entry.message == f"A resident gave answer #{answer.pk}"
    email = OutgoingEmail.objects.get(to="ann@example.org")
    assert "Market Square" in email.body and "\n" not in email.subject
    assert "Market Square" in client.get(page.url).content.decode()


@override_settings(WAGTAIL_PARTICIPATION_ONEQUESTION_CONFIRMATION_EMAIL=False)
def test_no_copy_when_the_setting_says_so():
    page = make_question_page()
    client = sign_in_client(Client(), ParticipantFactory())
    assert post_form(client, answer_url(page), {"body": "Elm Square"}).status_code == 302
    assert Answer.objects.exists() and not OutgoingEmail.objects.exists()


def test_a_pending_answer_is_seen_by_its_author_only():
    page = make_question_page(moderation_mode=ModerationMode.PRE)
    author = ParticipantFactory()
    client = sign_in_client(Client(), author)
    post_form(client, answer_url(page), {"body": "zqpendinganswer"})
    assert Answer.objects.get().moderation_state == ModerationState.PENDING
    assert "zqpendinganswer" in client.get(page.url).content.decode()
    other = sign_in_client(Client(), ParticipantFactory())
    assert "zqpendinganswer" not in other.get(page.url).content.decode()
    assert "zqpendinganswer" not in Client().get(page.url).content.decode()


def test_nobody_signed_in_is_sent_to_sign_in():
    page = make_question_page()
    response = post_form(Client(), answer_url(page), {"body": "Anything"})
    assert response.status_code == 302 and "/participation/sign-in/" in response["Location"]
    assert not Answer.objects.exists()


def test_a_closed_page_refuses_answers_through_core_policy():
    page = make_question_page(closes_at=timezone.now() - datetime.timedelta(days=1))
    client = sign_in_client(Client(), ParticipantFactory())
    response = post_form(client, answer_url(page), {"body": "Too late"})
    assert response.status_code == 403
    assert "This question is not taking answers at the moment." in response.content.decode()
    assert "This question is not taking answers" in client.get(page.url).content.decode()
    assert not Answer.objects.exists()


def test_the_answer_url_only_takes_posts():
    page = make_question_page()
    response = sign_in_client(Client(), ParticipantFactory()).get(answer_url(page))
    assert response.status_code == 302 and response["Location"] == page.url


@override_settings(WAGTAIL_PARTICIPATION_ONEQUESTION_MAX_ANSWER_LENGTH=10)
def test_answers_are_held_to_the_setting():
    page = make_question_page()
    client = sign_in_client(Client(), ParticipantFactory())
    response = post_form(client, answer_url(page), {"body": "a" * 11})
    assert response.status_code == 400 and 'maxlength="10"' in response.content.decode()
    assert post_form(client, answer_url(page), {"body": "a" * 10}).status_code == 302
    assert Answer.objects.count() == 1
