"""The small map beside an idea's place: tiles from ``MAP_TILE_URL`` around its position."""

import math
from urllib.parse import urlsplit

from .conf import settings


def map_tile_origin():
    """Where ``MAP_TILE_URL``'s tiles come from (``"https://tile.openstreetmap.org"``), or None:
    the Content-Security-Policy lets images load from there (``wagtail_hooks.py``)."""
    tiles = urlsplit(settings.MAP_TILE_URL or "")
    if tiles.scheme in ("http", "https") and tiles.netloc:
        return f"{tiles.scheme}://{tiles.netloc}"
    return None


def allow_map_tiles() -> dict[str, list[str]]:
    """What the ideas add to the Content-Security-Policy (the ``register_participation_csp``
    hook): the map tiles' origin among the image sources."""
    origin = map_tile_origin()
    return {"img-src": [origin]} if origin else {}


def map_tiles(idea, zoom=16):
    """A 3 by 3 grid of map tiles around the idea, with the marker's position, or None."""
    template = settings.MAP_TILE_URL
    if not template or not idea.has_location:
        return None
    lat, lon = float(idea.latitude), float(idea.longitude)
    n = 2**zoom
    x = (lon + 180.0) / 360.0 * n
    y = (1.0 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2.0 * n
    tx, ty = int(x), int(y)
    tiles = [
        {
            "url": template.format(z=zoom, x=(tx + dx) % n, y=min(max(ty + dy, 0), n - 1)),
            "x": (dx + 1) * 256,
            "y": (dy + 1) * 256,
        }
        for dy in (-1, 0, 1)
        for dx in (-1, 0, 1)
    ]
    # The marker's position in the 768-pixel square the tiles make (SVG: no inline styles, CSP-safe).
    return {"tiles": tiles, "x": round((x - tx + 1) * 256, 1), "y": round((y - ty + 1) * 256, 1)}


# The board's map (Leaflet, vendored in static/wagtail_participation_ideas/vendor/): markers
# of the listed ideas that have a place, clustered. Only public ideas, only what the list shows.

#: The most markers a board's map shows (the first ones in the list's order).
MAP_MAX_MARKERS = 2000


def map_enabled() -> bool:
    """Whether the board offers its map (``MAP_TILE_URL`` is set); else it shows the list alone."""
    return bool(settings.MAP_TILE_URL)


def map_options() -> dict:
    """What the map script needs from the settings (rendered as ``data-`` attributes)."""
    return {
        "tile_url": settings.MAP_TILE_URL or "",
        "attribution": settings.MAP_ATTRIBUTION or "",
        "center": list(settings.MAP_CENTER) if settings.MAP_CENTER else None,
    }


def idea_markers(ideas, url_of, status_labels, order=None, limit=MAP_MAX_MARKERS) -> list[dict]:
    """The markers of ``ideas`` (public ideas only: the caller's queryset) that have a place:
    id, title, position, status label and address of the idea's page, nothing about its author.
    ``order``, a list of ids (the trending ranking), orders them; else the queryset's order."""
    located = ideas.filter(latitude__isnull=False, longitude__isnull=False)
    rows = located.values_list("pk", "title", "latitude", "longitude", "status")
    if order is not None:
        by_id = {row[0]: row for row in rows}
        rows = [by_id[pk] for pk in order if pk in by_id][:limit]
    else:
        rows = rows[:limit]
    return [
        {
            "id": pk,
            "title": title,
            "lat": float(latitude),
            "lon": float(longitude),
            "status": str(status_labels.get(status, status)),
            "url": url_of(pk),
        }
        for pk, title, latitude, longitude, status in rows
    ]


def board_bounds(board):
    """The corners ``[[south, west], [north, east]]`` of the board's public ideas with a place
    (where a resident's map opens to place a new idea), or None when none has one."""
    from django.db.models import Max, Min

    corners = (
        board.public_ideas()
        .filter(latitude__isnull=False, longitude__isnull=False)
        .aggregate(
            south=Min("latitude"),
            west=Min("longitude"),
            north=Max("latitude"),
            east=Max("longitude"),
        )
    )
    if corners["south"] is None:
        return None
    return [
        [float(corners["south"]), float(corners["west"])],
        [float(corners["north"]), float(corners["east"])],
    ]
