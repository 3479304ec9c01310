"""Issue 14.10: the translations of a method page share one set of contributions.

An idea posted on the Welsh board shows on the English one with one shared count; a petition
signed in both languages counts once per mailbox; survey results combine both languages.
"""

import pytest
from django.core import mail

from tests.factories import ParticipantFactory, post_form, sign_in_client
from tests.ideas.factories import make_board
from tests.petitions.factories import confirm, last_link, make_petition, make_petition_index, sign
from tests.surveys.factories import make_survey, question
from wagtail_participation.core.models import Comment
from wagtail_participation.core.translations import canonical_page, canonical_page_id
from wagtail_participation.ideas.models import Idea
from wagtail_participation.petitions.counts import recount
from wagtail_participation.petitions.models import Signature
from wagtail_participation.surveys.models import SurveyResponse
from wagtail_participation.surveys.results import survey_results
from wagtail_participation.surveys.services import AlreadyAnswered, submit_response

from .conftest import translate

pytestmark = pytest.mark.django_db


def subpage(page, name, *args):
    return page.url + page.reverse_subpage(name, args=args)


# Ideas


def test_the_welsh_board_is_a_translation_with_its_own_address():
    board = make_board(title="Park ideas")
    welsh = translate(board)
    assert welsh.pk != board.pk and welsh.translation_key == board.translation_key
    assert welsh.url.startswith("/cy/") and not board.url.startswith("/cy/")
    assert canonical_page_id(welsh) == canonical_page_id(board) == board.pk


def test_an_idea_posted_on_the_welsh_board_shows_on_the_english_one(client):
    board = make_board(title="Park ideas")
    welsh = translate(board)
    resident = ParticipantFactory()
    sign_in_client(client, resident)
    response = post_form(
        client, subpage(welsh, "submit"), {"title": "Ffynnon yn y pwll", "description": "Dŵr."}
    )
    assert response.status_code == 302
    idea = Idea.objects.get()
    assert idea.page_id == board.pk  # stored once, on the canonical (English) board

    client.logout()
    english = client.get(board.url).content.decode()
    cymraeg = client.get(welsh.url).content.decode()
    for html in (english, cymraeg):
        assert "Ffynnon yn y pwll" in html
    assert "1 idea<" in english
    # The idea opens from either board, each in its own language.
    assert client.get(subpage(board, "idea", idea.pk)).status_code == 200
    assert client.get(subpage(welsh, "idea", idea.pk)).status_code == 200


def test_votes_from_both_languages_make_one_count(client):
    board = make_board()
    welsh = translate(board)
    idea = Idea.objects.create(
        page=board, author=ParticipantFactory(), title="Benches", description="More benches."
    )
    for page in (board, welsh):
        sign_in_client(client, ParticipantFactory())
        assert client.post(subpage(page, "vote", idea.pk), {"action": "support"}).status_code == 302
    idea.refresh_from_db()
    assert idea.support_count == 2
    # Voting again from the other language changes nothing: one vote per resident.
    assert client.post(subpage(board, "vote", idea.pk), {"action": "support"}).status_code == 302
    idea.refresh_from_db()
    assert idea.support_count == 2


def test_a_new_idea_shows_at_once_on_both_boards_kept_listings(client):
    """The anonymous listing is kept in the cache per board and language; a new idea on either
    translation moves the version all of them are kept under."""
    board = make_board()
    welsh = translate(board)
    assert "0 ideas" in client.get(board.url).content.decode()
    client.get(welsh.url)
    resident = ParticipantFactory()
    sign_in_client(client, resident)
    post_form(client, subpage(welsh, "submit"), {"title": "Llwybr", "description": "Newydd."})
    client.logout()
    assert "1 idea<" in client.get(board.url).content.decode()
    assert "Llwybr" in client.get(welsh.url).content.decode()


def test_comments_are_shared_by_the_translations(client):
    board = make_board(allow_comments=True)
    welsh = translate(board)
    Comment.objects.create(
        page=canonical_page(welsh), author=ParticipantFactory(), body="Syniad da", target=None
    )
    assert Comment.objects.on_page(welsh).count() == Comment.objects.on_page(board).count() == 1


# Petitions


def test_a_petition_signed_in_both_languages_counts_once_per_mailbox(client):
    petition = make_petition(make_petition_index())
    welsh = translate(petition)
    assert welsh.url.startswith("/cy/")

    sign(client, welsh, "ann@example.org", name="Ann")
    sign(client, petition, "Ann@Example.org", name="Ann")  # the same mailbox, in English
    assert Signature.objects.count() == 1
    signature = Signature.objects.get()
    assert signature.petition_id == petition.pk and signature.language == "cy"
    confirm(client, last_link("ann@example.org"))

    sign(client, petition, "bob@example.org", name="Bob")
    confirm(client, last_link("bob@example.org"))
    recount(petition.pk)
    assert Signature.objects.counted().count() == 2
    assert petition.count() == welsh.count() == 2
    assert welsh.signature_summary()["counted"] == 2
    # Both pages ask the same count endpoint for the live count, the canonical petition's.
    count_url = f"/participation/petitions/{petition.pk}/count.json"
    for page in (petition, welsh):
        assert f'data-count-url="{count_url}"' in client.get(page.url).content.decode()
    assert client.get(count_url).json()["count"] == 2


def test_the_petition_index_shows_the_shared_count_in_each_language(client):
    index = make_petition_index()
    petition = make_petition(index)
    translate(index)
    welsh = translate(petition)
    sign(client, welsh, "cerys@example.org")
    confirm(client, last_link("cerys@example.org"))
    recount(petition.pk)
    welsh_index = index.get_translation(welsh.locale).specific
    assert welsh.count() == 1
    assert client.get(welsh_index.url).status_code == 200


# Surveys

CHOICE = "11111111-1111-4111-8111-111111111111"


def bilingual_survey(**fields):
    survey = make_survey(
        [
            question(
                "single_choice",
                "Which ward?",
                id=CHOICE,
                required=True,
                choices=["North", "South"],
                display="radio",
                allow_other=False,
            )
        ],
        **fields,
    )
    return survey, translate(survey)


def test_the_welsh_survey_keeps_the_questions_ids():
    survey, welsh = bilingual_survey()
    assert [q.id for q in welsh.structure.questions] == [CHOICE]


def test_survey_results_combine_both_languages():
    survey, welsh = bilingual_survey()
    submit_response(survey, {CHOICE: "North"}, participant=ParticipantFactory())
    submit_response(welsh, {CHOICE: "North"}, participant=ParticipantFactory())
    submit_response(welsh, {CHOICE: "South"}, participant=ParticipantFactory())
    assert set(SurveyResponse.objects.values_list("page_id", flat=True)) == {survey.pk}
    for page in (survey, welsh):
        results = survey_results(page)
        assert results["total"] == 3
    assert survey.response_summary()["total"] == welsh.response_summary()["total"] == 3


def test_one_response_per_resident_holds_across_languages():
    survey, welsh = bilingual_survey(one_response_per_resident=True)
    resident = ParticipantFactory()
    submit_response(survey, {CHOICE: "North"}, participant=resident)
    with pytest.raises(AlreadyAnswered):
        submit_response(welsh, {CHOICE: "South"}, participant=resident)


def test_the_mail_outbox_starts_empty():
    assert mail.outbox == []
