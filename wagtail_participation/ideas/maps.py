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
