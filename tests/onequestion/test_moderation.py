"""Answers are Contributions: core's moderation queue lists them, moderators act on them there,
residents report them; core is unchanged."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse
from wagtail.models import PageLogEntry

from tests.factories import ParticipantFactory, UserFactory, post_form, sign_in_client
from tests.testapp.onequestion.models import Answer
from wagtail_participation.core.models import ModerationMode, ModerationState, Report

from .factories import answer_url, make_question_page, staff_with

pytestmark = pytest.mark.django_db

QUEUE = "/admin/wagtail_participation/contribution/"


def pending_answer():
    page = make_question_page(moderation_mode=ModerationMode.PRE)
    client = sign_in_client(Client(), ParticipantFactory())
    post_form(client, answer_url(page), {"body": "zqqueued: Willow Square"})
    return page, Answer.objects.get()


def admin_client(user):
    client = Client()
    client.force_login(user)
    return client


def test_an_answer_is_in_the_moderation_queue_as_an_answer():
    page, answer = pending_answer()
    assert answer.moderation_state == ModerationState.PENDING
    client = admin_client(UserFactory(is_superuser=True, is_staff=True))
    html = client.get(QUEUE + "?moderation_state__exact=pending").content.decode()
    assert "zqqueued: Willow Square" in html
    answer_type = ContentType.objects.get_for_model(Answer)
    html = client.get(QUEUE + f"?type={answer_type.pk}").content.decode()
    assert "zqqueued: Willow Square" in html and ">answer<" in html.lower()
    # the export of the queue too
    export = client.get(reverse("wagtail_participation_export_contributions"))
    assert "zqqueued: Willow Square" in b"".join(export.streaming_content).decode()


def test_a_moderator_of_the_page_publishes_it_from_the_queue():
    page, answer = pending_answer()
    moderator = staff_with(page, "change_page", "publish_page")
    client = admin_client(moderator)
    assert "zqqueued" in client.get(QUEUE).content.decode()
    moderate = reverse("wagtail_participation_admin:moderate", args=[answer.pk])
    assert "zqqueued: Willow Square" in client.get(moderate).content.decode()
    assert client.post(moderate, {"action": "publish"}).status_code == 302
    answer.refresh_from_db()
    assert (answer.moderation_state, answer.moderated_by) == (ModerationState.PUBLISHED, moderator)
    assert PageLogEntry.objects.filter(page=page, action="wagtail_participation.publish").exists()
    assert "zqqueued: Willow Square" in Client().get(page.url).content.decode()


def test_bulk_rejection_takes_answers_too():
    page, answer = pending_answer()
    client = admin_client(UserFactory(is_superuser=True, is_staff=True))
    response = client.post(
        reverse("wagtail_participation_admin:bulk_moderate"),
        {"action": "reject", "selected": [answer.pk]},
    )
    assert response.status_code == 302
    answer.refresh_from_db()
    assert answer.moderation_state == ModerationState.REJECTED


def test_others_may_not_moderate_it():
    page, answer = pending_answer()
    editor = staff_with(page, "add_page", "change_page")
    other_page = make_question_page()
    other_moderator = staff_with(other_page, "change_page", "publish_page")
    moderate = reverse("wagtail_participation_admin:moderate", args=[answer.pk])
    for user in (editor, other_moderator):
        client = admin_client(user)
        assert "zqqueued" not in client.get(QUEUE).content.decode()
        client.post(moderate, {"action": "publish"})
        answer.refresh_from_db()
        assert answer.moderation_state == ModerationState.PENDING


def test_residents_report_an_answer_and_reports_hide_it():
    page = make_question_page()
    answer = Answer.objects.create(page=page, author=ParticipantFactory(), body="zqreported")
    for resident in ParticipantFactory.create_batch(3):
        client = sign_in_client(Client(), resident)
        response = post_form(
            client,
            reverse("wagtail_participation:report", args=[answer.pk]),
            {"reason": "spam", "details": ""},
        )
        assert response.status_code == 302
    answer.refresh_from_db()
    assert Report.objects.filter(contribution_id=answer.pk).count() == 3
    assert answer.moderation_state == ModerationState.HIDDEN
    assert "zqreported" not in Client().get(page.url).content.decode()
