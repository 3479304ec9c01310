"""Issue 14.1's journey: ideas on a map.

A resident switches the board to the map, opens an idea from a marker, posts an idea by
tapping the map; another does the same by keyboard, a third without JavaScript through the
address field and the list. axe-core checks the map view and the form with its map. Pages are
served under the package's Content-Security-Policy (``core.middleware.build_policy``, added to
each page here), and no policy violation may happen.

The map tiles come from ``fake_tile`` (drawn here, served by intercepting the tile server's
requests): the tests need no network. ``WRITE_MAP_SCREENSHOT=1`` also writes
docs/images/idea-map.png from ``test_map_screenshot``.
"""

import io
import math
import os
import re
from decimal import Decimal
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from tests.ideas.factories import make_board
from wagtail_participation.core.models import ModerationState

from .test_accessibility import assert_accessible
from .test_journey_comments import sign_in_by_email

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TILE_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
ATTRIBUTION = "Map tiles drawn for the tests"
#: Ideas around a park (latitude, longitude): two close together make a group at first.
PLACES = {
    "Fountain by the pond": (51.50700, -0.16570),
    "Benches along the river path": (51.50530, -0.15690),
    "More trees on Mill Lane": (51.50950, -0.16000),
    "A crossing at the school": (51.50420, -0.16300),
    "Lights at the school gate": (51.50450, -0.16250),
}


def fake_tile(z, x, y):
    """A 256-pixel PNG tile: a pale ground, streets every 64 pixels and main roads every 128,
    some parks, a river across; seamless from tile to tile."""
    image = Image.new("RGB", (256, 256), (238, 240, 232))
    draw = ImageDraw.Draw(image)
    left = x * 256
    for offset in range(0, 256, 64):
        draw.line([(offset, 0), (offset, 255)], fill=(255, 255, 255), width=6)
        draw.line([(0, offset), (255, offset)], fill=(255, 255, 255), width=6)
    for offset in (0, 128):  # main roads, every 128 pixels of the world
        draw.line([(offset, 0), (offset, 255)], fill=(252, 226, 160), width=10)
        draw.line([(0, offset), (255, offset)], fill=(252, 226, 160), width=10)
    park = ((x * 7 + y * 3) % 5) == 0  # some blocks are green
    if park:
        draw.rectangle([(70, 70), (186, 186)], fill=(200, 226, 190))
    river = [(px, 150 + 40 * math.sin((left + px) / 180.0)) for px in range(0, 257, 8)]
    draw.line(river, fill=(170, 205, 235), width=14)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def serve_tiles(page):
    def tile(route):
        z, x, y = (int(n) for n in re.findall(r"/(\d+)/(\d+)/(\d+)\.png", route.request.url)[0])
        route.fulfill(status=200, content_type="image/png", body=fake_tile(z, x, y))

    page.route("https://tiles.example.org/**", tile)


def with_policy(page, live_server):
    """Serve the site's pages with the package's Content-Security-Policy (its hooks add the
    tiles' origin) and record every violation in ``window.__cspViolations``."""
    from wagtail_participation.core.middleware import build_policy

    policy = build_policy()
    assert "https://tiles.example.org" in policy

    def add_policy(route):
        if route.request.resource_type != "document":
            route.continue_()
            return
        response = route.fetch(max_redirects=0)
        route.fulfill(
            response=response, headers={**response.headers, "content-security-policy": policy}
        )

    page.route(live_server.url + "/**", add_policy)
    page.add_init_script(
        "window.__cspViolations = [];"
        "document.addEventListener('securitypolicyviolation', function (e) {"
        " window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI); });"
    )


def resident_page(new_page, live_server, javascript=True):
    page = new_page(javascript=javascript)
    serve_tiles(page)
    if javascript:
        with_policy(page, live_server)
    return page


def no_policy_violations(page):
    assert page.evaluate("window.__cspViolations") == []


@pytest.fixture
def board(live_server, settings):
    settings.WAGTAIL_PARTICIPATION_MAP_TILE_URL = TILE_URL
    settings.WAGTAIL_PARTICIPATION_MAP_ATTRIBUTION = ATTRIBUTION
    from tests.ideas.factories import IdeaFactory

    board = make_board(title="Ideas for Riverside Park", slug="park-ideas", ask_location=True)
    for title, (lat, lon) in PLACES.items():
        IdeaFactory(page=board, title=title, latitude=Decimal(lat), longitude=Decimal(lon))
    IdeaFactory(page=board, title="A longer opening time for the library")  # no place
    IdeaFactory(
        page=board,
        title="Pending idea nobody sees yet",
        latitude=Decimal("51.506"),
        longitude=Decimal("-0.161"),
        moderation_state=ModerationState.PENDING,
    )
    return board


def open_map(page, live_server, board):
    page.goto(live_server.url + board.url)
    page.get_by_role("navigation", name="Show the ideas").get_by_role(
        "link", name="On a map"
    ).click()
    page.wait_for_url(re.compile(r"view=map"))
    page.locator(".wp-idea-map__map .leaflet-marker-icon").first.wait_for()


def test_map_journey(live_server, board, new_page):
    from wagtail_participation.ideas.models import Idea

    # 1. A resident switches the board to the map: markers and a group, no pending idea.
    alice = resident_page(new_page, live_server)
    open_map(alice, live_server, board)
    assert alice.get_by_text("On the map: 5 of 6 ideas.").count() == 1
    group = alice.get_by_role("button", name=re.compile(r"A group of 2 ideas"))
    assert group.count() == 1
    assert alice.get_by_role("link", name="Fountain by the pond").count() == 1
    assert alice.get_by_role("link", name="Pending idea nobody sees yet").count() == 0
    assert alice.get_by_text(ATTRIBUTION).count() >= 1
    assert alice.get_by_text(re.compile("The map needs JavaScript")).is_hidden()
    tiles = alice.locator(".wp-idea-map__map img.leaflet-tile")
    tiles.first.wait_for()
    assert (
        alice.evaluate(
            "() => [...document.querySelectorAll('.wp-idea-map__map img.leaflet-tile-loaded')].length"
        )
        > 0
    )
    assert_accessible(alice)
    no_policy_violations(alice)

    # The group opens into its two ideas.
    group.click()
    alice.get_by_role("link", name="Lights at the school gate").wait_for()
    alice.get_by_role("link", name="A crossing at the school").wait_for()
    alice.locator(".wp-idea-map__cluster").wait_for(state="detached")
    alice.wait_for_timeout(400)  # the zoom's animation
    assert_accessible(alice)

    # 2. She opens an idea from its marker.
    open_map(alice, live_server, board)
    alice.get_by_role("link", name="Fountain by the pond").click()
    alice.get_by_role("heading", name="Fountain by the pond").wait_for()

    # Filters are shared with the list: a search on the map keeps the map.
    open_map(alice, live_server, board)
    alice.get_by_label("Search").fill("school")
    alice.get_by_role("button", name="Show ideas").click()
    alice.wait_for_url(re.compile(r"q=school"))
    assert "view=map" in alice.url
    alice.get_by_text("On the map: 2 of 2 ideas.").wait_for()
    alice.get_by_role("link", name="The same ideas as a list, with their details").click()
    alice.get_by_role("link", name="A crossing at the school").wait_for()
    assert "view=map" not in alice.url and "q=school" in alice.url

    # 3. She posts an idea by tapping the map.
    submit = board.url + board.reverse_subpage("submit")
    sign_in_by_email(alice, live_server, "alice@example.org", "Alice", submit)
    picker = alice.locator("[data-wp-place-map]")
    picker.locator("img.leaflet-tile-loaded").first.wait_for()
    assert_accessible(alice)
    alice.get_by_label("Title of your idea").fill("A picnic table by the pond")
    alice.get_by_label("Describe your idea").fill("For families on sunny days.")
    alice.get_by_label("Where? (optional)").fill("The pond's south side")
    picker.scroll_into_view_if_needed()
    box = picker.bounding_box()
    alice.mouse.click(box["x"] + box["width"] * 0.3, box["y"] + box["height"] * 0.6)
    alice.get_by_text("Your idea is placed on the map.").wait_for()
    assert alice.locator("#id_latitude").input_value() != ""
    assert_accessible(alice)
    no_policy_violations(alice)
    alice.get_by_role("button", name=re.compile("post your idea", re.I)).click()
    alice.get_by_role("heading", name="A picnic table by the pond").wait_for()
    tapped = Idea.objects.get(title="A picnic table by the pond")
    assert tapped.has_location and tapped.address == "The pond's south side"
    assert 51.50 < tapped.latitude < 51.51 and -0.17 < tapped.longitude < -0.155

    # Her idea is on the map now.
    open_map(alice, live_server, board)
    alice.get_by_role("link", name="A picnic table by the pond").wait_for()

    # 4. By keyboard: a marker opens with Enter; the map is moved with the arrow keys and the
    # idea placed at its centre; the address typed.
    bob = resident_page(new_page, live_server)
    open_map(bob, live_server, board)
    bob.get_by_role("link", name="Benches along the river path").focus()
    bob.keyboard.press("Enter")
    bob.get_by_role("heading", name="Benches along the river path").wait_for()

    sign_in_by_email(bob, live_server, "bob@example.org", "Bob", submit)
    bob.get_by_label("Title of your idea").focus()
    bob.keyboard.type("A water tap for dogs")
    bob.keyboard.press("Tab")
    bob.keyboard.type("Near the entrance on Mill Lane.")
    bob.keyboard.press("Tab")
    assert bob.evaluate("document.activeElement.id") == "id_address"
    bob.keyboard.type("Mill Lane entrance")
    bob.keyboard.press("Tab")
    assert bob.evaluate("document.activeElement.matches('.leaflet-container')")
    before = bob.evaluate("document.activeElement.getBoundingClientRect().top")
    for _ in range(3):
        bob.keyboard.press("ArrowRight")
    bob.keyboard.press("Tab")  # the zoom buttons
    bob.keyboard.press("Tab")
    bob.keyboard.press("Tab")  # (Leaflet's credit link)
    focused = bob.evaluate("document.activeElement.textContent")
    while "centre" not in focused:
        bob.keyboard.press("Tab")
        focused = bob.evaluate("document.activeElement.textContent")
    bob.keyboard.press("Enter")
    bob.get_by_text("Your idea is placed on the map.").wait_for()
    assert bob.evaluate("document.activeElement.getBoundingClientRect().top") >= before
    bob.get_by_role("button", name=re.compile("post your idea", re.I)).focus()
    bob.keyboard.press("Enter")
    bob.get_by_role("heading", name="A water tap for dogs").wait_for()
    keyed = Idea.objects.get(title="A water tap for dogs")
    assert keyed.has_location and keyed.address == "Mill Lane entrance"
    no_policy_violations(bob)

    # 5. Without JavaScript: the map view says so and shows the list; the address is text.
    carol = resident_page(new_page, live_server, javascript=False)
    carol.goto(live_server.url + board.url + "?view=map")
    carol.get_by_text("The map needs JavaScript. Here are the same ideas as a list.").wait_for()
    carol.get_by_role("link", name="More trees on Mill Lane").click()
    carol.get_by_role("heading", name="More trees on Mill Lane").wait_for()
    sign_in_by_email(carol, live_server, "carol@example.org", "Carol", submit)
    assert carol.get_by_text("Place it on the map (optional)").is_hidden()
    carol.get_by_label("Title of your idea").fill("A bike rack at the library")
    carol.get_by_label("Describe your idea").fill("Bikes are locked to the fence now.")
    carol.get_by_label("Where? (optional)").fill("Library, Mill Lane 12")
    carol.get_by_role("button", name=re.compile("post your idea", re.I)).click()
    carol.get_by_role("heading", name="A bike rack at the library").wait_for()
    typed = Idea.objects.get(title="A bike rack at the library")
    assert typed.address == "Library, Mill Lane 12" and not typed.has_location
    carol.get_by_text("Library, Mill Lane 12").first.wait_for()


def test_map_screenshot(live_server, board, new_page):
    """The README's picture of the board's map (written with WRITE_MAP_SCREENSHOT=1)."""
    page = resident_page(new_page, live_server)
    page.set_viewport_size({"width": 1100, "height": 900})
    open_map(page, live_server, board)
    page.locator(".wp-idea-map__map img.leaflet-tile-loaded").first.wait_for()
    page.wait_for_timeout(600)  # the markers' fade-in
    no_policy_violations(page)
    if os.environ.get("WRITE_MAP_SCREENSHOT"):
        target = Path(__file__).resolve().parents[2] / "docs" / "images" / "idea-map.png"
        page.locator(".wp-idea-board").screenshot(path=str(target))


def test_ideas_at_one_place_spread_out(live_server, board, new_page):
    """Ideas with the same coordinates (one address) stay one group at every zoom: selecting it
    spreads them out, each a link of its own, and the map stays accessible."""
    from tests.ideas.factories import IdeaFactory

    for n in range(3):
        IdeaFactory(
            page=board,
            title=f"Idea {n + 1} at the town hall",
            latitude=Decimal("51.50800"),
            longitude=Decimal("-0.15800"),
        )
    page = resident_page(new_page, live_server)
    open_map(page, live_server, board)
    page.get_by_role("button", name=re.compile("A group of 3 ideas")).click()
    page.get_by_role("button", name=re.compile("A group of 3 ideas")).click()
    for n in range(3):
        page.get_by_role("link", name=f"Idea {n + 1} at the town hall").wait_for()
    page.wait_for_timeout(500)  # the spreading's animation
    assert_accessible(page)
    page.get_by_role("link", name="Idea 2 at the town hall").click()
    page.get_by_role("heading", name="Idea 2 at the town hall").wait_for()
    no_policy_violations(page)
