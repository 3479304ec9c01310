"""A resident's answers in "Your data" and its download, and what "forget me" does to them."""

import datetime
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from tests.factories import ParticipantFactory, post_form, sign_in_client
from tests.testapp.onequestion.models import Answer
from wagtail_participation.core.privacy import anonymise_participant, export_participant_data

from .factories import answer_url, make_question_page

pytestmark = pytest.mark.django_db


def answered(resident):
    page = make_question_page(question="zqquestion: what should the square be called?")
    client = sign_in_client(Client(), resident)
    post_form(
        client, answer_url(page), {"body": "zqanswer: Lime Square", "neighbourhood": "zqhood"}
    )
    return page, client, Answer.objects.get(author=resident)


def test_your_data_lists_the_answers():
    resident = ParticipantFactory()
    page, client, answer = answered(resident)
    html = client.get(reverse("wagtail_participation:my_data")).content.decode()
    assert "Your answers to one-question pages" in html
    for text in (
        "zqquestion: what should the square be called?",
        "zqanswer: Lime Square",
        "zqhood",
    ):
        assert text in html
    data = json.loads(client.get(reverse("wagtail_participation:my_data_download")).content)
    assert [(c["id"], c["type"], c["text"]) for c in data["contributions"]] == [
        (answer.pk, "answer", "zqanswer: Lime Square")
    ]
    assert data["onequestion_answers"] == [
        {
            "answer_id": answer.pk,
            "question": "zqquestion: what should the square be called?",
            "answer": "zqanswer: Lime Square",
            "neighbourhood": "zqhood",
            "created_at": answer.created_at.isoformat(),
        }
    ]


def test_another_residents_data_has_none_of_them():
    page, client, answer = answered(ParticipantFactory())
    other = ParticipantFactory()
    assert export_participant_data(other)["onequestion_answers"] == []
    html = sign_in_client(Client(), other).get(reverse("wagtail_participation:my_data"))
    assert "zqanswer" not in html.content.decode()


def test_forget_me_anonymises_the_answers():
    resident = ParticipantFactory(display_name="zqname Ann")
    page, client, answer = answered(resident)
    assert "zqname Ann" in Client().get(page.url).content.decode()
    response = client.post(reverse("wagtail_participation:forget_me"))
    assert response.status_code == 302
    resident.refresh_from_db()
    assert resident.anonymised_at is not None
    answer.refresh_from_db()
    # the text stays, as every contribution's; who wrote it and where they live go
    assert answer.body == "zqanswer: Lime Square" and answer.neighbourhood == ""
    assert answer.author_name == "Former participant"
    html = Client().get(page.url).content.decode()
    assert "zqanswer: Lime Square" in html and "zqname Ann" not in html
    assert "Former participant" in html
    assert export_participant_data(resident)["onequestion_answers"][0]["neighbourhood"] == ""


def test_forget_me_removes_the_emailed_copy():
    from wagtail_participation.core.models import OutgoingEmail

    resident = ParticipantFactory(email="zqforget@example.org")
    answered(resident)
    assert OutgoingEmail.objects.filter(to="zqforget@example.org").exists()
    anonymise_participant(resident)
    assert not OutgoingEmail.objects.filter(to="zqforget@example.org").exists()


@override_settings(WAGTAIL_PARTICIPATION_ONEQUESTION_NEIGHBOURHOOD_KEEP_DAYS=30)
def test_the_retention_command_clears_old_neighbourhoods():
    page = make_question_page()
    resident = ParticipantFactory()
    old = Answer.objects.create(
        page=page,
        author=resident,
        body="Old",
        neighbourhood="zqold",
        created_at=timezone.now() - datetime.timedelta(days=31),
    )
    recent = Answer.objects.create(page=page, author=resident, body="New", neighbourhood="zqnew")
    out = StringIO()
    call_command("participation_retention", stdout=out)
    assert "Deleted 1 neighbourhood(s) of old answers." in out.getvalue()
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.body, old.neighbourhood, recent.neighbourhood) == ("Old", "", "zqnew")
