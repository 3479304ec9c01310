"""Issue 14.1: a board's ideas on a map (``?view=map``) and a map to place an idea.

What the browser does with them is in tests/browser/test_journey_map.py.
"""

import json
import re
from decimal import Decimal

import pytest
from django.core.checks import Error

from tests.factories import ParticipantFactory, post_form, sign_in_client
from tests.ideas.factories import IdeaFactory, make_board
from wagtail_participation.core.models import ModerationState
from wagtail_participation.ideas.checks import check_settings
from wagtail_participation.ideas.models import Idea
from wagtail_participation.projects.models import Topic

pytestmark = pytest.mark.django_db

TILES = "https://tiles.example.org/{z}/{x}/{y}.png"


@pytest.fixture
def tiles(settings):
    settings.WAGTAIL_PARTICIPATION_MAP_TILE_URL = TILES
    settings.WAGTAIL_PARTICIPATION_MAP_ATTRIBUTION = "© Example <maps> contributors"


@pytest.fixture
def board():
    return make_board(ask_location=True)


def markers_of(response):
    html = response.content.decode()
    found = re.search(
        r'<script id="wp-idea-map-markers" type="application/json">(.*?)</script>', html
    )
    assert found, "no markers on the page"
    return json.loads(found.group(1))


def placed(board, title, lat="51.500000", lon="-0.120000", **fields):
    return IdeaFactory(page=board, title=title, latitude=lat, longitude=lon, **fields)


def test_without_tiles_the_board_shows_the_list_alone(client, board):
    placed(board, "Bench by the pond")
    html = client.get(board.url + "?view=map").content.decode()
    assert 'id="wp-idea-results"' in html and "Bench by the pond" in html
    assert "wp-idea-map-markers" not in html and "leaflet" not in html
    assert "On a map" not in html  # no link to a map that does not exist


def test_the_list_links_to_the_map_and_back_keeping_the_filters(client, board, tiles):
    topic = Topic.objects.create(name="Water", slug="water")
    board.categories.set([topic])
    board.save_revision().publish()
    html = client.get(board.url + "?category=water&sort=supported").content.decode()
    assert 'href="?sort=supported&amp;category=water&amp;view=map"' in html
    assert "leaflet" not in html  # the list view loads no map script
    response = client.get(board.url + "?category=water&sort=supported&view=map")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'href="?sort=supported&amp;category=water"' in html  # back to the list
    assert '<input type="hidden" name="view" value="map">' in html  # filtering stays on the map
    assert "vendor/leaflet/leaflet.js" in html and "map.js" in html
    assert f'data-tile-url="{TILES}"' in html
    assert "&lt;maps&gt;" in html  # the attribution is text


def test_markers_are_the_listed_public_ideas_with_a_place(client, board, tiles):
    topic = Topic.objects.create(name="Water", slug="water")
    board.categories.set([topic])
    board.save_revision().publish()
    shown = placed(board, "Fountain", category=topic, address="Mill Lane 3")
    placed(board, "Other category")
    IdeaFactory(page=board, title="No place", category=topic)
    placed(board, "Pending", category=topic, moderation_state=ModerationState.PENDING)
    placed(board, "Hidden", category=topic, moderation_state=ModerationState.HIDDEN)
    withdrawn = placed(board, "Withdrawn", category=topic)
    Idea.objects.filter(pk=withdrawn.pk).update(withdrawn_at="2026-01-01T00:00:00Z")
    placed(make_board(), "Another board")

    response = client.get(board.url + "?view=map&category=water")
    markers = markers_of(response)
    assert markers == [
        {
            "id": shown.pk,
            "title": "Fountain",
            "lat": 51.5,
            "lon": -0.12,
            "status": "Submitted",
            "url": board.url + board.reverse_subpage("idea", args=[shown.pk]),
        }
    ]
    html = response.content.decode()
    assert "On the map: 1 of 2 ideas." in html
    # Nothing about the author, not even their display name, goes into the map's data.
    assert shown.author.display_name not in json.dumps(markers)
    # Without JavaScript the same ideas as a list.
    assert "The map needs JavaScript" in html and "No place" in html


def test_markers_follow_the_sort_and_search(client, board, tiles):
    old = placed(board, "Old bench idea")
    new = placed(board, "New tree idea")
    Idea.objects.filter(pk=old.pk).update(created_at="2025-01-01T00:00:00Z", score=5)
    ids = [m["id"] for m in markers_of(client.get(board.url + "?view=map"))]
    assert ids == [new.pk, old.pk]
    ids = [m["id"] for m in markers_of(client.get(board.url + "?view=map&sort=supported"))]
    assert ids == [old.pk, new.pk]
    ids = [m["id"] for m in markers_of(client.get(board.url + "?view=map&sort=trending"))]
    assert set(ids) == {old.pk, new.pk}
    ids = [m["id"] for m in markers_of(client.get(board.url + "?view=map&q=tree"))]
    assert ids == [new.pk]


def test_odd_map_parameters_are_never_an_error(client, board, tiles):
    placed(board, "Fountain")
    for query in ("?view=MAP", "?view=map&page=abc", "?view=map&sort=nope&status=x", "?view=%00"):
        assert client.get(board.url + query).status_code == 200


def test_titles_cannot_break_out_of_the_json(client, board, tiles):
    placed(board, "</script><script>alert(1)</script>")
    html = client.get(board.url + "?view=map").content.decode()
    assert "<script>alert(1)" not in html
    assert markers_of(client.get(board.url + "?view=map"))[0]["title"].startswith("</script>")


# Placing an idea


@pytest.fixture
def resident(client):
    participant = ParticipantFactory()
    sign_in_client(client, participant)
    return participant


def submit_url(board):
    return board.url + board.reverse_subpage("submit")


def test_the_form_offers_the_map_with_hidden_coordinates(client, board, resident, tiles):
    placed(board, "Fountain", lat="51.510000", lon="-0.130000")
    html = client.get(submit_url(board)).content.decode()
    assert '<input type="hidden" name="latitude" id="id_latitude">' in html
    assert '<input type="hidden" name="longitude" id="id_longitude">' in html
    assert "data-wp-place-picker" in html and 'data-longitude-input="id_longitude"' in html
    assert 'id="wp-place-picker-bounds"' in html  # opens around the board's ideas
    assert "Where? (optional)" in html  # the address stays a text field
    assert "Latitude (optional)" not in html


def test_without_tiles_the_form_keeps_typed_coordinates(client, board, resident):
    html = client.get(submit_url(board)).content.decode()
    assert "Latitude (optional)" in html and "data-wp-place-picker" not in html
    assert "leaflet" not in html


def test_a_tapped_place_is_saved(client, board, resident, tiles):
    response = post_form(
        client,
        submit_url(board),
        {
            "title": "Pond",
            "description": "A pond.",
            "address": "Mill Lane",
            "latitude": "51.501234",
            "longitude": "-0.123456",
        },
    )
    assert response.status_code == 302
    idea = Idea.objects.get()
    assert idea.address == "Mill Lane"
    assert (idea.latitude, idea.longitude) == (Decimal("51.501234"), Decimal("-0.123456"))


@pytest.mark.parametrize(
    "latitude,longitude",
    [("91", "0"), ("abc", "1"), ("51.5", ""), ("", "4.2"), ("1e400", "0"), ("52.1234567", "4")],
)
def test_unreadable_hidden_coordinates_are_one_clear_error(
    client, board, resident, tiles, latitude, longitude
):
    response = post_form(
        client,
        submit_url(board),
        {"title": "Pond", "description": "A pond.", "latitude": latitude, "longitude": longitude},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "The place on the map could not be read" in html
    assert 'href="#id_latitude"' not in html  # no link to a field nobody can see
    assert not Idea.objects.exists()


def test_map_center_setting_is_checked(settings):
    settings.WAGTAIL_PARTICIPATION_MAP_CENTER = (52.37, 4.89, 12)
    assert check_settings(None) == []
    for wrong in ((52.37, 4.89), (95, 0, 3), (0, 0, 30), ("52", "4", 3), (0, 0, True)):
        settings.WAGTAIL_PARTICIPATION_MAP_CENTER = wrong
        problems = check_settings(None)
        assert problems and isinstance(problems[0], Error)
        assert "MAP_CENTER" in problems[0].msg


def test_editing_keeps_the_place_in_the_hidden_fields(client, board, resident, tiles):
    idea = placed(board, "Fountain", author=resident, address="Mill Lane")
    html = client.get(board.url + board.reverse_subpage("edit", args=[idea.pk])).content.decode()
    assert 'name="latitude" value="51.500000"' in html
    assert 'name="longitude" value="-0.120000"' in html
    assert 'value="Mill Lane"' in html


def test_maps_open_at_map_center_while_no_idea_has_a_place(
    client, board, resident, settings, tiles
):
    settings.WAGTAIL_PARTICIPATION_MAP_CENTER = (52.37, 4.89, 12)
    html = client.get(board.url + "?view=map").content.decode()
    assert (
        '<script id="wp-idea-map-center" type="application/json">[52.37, 4.89, 12]</script>' in html
    )
    html = client.get(submit_url(board)).content.decode()
    assert 'id="wp-place-picker-center"' in html and "wp-place-picker-bounds" not in html
