"""Checking the postcode a signer gives (``PETITION_AREA = "postcode"``) against the council's format.

``PETITION_POSTCODE_FORMAT`` names a callable, as a dotted path (or the callable itself), that
takes the postcode as typed and returns it in the form it is stored and counted in, or raises
``django.core.exceptions.ValidationError`` with the message shown next to the field. The default,
``uk_postcode``, takes a UK postcode; ``any_postcode`` takes any text (capitals, single spaces);
a council elsewhere writes its own::

    # settings.py
    WAGTAIL_PARTICIPATION_PETITION_POSTCODE_FORMAT = "council.postcodes.dutch_postcode"

    # council/postcodes.py
    def dutch_postcode(value):
        compact = "".join(value.upper().split())
        if not re.fullmatch(r"[1-9][0-9]{3}[A-Z]{2}", compact):
            raise ValidationError(_("Enter a postcode like 1234 AB."), code="postcode")
        return f"{compact[:4]} {compact[4:]}"

The part before the first space is the district that the signatures per area, and
anonymisation, keep.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from .conf import settings

__all__ = ["any_postcode", "postcode_format", "uk_postcode"]

# The shape of a UK postcode (outward code, inward code), as GOV.UK services check it: one or two
# letters, a digit, an optional letter or digit; then a digit and two letters. GIR 0AA is Girobank's.
_UK = re.compile(r"(?:[A-Z]{1,2}[0-9][A-Z0-9]?|GIR)[0-9][A-Z]{2}")


def any_postcode(value: str) -> str:
    """Any postcode: capitals and single spaces, otherwise as typed."""
    return " ".join(value.upper().split())


def uk_postcode(value: str) -> str:
    """A UK postcode, stored as ``"SW1A 1AA"`` however it was typed (``sw1a1aa``, ``SW1A  1aa``)."""
    compact = "".join(value.upper().split())
    if not _UK.fullmatch(compact):
        raise ValidationError(_("Enter a full UK postcode, like SW1A 1AA."), code="postcode_format")
    return f"{compact[:-3]} {compact[-3:]}"


def postcode_format() -> Callable[[str], str]:
    """The callable PETITION_POSTCODE_FORMAT names (``any_postcode`` when it is None)."""
    value = settings.PETITION_POSTCODE_FORMAT
    if value is None:
        return any_postcode
    if callable(value):
        return value
    return import_string(value)
