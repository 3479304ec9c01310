"""Issue 14.10: each resident sees the interface in the page's language, and emails go out in
the language the resident used."""

import datetime

import pytest
from django.conf import settings
from django.core import mail

from tests.factories import ParticipantFactory, UserFactory, post_form, sign_in_client
from tests.ideas.factories import make_board
from tests.petitions.factories import confirm, last_link, make_petition, make_petition_index, sign
from wagtail_participation.core.emails import render_email
from wagtail_participation.ideas.models import Idea
from wagtail_participation.ideas.services import respond_to_idea
from wagtail_participation.petitions.models import Signature

from .conftest import translate

pytestmark = pytest.mark.django_db


def subpage(page, name, *args):
    return page.url + page.reverse_subpage(name, args=args)


def test_each_board_speaks_its_own_language(client):
    board = make_board()
    welsh = translate(board)
    english = client.get(board.url).content.decode()
    cymraeg = client.get(welsh.url).content.decode()
    assert '<html lang="en">' in english and "Post an idea" in english
    assert '<html lang="cy">' in cymraeg and "Postio syniad" in cymraeg
    assert "Post an idea" not in cymraeg


def test_a_welsh_page_outside_the_page_tree_speaks_welsh_whatever_the_cookie(client):
    """The petition's addresses outside the page tree (/participation/petitions/<id>/signed/) have
    no language prefix: the petition's language decides, not the language the visitor chose."""
    petition = make_petition(make_petition_index())
    welsh = translate(petition)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(f"/participation/petitions/{welsh.pk}/signed/").content.decode()
    assert '<html lang="cy">' in html and "Rydym wedi anfon e-bost atoch." in html
    html = client.get(f"/participation/petitions/{petition.pk}/signed/").content.decode()
    assert '<html lang="en">' in html and "We have sent you an email." in html


def test_an_idea_posted_in_welsh_gets_its_answer_in_welsh():
    """The council answers in the admin, in English; the resident who posted in Welsh is written
    to in Welsh, with a link to the Welsh board."""
    from django.test import Client

    board = make_board()
    welsh = translate(board)
    resident = ParticipantFactory(email="dafydd@example.org")
    client = sign_in_client(Client(), resident)
    post_form(client, subpage(welsh, "submit"), {"title": "Meinciau", "description": "Mwy."})
    resident.refresh_from_db()
    assert resident.language == "cy"

    idea = Idea.objects.get()
    mail.outbox.clear()
    respond_to_idea(
        idea,
        UserFactory(is_superuser=True),
        status="accepted",
        response="<p>Byddwn.</p>",
        responder_name="Parks team",
        notify=True,
    )
    [email] = [m for m in mail.outbox if m.to == ["dafydd@example.org"]]
    assert email.subject.startswith("Mae “Meinciau” bellach:")
    assert "Ymateb y cyngor:" in email.body
    assert f"http://testserver{welsh.url}" in email.body  # the Welsh board


def test_an_english_resident_still_gets_english():
    from django.test import Client

    board = make_board()
    translate(board)
    resident = ParticipantFactory(email="ann@example.org")
    client = sign_in_client(Client(), resident)
    post_form(client, subpage(board, "submit"), {"title": "Benches", "description": "More."})
    resident.refresh_from_db()
    assert resident.language == "en"
    mail.outbox.clear()
    respond_to_idea(
        Idea.objects.get(),
        UserFactory(is_superuser=True),
        status="accepted",
        response="<p>Yes.</p>",
        responder_name="Parks team",
        notify=True,
    )
    [email] = mail.outbox
    assert email.subject.startswith("“Benches” is now:")


def test_signers_hear_of_the_response_in_the_language_they_signed_in(client):
    petition = make_petition(make_petition_index())
    welsh = translate(petition)
    sign(client, welsh, "cerys@example.org", name="Cerys")
    confirmation = [m for m in mail.outbox if m.to == ["cerys@example.org"]][-1]
    assert "Gofynnoch am gael llofnodi'r ddeiseb hon:" in confirmation.body
    confirm(client, last_link("cerys@example.org"))
    sign(client, petition, "ann@example.org", name="Ann")
    confirm(client, last_link("ann@example.org"))
    assert dict(Signature.objects.values_list("email", "language")) == {
        "cerys@example.org": "cy",
        "ann@example.org": "en",
    }

    mail.outbox.clear()
    petition.response = "<p>We will open on Sundays.</p>"
    petition.response_date = datetime.date.today()
    petition.save_revision().publish()
    by_address = {m.to[0]: m for m in mail.outbox}
    assert by_address["cerys@example.org"].subject.startswith("Mae'r cyngor wedi ymateb")
    assert f"http://testserver{welsh.url}" in by_address["cerys@example.org"].body
    assert by_address["ann@example.org"].subject.startswith("The council has responded")
    assert f"http://testserver{petition.url}" in by_address["ann@example.org"].body


def test_publishing_the_welsh_translation_sends_nothing_more(client):
    """The signatures are the canonical petition's: its translations start no emails."""
    petition = make_petition(make_petition_index())
    welsh = translate(petition)
    sign(client, welsh, "cerys@example.org")
    confirm(client, last_link("cerys@example.org"))
    mail.outbox.clear()
    welsh.response = "<p>Byddwn yn agor ar ddydd Sul.</p>"
    welsh.response_date = datetime.date.today()
    welsh.save_revision().publish()
    assert mail.outbox == []


@pytest.mark.parametrize("language, subject", [("cy", "Eich dolen fewngofnodi"), ("xx", "Your")])
def test_emails_render_in_a_language_the_site_offers(language, subject):
    rendered, _ = render_email(
        "wagtail_participation/emails/sign_in", {"site_name": "Test", "link": "x"}, language
    )
    assert rendered.startswith(subject)
