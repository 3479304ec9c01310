"""Generated input against idea boards: posting and editing ideas (with images), voting."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.factories import ParticipantFactory, sign_in_client
from tests.ideas.factories import IdeaFactory, make_board
from wagtail_participation.core.conf import settings
from wagtail_participation.core.models import ModerationMode, ModerationState
from wagtail_participation.ideas.models import Idea, VotingMode
from wagtail_participation.projects.models import Topic

from .checks import assert_clean_text, assert_no_server_error, last_pk, new_rows
from .helpers import accept_json, antispam, is_spam, send
from .strategies import form_data, value_for


@pytest.fixture
def board_world(client, db):
    topic = Topic.objects.create(name="Parks", slug="parks")
    board = make_board(
        categories=[topic],
        ask_location=True,
        allow_images=True,
        voting_mode=VotingMode.UP_DOWN,
        moderation_mode=ModerationMode.PRE,
    )
    resident = ParticipantFactory()
    sign_in_client(client, resident)
    own = IdeaFactory(page=board, author=resident, moderation_state=ModerationState.PENDING)
    published = IdeaFactory(page=board)
    return {"board": board, "topic": topic, "own": own, "published": published}


def image_upload(content, name):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="image/png")


IMAGES = st.one_of(
    st.binary(max_size=200),
    st.just(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64),
    st.just(b"GIF89a" + b"\xff" * 40),
    st.just(b"<svg onload=alert(1)>"),
)


@pytest.mark.django_db
@given(
    data=form_data(
        {
            "title": value_for(["Benches by the pond"]),
            "description": value_for(["More benches, please."]),
            "category": value_for(["topic"] * 6 + ["0", "parks"]),
            "address": value_for(["", "High Street 1"]),
            "latitude": value_for([""] * 6 + ["52.37", "-90", "90.0000001", "1e5"]),
            "longitude": value_for([""] * 6 + ["4.89", "180", "-180.1"]),
            "image_alt": value_for(["", "A bench"]),
            "image-clear": value_for(["on"]),
        }
    ),
    spam=antispam(),
    image=st.one_of(st.none(), st.none(), st.none(), IMAGES),
    filename=st.sampled_from(["a.png", "../x.svg", "é\n.jpg", ""]),
    edit=st.booleans(),
)
def test_post_and_edit_idea(client, board_world, fuzz_cases, data, spam, image, filename, edit):
    fuzz_cases()
    board = board_world["board"]
    if "category" in data:
        data["category"] = [
            str(board_world["topic"].pk) if v == "topic" else v for v in data["category"]
        ]
    body = {**data, **spam}
    if image is not None and filename:
        body["image"] = image_upload(image, filename)
    url = board.url + (
        board.reverse_subpage("edit", args=[board_world["own"].pk])
        if edit
        else board.reverse_subpage("submit")
    )
    since = last_pk(Idea)
    response = send(client, "post", url, body)
    assert_no_server_error(response)
    ideas = list(new_rows(Idea, since))
    if edit:
        ideas.append(Idea.objects.get(pk=board_world["own"].pk))
    elif ideas:
        assert not is_spam(body)
    for idea in ideas:
        assert_clean_text(idea.title, limit=settings.IDEA_TITLE_MAX_LENGTH, what="title")
        assert_clean_text(
            idea.description,
            multiline=True,
            limit=settings.IDEA_DESCRIPTION_MAX_LENGTH,
            what="description",
        )
        assert_clean_text(idea.address, limit=200, what="address")
        assert_clean_text(idea.image_alt, limit=200, what="image_alt")
        assert idea.title and idea.description
        if idea.latitude is not None:
            assert -90 <= idea.latitude <= 90 and -180 <= idea.longitude <= 180
    if ideas and response.status_code == 302:
        # The idea's own page shows what was stored.
        assert_no_server_error(send(client, "get", response["Location"]))


@pytest.mark.django_db
@given(
    data=form_data(
        {
            "action": value_for(["support", "oppose", "remove"]),
            "wants_updates": value_for(["on", "1"]),
            "next": value_for(["/", "/idea-board-1/", "//evil.example/"]),
        }
    ),
    target=st.sampled_from(["published", "own", "missing"]),
    accept=accept_json(),
    signed_in=st.booleans(),
    method=st.sampled_from(["post", "post", "get"]),
)
def test_vote(client, board_world, fuzz_cases, data, target, accept, signed_in, method):
    fuzz_cases()
    board = board_world["board"]
    idea_id = board_world[target].pk if target != "missing" else 2**70
    if not signed_in:
        client.logout()
    response = send(
        client, method, board.url + board.reverse_subpage("vote", args=[idea_id]), data, **accept
    )
    assert_no_server_error(response)
    if response.status_code == 302:
        assert response["Location"].startswith("/")
    idea = board_world["published"]
    idea.refresh_from_db()
    assert idea.support_count >= 0 and idea.oppose_count >= 0
    assert idea.score == idea.support_count - idea.oppose_count
