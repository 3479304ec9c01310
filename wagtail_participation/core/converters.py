"""Database ids in URLs: ``<wp_id:name>`` in every URL pattern of the package.

``IdConverter`` takes one or more decimal digits, as Django's ``int`` converter does, and
refuses a number no database key holds (0, or more than ``MAX_ID``): the pattern does not
match, so the URL is not found (404) and no view ever sends an out-of-range integer to the
database (SQLite overflows on one). Registered once, here, under the name ``wp_id``; a module
whose URL patterns use it imports this module first (``from wagtail_participation.core import
converters``), as page routes are built when their model class is.
"""

from django.urls import register_converter

#: The largest id a database primary key holds (64-bit signed); bigger numbers never match.
MAX_ID = 2**63 - 1

#: The converter's name in URL patterns: ``path("items/<wp_id:pk>/", ...)``.
NAME = "wp_id"


def is_id(number):
    """Whether ``number`` (an int) can be a database id: 1 to ``MAX_ID``."""
    return isinstance(number, int) and not isinstance(number, bool) and 0 < number <= MAX_ID


class IdConverter:
    """Decimal digits naming a database id; out of range is no match (a 404), never an error."""

    # Any length, so that reversing a URL with an out-of-range number still works (and then
    # does not resolve); ``to_python`` refuses what no key holds.
    regex = "[0-9]+"

    def to_python(self, value):
        number = int(value)
        if not is_id(number):
            raise ValueError(f"not a database id: {value!r}")  # the pattern does not match
        return number

    def to_url(self, value):
        return str(int(value))


register_converter(IdConverter, NAME)
