"""Issue 22, items 11, 14 and 15 (surveys and polls).

- "Forget me" clears the addresses a resident typed into email questions; "Your data" lists
  their poll votes (item 11).
- Signing out, or being forgotten, empties the browser's session: a half-filled survey is not
  handed to the next person on the same browser (item 14).
- Survey steps (which show this visitor's answers) and a poll they voted in are private (item 15).
"""

import json

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client

from tests.core.cache_headers import is_private
from tests.factories import ParticipantFactory, antispam_fields, sign_in_client
from tests.page_privacy import page_with_blocks
from tests.surveys.factories import COMMENTS, CYCLE, WARD, make_survey, question, three_step_survey
from wagtail_participation.surveys.blocks import PollBlock
from wagtail_participation.surveys.models import Poll, PollChoice, PollVote, SurveyResponse

pytestmark = pytest.mark.django_db

EMAIL = "66666666-6666-4666-8666-666666666666"


def post(client, page, step, data):
    return client.post(page.url, {**antispam_fields(), "step": step, **data})


def half_fill(client, page):
    response = post(client, page, 1, {f"q-{WARD}": "Old Town", f"q-{CYCLE}": "Yes", "next": "1"})
    assert response["Location"] == page.url + "?step=2"
    html = client.get(page.url).content.decode()
    assert 'value="Old Town" checked' in html or ('value="Old Town"' in html and "checked" in html)


def shows_answers(client, page):
    html = client.get(page.url).content.decode()
    return "checked" in html


def test_forget_me_clears_answers_to_email_questions(client):
    """The attack: the address typed into a survey's email question stays with the answers after
    "forget me" (and in every export of the results)."""
    resident = ParticipantFactory(email="eve@example.org")
    page = make_survey(
        [
            question("email", "Your email, if you want a reply", id=EMAIL),
            question("long_text", "Your idea", id=COMMENTS),
        ]
    )
    other = ParticipantFactory()
    sign_in_client(client, resident)
    assert (
        post(
            client,
            page,
            1,
            {f"q-{EMAIL}": "eve.home@example.net", f"q-{COMMENTS}": "More trees", "next": "1"},
        ).status_code
        == 302
    )
    sign_in_client(other_client := Client(), other)
    post(
        other_client,
        page,
        1,
        {f"q-{EMAIL}": "other@example.net", f"q-{COMMENTS}": "Fewer cars", "next": "1"},
    )
    mine = SurveyResponse.objects.get(participant=resident)
    assert mine.answers[EMAIL] == "eve.home@example.net"

    assert client.post("/participation/my-data/forget/").status_code == 302

    mine.refresh_from_db()
    assert mine.participant_id is None and mine.answers == {COMMENTS: "More trees"}
    assert SurveyResponse.objects.get(participant=other).answers[EMAIL] == "other@example.net"


def test_forget_me_clears_answers_to_email_questions_removed_since(client):
    from wagtail_participation.core.privacy import anonymise_participant

    resident = ParticipantFactory()
    page = make_survey(
        [question("email", "Email", id=EMAIL), question("long_text", "Idea", id=COMMENTS)]
    )
    SurveyResponse.objects.create(
        page=page, participant=resident, answers={EMAIL: "x@example.net", COMMENTS: "Hi"}
    )
    page.questions = [question("long_text", "Idea", id=COMMENTS)]
    page.save_revision().publish()
    anonymise_participant(resident)
    assert SurveyResponse.objects.get().answers == {COMMENTS: "Hi"}


def test_your_data_lists_poll_votes(client):
    resident = ParticipantFactory()
    poll = Poll.objects.create(question="Should the library open on Sundays?")
    yes = PollChoice.objects.create(poll=poll, label="Yes please")
    PollChoice.objects.create(poll=poll, label="No")
    page = page_with_blocks(("poll", {"poll": poll}))  # a poll takes votes when a page shows it
    sign_in_client(client, resident)
    client.post(f"/participation/polls/{poll.pk}/vote/", {"choice": yes.pk, "next": "/"})
    assert PollVote.objects.get().participant == resident

    data = json.loads(client.get("/participation/my-data/download/").content)
    [vote] = data["poll_votes"]
    assert vote["poll"] == "Should the library open on Sundays?" and vote["answer"] == "Yes please"
    assert vote["url"] == page.url  # the page showing the poll
    html = client.get("/participation/my-data/").content.decode()
    assert (
        "Polls you voted in" in html
        and "Should the library open on Sundays?" in html
        and "Yes please" in html
    )
    assert f'href="{page.url}"' in html  # each row links to where it happened

    assert client.post("/participation/my-data/forget/").status_code == 302
    vote = PollVote.objects.get()
    assert vote.participant_id is None  # the vote still counts
    yes.refresh_from_db()
    assert yes.vote_count == 1


# Item 14: the session is emptied


def test_sign_out_does_not_hand_a_half_filled_survey_to_the_next_visitor(client):
    """The attack: a resident on a library computer answers the first step of a survey, signs out
    and leaves; the next person on that browser opens the survey and sees their answers."""
    page = three_step_survey()
    sign_in_client(client, ParticipantFactory())
    half_fill(client, page)
    response = client.post("/participation/sign-out/", {"next": page.url})
    assert response.status_code == 302
    assert b"You are signed out." in client.get(response["Location"]).content
    # The next visitor on the same browser.
    assert not shows_answers(client, page)
    assert client.get(page.url + "?step=2").status_code == 302  # nothing reached any more
    # a session is not iterable: keys() is needed
    assert not any(key.startswith("wp_survey:") for key in client.session.keys())  # noqa: SIM118


def test_forget_me_empties_the_session_too(client):
    page = three_step_survey()
    sign_in_client(client, ParticipantFactory())
    half_fill(client, page)
    response = client.post("/participation/my-data/forget/")
    assert response.status_code == 302
    assert b"Your details have been removed." in client.get(response["Location"]).content
    assert not shows_answers(client, page)


def test_sign_out_of_a_site_user_leaves_their_login(client):
    from tests.factories import UserFactory

    user = UserFactory()
    client.force_login(user)
    client.post("/participation/sign-out/", {"next": "/"})
    assert client.session.get("_auth_user_id") == str(user.pk)


# Item 15: survey steps and a voted poll are private


def test_survey_steps_are_private(client):
    page = three_step_survey()
    assert is_private(client.get(page.url))
    half_fill(client, page)
    assert is_private(client.get(page.url))
    response = post(client, page, 1, {f"q-{WARD}": "North", "next": "1"})  # an error re-render
    assert response.status_code == 400 and is_private(response)


def test_a_poll_this_browser_voted_in_makes_the_page_private(client, rf):
    from wagtail_participation.core.cache_control import is_personal

    poll = Poll.objects.create(question="Sundays?")
    choice = PollChoice.objects.create(poll=poll, label="Yes")
    PollChoice.objects.create(poll=poll, label="No")
    page_with_blocks(("poll", {"poll": poll}))
    block = PollBlock()

    def render_for(cookies):
        request = rf.get("/news/")
        request.session = client.session
        request.user = AnonymousUser()
        request.COOKIES = cookies
        block.render(block.to_python({"poll": poll.pk}), context={"request": request})
        return request

    assert not is_personal(render_for({}))
    client.post(f"/participation/polls/{poll.pk}/vote/", {"choice": choice.pk, "next": "/"})
    assert is_personal(render_for({k: v.value for k, v in client.cookies.items()}))
