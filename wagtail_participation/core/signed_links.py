"""Signed single-use links: the sign-in link, a signature's confirmation link, and any new kind.

A link carries a token made with ``django.core.signing`` (the salt says which kind of link it
is, so one kind's token is never read as another's) holding an object's id and a keyed hash
of the object's *state*: what using the link changes (a participant's last sign-in) or what
must not have changed since (a signature's mailbox). Reading the token checks the signature
and its age (``max_age()``), loads the object and compares the hash with its state now. So a
link works once, for the object it was made for, for a while; every way it fails is one
``LinkError`` on an ``InvalidLink`` (or the kind's subclass of it):

- ``INVALID``: forged, altered, cut short, or its object is gone (HTTP 400);
- ``USED``: it worked once already (HTTP 410);
- ``EXPIRED``: older than the kind's ``max_age()`` (HTTP 410).

A kind of link is a subclass of ``SignedLink``: its ``salt``, ``max_age()``, ``get_object(pk)``
and ``state(obj)``, optionally ``check_object(obj)`` (raise ``self.error(LinkError.USED, obj)``
for a link whose object says it was used) and the reason a changed state means (``mismatch``).
``core.participants.SIGN_IN_LINK`` is core's; a method app defines its own (a signature's
confirmation link). A link meant to be shared (a petition's supporters' link, a random key) is
not a single-use link and is not made here.
"""

from typing import Any, ClassVar, Generic, TypeVar

from django.core import signing
from django.db import models
from django.urls import reverse
from django.utils.crypto import constant_time_compare, salted_hmac

from .converters import is_id

#: The kind of object a link names (a participant, a signature...).
ObjectT = TypeVar("ObjectT", bound=models.Model)


class LinkError(models.TextChoices):
    """Why a signed link does not work; equal to its value (``LinkError.USED == "used"``). The
    pages that say so have their own words for each (``sign_in_invalid.html``...)."""

    INVALID = "invalid"
    USED = "used"
    EXPIRED = "expired"

    @property
    def status_code(self) -> int:
        """The HTTP status of the page that says so: 400 for a link that never worked, else 410 (gone)."""
        return 400 if self == LinkError.INVALID else 410


class InvalidLink(Exception):
    """A signed link that does not work; ``reason`` is a ``LinkError``, ``object`` what it named
    when that is known and safe to show (a used link's object), else None."""

    def __init__(self, reason: LinkError | str, obj: models.Model | None = None) -> None:
        super().__init__(reason)
        self.reason = LinkError(reason)
        self.object = obj


class SignedLink(Generic[ObjectT]):
    """One kind of signed single-use link (see the module's docstring), naming an ``ObjectT``."""

    #: The signing salt, also the key salt of the state hash: unique per kind of link.
    salt: ClassVar[str] = ""
    #: Characters of the state hash kept in the token.
    hash_length: ClassVar[int] = 24
    #: Compress the token (worth it when it carries extra data, such as a name).
    compress: ClassVar[bool] = False
    #: The token's keys for the object's id and the state hash.
    id_key: ClassVar[str] = "i"
    hash_key: ClassVar[str] = "h"
    #: What a state that no longer matches the hash means: used (the link moved it) or invalid.
    mismatch: ClassVar[LinkError] = LinkError.USED
    #: The exception raised; a subclass of InvalidLink taking ``(reason, obj=None)``.
    error_class: ClassVar[type[InvalidLink]] = InvalidLink
    #: The URL name whose one argument is the token (for ``path()``).
    url_name: ClassVar[str | None] = None

    def max_age(self) -> int:
        """Seconds a link works for."""
        raise NotImplementedError

    def get_object(self, pk: int) -> ObjectT | None:
        """The object with id ``pk`` a link may still name, or None."""
        raise NotImplementedError

    def state(self, obj: ObjectT) -> str:
        """The text the link is bound to (see the module's docstring)."""
        raise NotImplementedError

    def check_object(self, obj: ObjectT) -> None:
        """Raise ``self.error(...)`` if ``obj`` itself says the link no longer works."""

    def error(self, reason: LinkError | str, obj: ObjectT | None = None) -> InvalidLink:
        return self.error_class(reason, obj)

    def state_hash(self, obj: ObjectT) -> str:
        return salted_hmac(self.salt, self.state(obj), algorithm="sha1").hexdigest()[
            : self.hash_length
        ]

    def make_token(self, obj: ObjectT, **extra: Any) -> str:
        """A token for ``obj``; ``extra`` (short, JSON-serialisable) travels signed with it."""
        data = {self.id_key: obj.pk, self.hash_key: self.state_hash(obj), **extra}
        return signing.dumps(data, salt=self.salt, compress=self.compress)

    def path(self, obj: ObjectT, **extra: Any) -> str:
        """The path of a new link for ``obj`` (``url_name`` with a new token)."""
        return reverse(self.url_name, args=[self.make_token(obj, **extra)])

    def read(self, token: str) -> tuple[ObjectT, dict[str, Any]]:
        """``(object, data)`` a working token names (data: everything it carries), or raise."""
        try:
            data = signing.loads(token, salt=self.salt, max_age=self.max_age())
        except signing.SignatureExpired as e:
            raise self.error(LinkError.EXPIRED) from e
        except (signing.BadSignature, ValueError, TypeError) as e:
            raise self.error(LinkError.INVALID) from e
        if not isinstance(data, dict) or not is_id(data.get(self.id_key)):
            raise self.error(LinkError.INVALID)
        obj = self.get_object(data[self.id_key])
        if obj is None:
            raise self.error(LinkError.INVALID)
        if not constant_time_compare(str(data.get(self.hash_key, "")), self.state_hash(obj)):
            raise self.error(self.mismatch)
        self.check_object(obj)
        return obj, data
