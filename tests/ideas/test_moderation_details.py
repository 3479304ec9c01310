"""What moderators see of an idea (issue 22, item 6): its image, description, address and position.

The moderate view showed only the idea's summary (its title and the start of its description),
and neither it nor the respond view showed the image or the map position: a moderator approved
an idea without seeing the photo attached to it. Both views now show everything the resident
sent; the moderation queue shows a thumbnail of each contribution with an image.
"""

import io
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image

from tests.factories import CommentFactory, make_method_page
from tests.ideas.factories import IdeaFactory, make_board
from wagtail_participation.core.models import ModerationState

pytestmark = pytest.mark.django_db

QUEUE = "/admin/wagtail_participation/contribution/"
DESCRIPTION = (
    "Put zqbenches under the old oak, facing the pond, so people can rest in the shade. " * 4
)


def _jpeg():
    buffer = io.BytesIO()
    Image.new("RGB", (80, 60), "green").save(buffer, format="JPEG")
    return ContentFile(buffer.getvalue(), name="x.jpg")


@pytest.fixture
def idea():
    board = make_board(allow_images=True, ask_location=True)
    idea = IdeaFactory(
        page=board,
        title="Benches by the oak",
        description=DESCRIPTION,
        address="Zqoak Lane 3, Parkside",
        latitude=Decimal("52.370216"),
        longitude=Decimal("4.895168"),
        image_alt="A zqgreen square",
        moderation_state=ModerationState.PENDING,
    )
    idea.image.save("photo.jpg", _jpeg())
    return idea


def _moderation_pages(admin_client, idea):
    return {
        "moderate": admin_client.get(f"/admin/participation/moderate/{idea.pk}/").content.decode(),
        "respond": admin_client.get(
            f"/admin/participation/ideas/{idea.pk}/respond/"
        ).content.decode(),
    }


def test_moderate_and_respond_show_image_description_address_and_position(
    admin_client, idea, settings
):
    settings.WAGTAIL_PARTICIPATION_MAP_TILE_URL = None
    url = idea.image.url
    assert "participation/ideas/" in url
    for name, html in _moderation_pages(admin_client, idea).items():
        assert html.count("zqbenches") >= 4, (
            name
        )  # the whole description, not the 255-character summary
        assert f'<img src="{url}" alt="A zqgreen square"' in html, name
        assert f'<a href="{url}" target="_blank" rel="noopener">' in html, name
        assert "Zqoak Lane 3, Parkside" in html, name
        assert "Map position: 52.370216, 4.895168" in html, name
        assert "<svg" not in html or "wp-admin-idea__map" not in html, (
            name
        )  # no tiles configured: no map


def test_the_map_shows_when_tiles_are_configured(admin_client, idea, settings):
    settings.WAGTAIL_PARTICIPATION_MAP_TILE_URL = "https://tiles.example/{z}/{x}/{y}.png"
    settings.WAGTAIL_PARTICIPATION_MAP_ATTRIBUTION = "© zqmappers"
    for name, html in _moderation_pages(admin_client, idea).items():
        assert 'class="wp-admin-idea__map"' in html, name
        assert html.count('href="https://tiles.example/16/') == 9, name
        assert "© zqmappers" in html and "Map position: 52.370216, 4.895168" in html, name


def test_the_position_is_written_with_a_dot_in_every_language(admin_client, idea):
    admin_client.cookies["django_language"] = "de"
    html = admin_client.get(
        f"/admin/participation/moderate/{idea.pk}/", HTTP_ACCEPT_LANGUAGE="de"
    ).content.decode()
    assert "52.370216" in html and "4.895168" in html


def test_an_idea_without_image_or_place_still_renders(admin_client):
    plain = IdeaFactory(title="Plain", description="Just zqwords.")
    for name, html in _moderation_pages(admin_client, plain).items():
        assert "Just zqwords." in html, name
        assert "Open the image file" not in html and "Map position" not in html, name


def test_queue_shows_thumbnails_and_rows_without_an_image(admin_client, idea):
    page = make_method_page()
    comment = CommentFactory(page=page, body="A zqcomment without image")
    IdeaFactory(title="Zqimageless idea")
    response = admin_client.get(QUEUE)
    assert response.status_code == 200
    html = response.content.decode()
    url = idea.image.url
    assert (
        f'<a href="{url}" target="_blank" rel="noopener"><img src="{url}" alt="A zqgreen square"'
        in html
    )
    assert html.count('loading="lazy"') == 1  # one image: the comment and the other idea have none
    assert "A zqcomment without image" in html and "Zqimageless idea" in html
    assert f"/admin/participation/moderate/{comment.pk}/" in html
    # The rows' own types are loaded together, not one query per row.
    with CaptureQueriesContext(connection) as few:
        admin_client.get(QUEUE)
    for _ in range(10):
        IdeaFactory(page=idea.page).image.save("p.jpg", _jpeg())
    with CaptureQueriesContext(connection) as many:
        html = admin_client.get(QUEUE).content.decode()
    assert html.count('loading="lazy"') == 11
    assert len(many) == len(few)


def test_a_comment_still_renders_its_text(admin_client):
    comment = CommentFactory(body="Bins on zqelm Street\n\nSecond paragraph.")
    html = admin_client.get(f"/admin/participation/moderate/{comment.pk}/").content.decode()
    assert "Bins on zqelm Street" in html and "Second paragraph." in html
    assert "Open the image file" not in html
