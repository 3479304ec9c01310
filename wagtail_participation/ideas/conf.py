"""Settings of the idea boards, with their defaults.

Read them as ``from wagtail_participation.ideas.conf import settings`` then
``settings.IDEA_STATUSES``; the Django setting is the name prefixed with
``WAGTAIL_PARTICIPATION_`` (``WAGTAIL_PARTICIPATION_IDEA_STATUSES``). Checked in ``checks.py``.
"""

from django.utils.translation import gettext_lazy as _

from wagtail_participation.core.conf import PREFIX, AppSettings

DEFAULTS = {
    # Ideas: the statuses an idea moves through, in the order residents see them.
    # The first is given to new ideas. Values are stored; labels may change freely.
    "IDEA_STATUSES": [
        ("submitted", _("Submitted")),
        ("under_consideration", _("Under consideration")),
        ("accepted", _("Accepted")),
        ("in_progress", _("In progress")),
        ("implemented", _("Implemented")),
        ("not_feasible", _("Not feasible")),
        ("rejected", _("Rejected")),
    ],
    "IDEA_TITLE_MAX_LENGTH": 120,
    "IDEA_DESCRIPTION_MAX_LENGTH": 2000,
    # Images residents attach to ideas: largest upload, and the longest side
    # they are scaled down to (they are re-encoded, which also strips EXIF).
    "IDEA_IMAGE_MAX_BYTES": 5 * 1024 * 1024,
    "IDEA_IMAGE_MAX_SIDE": 1600,
    # The most pixels an image is decoded at (a PNG or WebP with more is refused from its
    # header; a JPEG is decoded at 1/2, 1/4 or 1/8 scale and may name up to 4 times this).
    # One upload briefly takes about 6 bytes per pixel of this (PNG), or about 40 MB (JPEG).
    "IDEA_IMAGE_MAX_PIXELS": 16_000_000,
    # Days of votes that count for the "trending" sort, and how long its ranking is reused.
    "IDEA_TRENDING_DAYS": 7,
    "IDEA_TRENDING_CACHE_SECONDS": 300,
    # Seconds an idea's card, and a page of a board's results for anonymous visitors, are
    # cached (0: never). New, changed and moderated ideas show at once.
    "IDEA_CARD_CACHE_SECONDS": 120,
    # On a board taking votes or comments, anonymous visitors may see counts up to this many
    # seconds old (the page of results is rendered again at most this often). 0: always current.
    "IDEA_COUNT_LAG_SECONDS": 5,
    # Minutes an author may still change their idea once it is published (counted from its
    # publication); the change is marked "edited", and on a pre-moderated board the idea
    # waits for a moderator again. 0: only while it waits for moderation.
    "IDEA_EDIT_PUBLISHED_MINUTES": 60,
    # How many similar ideas to suggest while a resident types a title.
    "IDEA_SIMILAR_LIMIT": 5,
    # Maps: a tile URL template such as "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    # shows a small map beside an idea's address, the board's map of ideas (beside its list)
    # and a map residents tap to place their idea. None: addresses only, the list alone.
    "MAP_TILE_URL": None,
    # The tile provider's credit, shown as text under and on every map (required by most).
    "MAP_ATTRIBUTION": "",
    # Where a map opens when a board has no idea with a place yet: (latitude, longitude, zoom),
    # e.g. (52.37, 4.89, 12). None: the whole world. Boards with placed ideas open around them.
    "MAP_CENTER": None,
}

settings = AppSettings(PREFIX, DEFAULTS)
