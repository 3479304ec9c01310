"""Issue 22, items 11 and 15 (ideas): "Your data" lists each idea's place and image; an idea board
seen by a signed-in resident, or carrying a flash message, is private and never stored by a
shared cache; the cached block of results shared by anonymous visitors holds no message."""

import json

import pytest

from tests.core.cache_headers import is_private
from tests.factories import ParticipantFactory, sign_in_client
from tests.ideas.factories import IdeaFactory, make_board
from tests.ideas.test_views import png_bytes

pytestmark = pytest.mark.django_db


def test_your_data_lists_the_place_and_image_of_each_idea(client):
    from django.core.files.base import ContentFile

    resident = ParticipantFactory(email="ida@example.org")
    idea = IdeaFactory(
        author=resident,
        title="Benches by the pond",
        address="12 Mill Lane",
        latitude="51.501000",
        longitude="-0.120000",
        image_alt="A broken bench",
    )
    idea.image.save("bench.png", ContentFile(png_bytes()), save=True)
    IdeaFactory(title="Someone else's idea", address="Elsewhere")
    sign_in_client(client, resident)

    data = json.loads(client.get("/participation/my-data/download/").content)
    [place] = data["ideas"]
    assert place["title"] == "Benches by the pond" and place["address"] == "12 Mill Lane"
    assert place["latitude"] == "51.501000" and place["longitude"] == "-0.120000"
    assert place["image"] == idea.image.url and place["image_description"] == "A broken bench"

    html = client.get("/participation/my-data/").content.decode()
    assert (
        "12 Mill Lane" in html
        and "51.501000" in html
        and idea.image.url in html
        and "A broken bench" in html
    )
    assert "Elsewhere" not in html


def test_idea_board_is_private_for_a_signed_in_resident(client):
    board = make_board()
    IdeaFactory(page=board)
    assert not is_private(client.get(board.url))
    sign_in_client(client, ParticipantFactory(display_name="Vera Voter"))
    response = client.get(board.url)
    assert b"Vera Voter" in response.content and is_private(response)
    idea = IdeaFactory(page=board)
    assert is_private(client.get(board.url + board.reverse_subpage("idea", args=[idea.pk])))


def test_idea_board_with_a_message_is_private_and_the_shared_results_hold_none(client):
    board = make_board()
    IdeaFactory(page=board, title="A shared idea")
    sign_in_client(client, ParticipantFactory())
    client.post("/participation/sign-out/", {"next": board.url})
    response = client.get(board.url)
    assert b"You are signed out." in response.content and b"A shared idea" in response.content
    assert is_private(response)
    # The block of results kept for anonymous visitors was rendered during that request.
    fresh = client.__class__().get(board.url)
    assert b"A shared idea" in fresh.content and b"You are signed out." not in fresh.content
    assert not is_private(fresh)
