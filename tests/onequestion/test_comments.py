"""Core's comments work on a one-question page and on its answers, with core unchanged."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import ParticipantFactory, post_form, sign_in_client
from tests.testapp.onequestion.models import Answer
from wagtail_participation.core.models import Comment

from .factories import make_question_page

pytestmark = pytest.mark.django_db


def test_residents_comment_on_the_page():
    page = make_question_page()
    client = sign_in_client(Client(), ParticipantFactory())
    html = client.get(page.url).content.decode()
    action = reverse("wagtail_participation:comment_on_page", args=[page.pk])
    assert f'action="{action}"' in html
    response = post_form(client, action, {"body": "zqpagecomment: good question"})
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{page.url}#comment-{comment.pk}"
    assert (comment.page_id, comment.target_id) == (page.pk, None)
    assert "zqpagecomment: good question" in Client().get(page.url).content.decode()


def test_residents_comment_on_an_answer():
    page = make_question_page()
    answer = Answer.objects.create(page=page, author=ParticipantFactory(), body="Oak Square")
    client = sign_in_client(Client(), ParticipantFactory())
    action = reverse("wagtail_participation:comment_on_contribution", args=[answer.pk])
    assert f'action="{action}"' in client.get(page.url).content.decode()
    response = post_form(client, action, {"body": "zqanswercomment: yes"})
    comment = Comment.objects.get()
    assert response.status_code == 302 and comment.target_id == answer.pk
    assert response["Location"] == f"{page.url}#comment-{comment.pk}"
    assert "zqanswercomment: yes" in Client().get(page.url).content.decode()


def test_comments_follow_the_page_switch():
    page = make_question_page(allow_comments=False)
    client = sign_in_client(Client(), ParticipantFactory())
    response = post_form(
        client,
        reverse("wagtail_participation:comment_on_page", args=[page.pk]),
        {"body": "Not here"},
    )
    assert response.status_code == 403 and not Comment.objects.exists()


def test_only_published_answers_take_comments():
    page = make_question_page()
    answer = Answer.objects.create(
        page=page, author=ParticipantFactory(), body="Ash Square", moderation_state="pending"
    )
    client = sign_in_client(Client(), ParticipantFactory())
    response = post_form(
        client,
        reverse("wagtail_participation:comment_on_contribution", args=[answer.pk]),
        {"body": "On a pending answer"},
    )
    assert response.status_code == 404  # only published answers take comments
    assert not Comment.objects.exists()
