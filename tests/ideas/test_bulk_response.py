"""Issue 24.9: one official response for several ideas, from the ideas listing."""

import pytest
from django.core import mail
from wagtail.models import PageLogEntry

from tests.factories import ParticipantFactory
from tests.ideas.factories import IdeaFactory, make_board
from tests.ideas.test_admin import LISTING, contentstate, moderator_of
from wagtail_participation.ideas.models import Idea

pytestmark = pytest.mark.django_db
BULK = "/admin/participation/ideas/bulk-respond/"


def test_one_response_for_several_ideas(client, django_capture_on_commit_callbacks):
    mine, theirs = make_board(), make_board()
    a = IdeaFactory(page=mine, title="Benches", author=ParticipantFactory(email="a@example.org"))
    b = IdeaFactory(page=mine, title="More benches", status="accepted")
    other = IdeaFactory(page=theirs, title="Not mine to answer")
    client.force_login(moderator_of(mine))
    listing = client.get(LISTING).content.decode()
    assert f'formaction="{BULK}"' in listing
    selected = [a.pk, b.pk, other.pk]
    form = client.post(BULK, {"selected": selected, "status": "", "next": LISTING})
    html = form.content.decode()
    assert form.status_code == 200
    assert "Benches" in html and "More benches" in html and "Not mine to answer" not in html
    assert "1 selected idea is left out" in html
    assert '<h1 class="w-header__title"' in html and 'aria-label="Breadcrumb"' in html
    # The response is required.
    empty = client.post(BULK, {"selected": selected, "step": "respond", "response": ""})
    assert empty.status_code == 200 and not Idea.objects.exclude(response="").exists()
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(
            BULK,
            {
                "selected": selected,
                "step": "respond",
                "status": "under_consideration",
                "response": contentstate("We are looking at all benches."),
                "responder_name": "Parks team",
                "notify": "on",
                "next": LISTING,
            },
            follow=True,
        )
    text = done.content.decode()
    assert "The response is on 2 ideas." in text and "1 idea was skipped" in text
    for idea in (a, b):
        idea.refresh_from_db()
        assert "We are looking at all benches." in idea.response
        assert idea.status == "under_consideration" and idea.responder_name == "Parks team"
    other.refresh_from_db()
    assert other.response == ""
    assert PageLogEntry.objects.filter(action="wagtail_participation.idea_status").count() == 2
    emailed = {m.to[0] for m in mail.outbox}
    assert "a@example.org" in emailed and len(emailed) == len(mail.outbox)  # once each
    assert not other.author or other.author.email not in emailed


def test_keeping_each_ideas_status_and_emailing_nobody(admin_client):
    board = make_board()
    a = IdeaFactory(page=board, status="accepted")
    b = IdeaFactory(page=board, status="in_progress")
    admin_client.post(
        BULK,
        {
            "selected": [a.pk, b.pk],
            "step": "respond",
            "status": "",
            "response": contentstate("Thank you."),
        },
    )
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.status, b.status) == ("accepted", "in_progress")
    assert "Thank you." in a.response and "Thank you." in b.response
    assert not mail.outbox


def test_bulk_response_refuses_bad_input(client, admin_client):
    assert admin_client.post(BULK, {"selected": ["x"]}).status_code == 400
    assert admin_client.post(BULK, {}).status_code == 302  # nothing selected: back, with a message
    assert admin_client.get(BULK).status_code == 405
    board = make_board()
    idea = IdeaFactory(page=board)
    client.force_login(moderator_of(make_board()))
    response = client.post(
        BULK, {"selected": [idea.pk], "step": "respond", "response": contentstate("x")}
    )
    assert response.status_code == 302
    idea.refresh_from_db()
    assert idea.response == ""
