"""Numbers and durations as residents read them, in the active language.

``number(1000)`` is "1,000" in English and "1.000" in German whatever the site's
``USE_THOUSAND_SEPARATOR`` (Django groups digits only when that setting is on);
``duration(7 * 24 * 60 * 60)`` is "7 days", not "168 hours". Templates use them as the
``participation_number`` and ``participation_duration`` filters.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils import formats
from django.utils.translation import ngettext

__all__ = ["duration", "number"]

#: (seconds in the unit, the unit's words): the largest unit a duration is a whole number of.
_UNITS = (
    (24 * 60 * 60, lambda n: ngettext("%(count)s day", "%(count)s days", n)),
    (60 * 60, lambda n: ngettext("%(count)s hour", "%(count)s hours", n)),
    (60, lambda n: ngettext("%(count)s minute", "%(count)s minutes", n)),
    (1, lambda n: ngettext("%(count)s second", "%(count)s seconds", n)),
)


def number(value: object) -> str:
    """``value`` with the active language's digit grouping and decimal mark ("1,000", "1.000",
    "1 000"); anything that is not a number comes back as text, unchanged."""
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        return "" if value is None else str(value)
    return formats.number_format(value, use_l10n=True, force_grouping=True)


def duration(seconds: object) -> str:
    """A length of time as people say it: in the largest unit (days, hours, minutes, seconds)
    it is a whole number of ("7 days", "1 hour", "90 minutes"); "" for what is not a number."""
    if isinstance(seconds, bool) or not isinstance(seconds, (int, float, Decimal, str)):
        return ""
    try:
        total = int(seconds)
    except ValueError:
        return ""
    total = max(total, 0)
    for size, words in _UNITS:
        if total >= size and total % size == 0:
            count = total // size
            return words(count) % {"count": number(count)}
    return _UNITS[-1][1](total) % {"count": number(total)}
