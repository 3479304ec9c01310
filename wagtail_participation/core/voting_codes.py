"""Single-use voting codes: generate, hold, claim (the models are ``core.models.VotingCode``).

Staff generate N codes for an area of a page (``generate_codes``); the plain codes are returned
once, for the letters (``letters`` view, ``qr_svg``) or a CSV, and only their keyed hash is
stored (``code_digest``: HMAC-SHA256 with ``VOTING_CODE_KEY``, or the site's SECRET_KEY, of the
page and the code). A resident types a code, or follows the QR code on their letter, on the
code-entry page (``wagtail_participation:voting_code``); a valid unused code is then *held* by
their browser session (``hold_code``), which makes them eligible on pages whose
``eligibility_voting_codes`` accepts codes (``core.eligibility``).

A code is *claimed* in the same transaction as what it is used for (a ballot), so a code votes
once whatever the timing::

    with transaction.atomic():
        code = claim_held_code(request, page, participant=participant)  # or claim_code(page, "…")
        Ballot.objects.create(page=page, voting_code=code, ...)

``claim_code`` is one conditional UPDATE (``claimed_at IS NULL``): of N concurrent claims one
updates the row, the others find it claimed and raise ``CodeAlreadyUsed``; when the caller's
transaction rolls back (its ballot failed), the code is unclaimed again.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from .conf import settings
from .models.voting_codes import VotingCode, VotingCodeBatch
from .policy import Reason

if TYPE_CHECKING:
    import datetime

    from .models import Participant

#: The letters codes are made of: no 0/O, 1/I/L, or U (nothing to misread on paper).
ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"
CODE_LENGTH = 12  # 30**12, about 2**59 codes
GROUP = 4  # printed as ABCD-EFGH-JKMN
SESSION_KEY = "wagtail_participation_voting_codes"
HMAC_SALT = "wagtail_participation.voting_code"


class VotingCodeError(Exception):
    """A code that cannot be used: ``reason`` (a ``core.policy.Reason``) and ``message``."""

    reason = Reason.VOTING_CODE_REQUIRED

    @property
    def message(self) -> str:
        return _("This voting code is not valid here. Please check it and try again.")


class InvalidCode(VotingCodeError):
    """No such code for this page (mistyped, or for another page)."""


class CodeAlreadyUsed(VotingCodeError):
    """The code was claimed already."""

    reason = Reason.VOTING_CODE_USED

    @property
    def message(self) -> str:
        return _(
            "This voting code has already been used, so it cannot be used again. If you did not "
            "use it, please contact the council."
        )


class CodeWrongArea(VotingCodeError):
    """The code is for another area than the one asked for."""

    @property
    def message(self) -> str:
        return _("This voting code is for another area.")


class CodeNotHeld(VotingCodeError):
    """The session holds no code for this page."""

    @property
    def message(self) -> str:
        return _("Please enter the voting code from your letter first.")


# The codes


def normalise_code(code: str | None) -> str:
    """A code as typed (any case, spaces, hyphens) in its stored form: ``ABCDEFGHJKMN``."""
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())


def format_code(code: str) -> str:
    """A code as printed: groups of four, ``ABCD-EFGH-JKMN``."""
    plain = normalise_code(code)
    return "-".join(plain[i : i + GROUP] for i in range(0, len(plain), GROUP))


def new_code() -> str:
    """A random code (``secrets``), normalised."""
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def _key() -> str | None:
    return settings.VOTING_CODE_KEY or None


def code_digest(page: Any, code: str) -> str:
    """The stored hash of ``code`` for ``page``: HMAC-SHA256 (hex) with ``VOTING_CODE_KEY``."""
    value = f"{page.pk}:{normalise_code(code)}"
    return salted_hmac(HMAC_SALT, value, secret=_key(), algorithm="sha256").hexdigest()


def looks_like_code(code: str | None) -> bool:
    """Whether ``code`` could be a code at all (its length and letters), before any lookup."""
    plain = normalise_code(code)
    return len(plain) == CODE_LENGTH and all(ch in ALPHABET for ch in plain)


@transaction.atomic
def generate_codes(
    page: Any, count: int, *, area: str = "", user: Any = None, note: str = ""
) -> tuple[VotingCodeBatch, list[str]]:
    """Create ``count`` codes for ``area`` ("" the whole page) of ``page``.

    Returns the batch and the plain codes, formatted for print: the only time they exist
    outside the letters (only their hashes are stored). Raises ValueError beyond
    ``VOTING_CODE_MAX_BATCH`` or below 1.
    """
    if not 1 <= count <= settings.VOTING_CODE_MAX_BATCH:
        raise ValueError(f"count must be between 1 and {settings.VOTING_CODE_MAX_BATCH}")
    batch = VotingCodeBatch.objects.create(
        page_id=page.pk,
        area=area,
        size=count,
        created_by=user if getattr(user, "pk", None) else None,
        note=note,
    )
    codes: list[str] = []
    seen: set[str] = set()
    while len(codes) < count:
        code = new_code()
        if code not in seen:
            seen.add(code)
            codes.append(code)
    rows = [
        VotingCode(page_id=page.pk, batch=batch, area=area, digest=code_digest(page, code))
        for code in codes
    ]
    try:
        with transaction.atomic():
            VotingCode.objects.bulk_create(rows, batch_size=1000)
    except IntegrityError:  # a 2**-59 collision with an earlier code: replace the batch's codes
        return _regenerate(batch, page, count, area)
    return batch, [format_code(code) for code in codes]


def _regenerate(
    batch: VotingCodeBatch, page: Any, count: int, area: str
) -> tuple[VotingCodeBatch, list[str]]:
    codes: list[str] = []
    while len(codes) < count:
        code = new_code()
        digest = code_digest(page, code)
        if not VotingCode.objects.filter(digest=digest).exists():
            VotingCode.objects.create(page_id=page.pk, batch=batch, area=area, digest=digest)
            codes.append(code)
    return batch, [format_code(code) for code in codes]


def find_code(page: Any, code: str) -> VotingCode | None:
    """The code row of ``code`` on ``page``, used or not, or None."""
    if not looks_like_code(code):
        return None
    return VotingCode.objects.filter(page_id=page.pk, digest=code_digest(page, code)).first()


def check_code(page: Any, code: str, *, area: str | None = None) -> VotingCode:
    """The unused code row of ``code`` on ``page`` (and ``area`` when given), without claiming
    it; raises InvalidCode, CodeWrongArea or CodeAlreadyUsed."""
    row = find_code(page, code)
    return _checked(row, area)


def _checked(row: VotingCode | None, area: str | None) -> VotingCode:
    if row is None:
        raise InvalidCode
    if area is not None and row.area != area:
        raise CodeWrongArea
    if row.claimed_at is not None:
        raise CodeAlreadyUsed
    return row


def _claim_digest(
    page: Any,
    digest: str,
    *,
    participant: Participant | None,
    area: str | None,
    now: datetime.datetime | None,
) -> VotingCode:
    now = now or timezone.now()
    rows = VotingCode.objects.filter(page_id=page.pk, digest=digest, claimed_at__isnull=True)
    if area is not None:
        rows = rows.filter(area=area)
    if rows.update(claimed_at=now, claimed_by=participant) == 1:
        return VotingCode.objects.get(page_id=page.pk, digest=digest)
    # Nothing updated: explain why (no such code, another area, or claimed first elsewhere).
    _checked(VotingCode.objects.filter(page_id=page.pk, digest=digest).first(), area)
    raise CodeAlreadyUsed  # claimed between the update and this read (cannot happen in one txn)


def claim_code(
    page: Any,
    code: str,
    *,
    participant: Participant | None = None,
    area: str | None = None,
    now: datetime.datetime | None = None,
) -> VotingCode:
    """Use up ``code`` on ``page``: call it inside the transaction that records the vote.

    One conditional UPDATE (``claimed_at IS NULL``) claims the code for ``participant`` (or
    nobody); concurrent claims wait for the first and then find the code used. When the
    caller's transaction rolls back, the code is free again. ``area``: the code must be for
    that area (None: any). Returns the claimed row; raises InvalidCode, CodeWrongArea or
    CodeAlreadyUsed (each with a ``message`` for the resident).
    """
    if not looks_like_code(code):
        raise InvalidCode
    return _claim_digest(page, code_digest(page, code), participant=participant, area=area, now=now)


# The code a browser holds (after the code-entry page)


@dataclass(frozen=True)
class _Held:
    digest: str
    claimed_here: bool


def _held(request: HttpRequest, page: Any) -> _Held | None:
    session = getattr(request, "session", None)
    if session is None:
        return None
    entry = (session.get(SESSION_KEY) or {}).get(str(page.pk))
    if not isinstance(entry, dict) or not isinstance(entry.get("d"), str):
        return None
    return _Held(entry["d"], bool(entry.get("c")))


def _store(request: HttpRequest, page: Any, digest: str, claimed_here: bool) -> None:
    codes = dict(request.session.get(SESSION_KEY) or {})
    codes[str(page.pk)] = {"d": digest, "c": claimed_here}
    request.session[SESSION_KEY] = codes


def hold_code(request: HttpRequest, page: Any, code: str) -> VotingCode:
    """Check ``code`` for ``page`` and keep it in the browser session (not claimed yet).

    Raises InvalidCode or CodeAlreadyUsed. The session keeps the code's hash, never the code.
    """
    row = check_code(page, code)
    _store(request, page, row.digest, False)
    return row


def held_code(request: HttpRequest, page: Any) -> VotingCode | None:
    """The code row the session holds for ``page`` (used or not), or None."""
    held = _held(request, page)
    if held is None:
        return None
    return VotingCode.objects.filter(page_id=page.pk, digest=held.digest).first()


def held_code_claimed_here(request: HttpRequest, page: Any) -> bool:
    """Whether this session claimed its held code for ``page`` (its resident already voted)."""
    held = _held(request, page)
    return held is not None and held.claimed_here


def held_code_usable(request: HttpRequest, page: Any) -> bool:
    """Whether the session holds a code for ``page`` that is unused, or used by this session
    (so its resident may see or change what they did with it)."""
    row = held_code(request, page)
    if row is None:
        return False
    return row.claimed_at is None or held_code_claimed_here(request, page)


def claim_held_code(
    request: HttpRequest,
    page: Any,
    *,
    participant: Participant | None = None,
    area: str | None = None,
    now: datetime.datetime | None = None,
) -> VotingCode:
    """``claim_code`` for the code the session holds (inside the caller's transaction); raises
    CodeNotHeld when it holds none. The session remembers that it claimed it."""
    held = _held(request, page)
    if held is None:
        raise CodeNotHeld
    row = _claim_digest(page, held.digest, participant=participant, area=area, now=now)
    _store(request, page, held.digest, True)
    return row


def forget_held_code(request: HttpRequest, page: Any) -> None:
    """Drop the code the session holds for ``page``."""
    codes = dict(request.session.get(SESSION_KEY) or {})
    if codes.pop(str(page.pk), None) is not None:
        request.session[SESSION_KEY] = codes


# Letters


class QRCodeUnavailable(ImproperlyConfigured):
    """segno is not installed: ``pip install "wagtail-participation[codes]"``."""


def qr_svg(data: str, *, scale: int = 4) -> str:
    """An inline ``<svg>`` QR code of ``data`` (segno, imported only here), without XML header.

    Raises QRCodeUnavailable when segno is not installed.
    """
    try:
        import segno
    except ImportError as error:  # an optional extra
        raise QRCodeUnavailable(
            'Voting code letters need segno: pip install "wagtail-participation[codes]"'
        ) from error
    qr = segno.make(data, error="m", micro=False)
    svg: str = qr.svg_inline(scale=scale, omitsize=True, title=_("QR code of the voting code"))
    return svg


def qr_available() -> bool:
    """Whether segno is installed (letters carry QR codes)."""
    try:
        import segno  # noqa: F401
    except ImportError:
        return False
    return True
