"""One mailbox, one resident: the canonical key behind the many ways of writing an address.

``Ann.Lee+petition@GoogleMail.com``, ``annlee@gmail.com`` and ``annlee@ｇmail.com`` (a
fullwidth letter) reach the same inbox, so they are one resident: ``mailbox_key`` gives all
three the key ``annlee@gmail.com``. The key is what identity is unique on (a participant, a
signature per petition) and what per-recipient email limits count; it is never an address
we write to. Emails go to the address as the resident typed it (or as it is stored).

How the key is made:

1. the address is NFC-normalised and split at its last ``@``;
2. the domain is canonicalised with IDNA/UTS-46 to its ASCII form (``ｇmail.com`` and
   ``GMAIL.COM`` become ``gmail.com``, ``münchen.de`` becomes ``xn--mnchen-3ya.de``); a domain
   that cannot be (``[127.0.0.1]``, ``exa_mple.com``, a broken ``xn--`` label) is refused;
3. ``EMAIL_DOMAIN_ALIASES`` maps another name of a provider to its main one
   (``googlemail.com`` to ``gmail.com``);
4. the local part is lower-cased, and only for the providers that use them:
   ``EMAIL_SUBADDRESS_DOMAINS`` drops a sub-address (``ann+tag`` is ``ann``; with another
   separator than ``+``, such as Yahoo's ``base-keyword``, the key keeps the separator, ``base-``,
   since the base name is not itself an address), and ``EMAIL_DOTLESS_DOMAINS`` drops dots.

Two addresses with the same key must be one mailbox: a rule applied to a provider that does
not use it would make two residents one. So on every other domain ``a+b@`` and ``a@`` stay
two residents, and a look-alike domain in another script (Cyrillic ``а`` in ``gmаil.com``)
is another domain, with its own owner.
"""

import unicodedata

import idna
from django.core.exceptions import ValidationError
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from .antispam import hit_rate_limit
from .conf import settings

#: The longest key: the longest address a form accepts.
MAX_LENGTH = 254
LIMIT_SALT = "wagtail_participation.mailboxes.limit"

INVALID_DOMAIN_MESSAGE = _(
    "The part of this email address after the @ is not a valid domain name. Please check it."
)
INVALID_ADDRESS_MESSAGE = _("Enter a valid email address.")
QUOTED_MESSAGE = _("Please enter your email address without quotation marks.")
TOO_LONG_MESSAGE = _("This email address is too long.")


class InvalidMailbox(ValueError):
    """The address cannot be canonicalised; ``message`` says why, for a form error."""

    def __init__(self, message=INVALID_ADDRESS_MESSAGE):
        super().__init__(str(message))
        self.message = message


def split_address(email):
    """``(local part, domain)`` of ``email``, NFC-normalised and trimmed; raise InvalidMailbox."""
    text = unicodedata.normalize("NFC", str(email or "").strip())
    local, at, domain = text.rpartition("@")
    if not at or not local or not domain:
        raise InvalidMailbox()
    return local, domain


def canonical_domain(domain):
    """The domain in its ASCII (IDNA/UTS-46) form, lower case, without a final dot."""
    text = unicodedata.normalize("NFC", str(domain or "").strip())
    if not text or "@" in text:
        raise InvalidMailbox(INVALID_DOMAIN_MESSAGE)
    try:
        encoded = idna.encode(text, uts46=True, std3_rules=True, transitional=False).decode("ascii")
    except (idna.IDNAError, UnicodeError, ValueError) as error:
        raise InvalidMailbox(INVALID_DOMAIN_MESSAGE) from error
    encoded = encoded.lower()
    if encoded.endswith("."):
        encoded = encoded[:-1]
    if not encoded or encoded.startswith(".") or ".." in encoded:
        raise InvalidMailbox(INVALID_DOMAIN_MESSAGE)
    return encoded


def _lowered_keys(mapping):
    return {str(key).strip().lower(): value for key, value in (mapping or {}).items()}


def provider_domain(domain):
    """The canonical domain, then mapped through EMAIL_DOMAIN_ALIASES (``googlemail.com`` -> ``gmail.com``)."""
    domain = canonical_domain(domain)
    aliases = _lowered_keys(settings.EMAIL_DOMAIN_ALIASES)
    return str(aliases.get(domain, domain)).strip().lower()


def mailbox_domain(email):
    """The provider domain of an address (canonical, aliases applied); raise InvalidMailbox."""
    return provider_domain(split_address(email)[1])


def mailbox_key(email):
    """The canonical key of the mailbox ``email`` reaches; raise InvalidMailbox if there is none."""
    local, domain = split_address(email)
    if local.startswith('"') or local.endswith('"'):
        raise InvalidMailbox(QUOTED_MESSAGE)
    domain = provider_domain(domain)
    local = local.lower()
    separator = _lowered_keys(settings.EMAIL_SUBADDRESS_DOMAINS).get(domain)
    if separator and separator in local:
        base = local.split(separator, 1)[0]
        if base:
            # With "+" the base is the mailbox itself; with another separator (Yahoo's "base-keyword")
            # it is a base name that is no address of its own: keep the separator so the key is no
            # other resident's address.
            local = base if separator == "+" else base + separator
    if domain in {str(d).strip().lower() for d in settings.EMAIL_DOTLESS_DOMAINS}:
        local = local.replace(".", "") or local
    key = f"{local}@{domain}"
    if len(key) > MAX_LENGTH:
        raise InvalidMailbox(TOO_LONG_MESSAGE)
    return key


def mailbox_key_or_none(email):
    """``mailbox_key(email)``, or None for an empty or invalid address."""
    if not email:
        return None
    try:
        return mailbox_key(email)
    except InvalidMailbox:
        return None


def validate_mailbox(email):
    """Form validator: refuse an address that has no canonical mailbox (with the reason)."""
    try:
        mailbox_key(email)
    except InvalidMailbox as error:
        raise ValidationError(error.message, code="invalid_mailbox") from error


def may_email(email):
    """Count one email about to go to ``email``'s mailbox; False once over EMAIL_RECIPIENT_LIMITS.

    For the emails a stranger can make us send by typing an address (sign-in links, petition
    confirmations): beyond the limit the caller sends nothing and answers as if it had, so
    nobody learns whether the address is known. Counted in the shared rate-limit cache under a
    keyed hash of the mailbox (never the address itself); a cache failure lets the email through.
    """
    limits = settings.EMAIL_RECIPIENT_LIMITS
    if not settings.ANTISPAM_ENABLED or not limits:
        return True
    key = mailbox_key_or_none(email) or str(email or "").strip().lower()
    digest = salted_hmac(LIMIT_SALT, key, algorithm="sha256").hexdigest()[:32]
    return not hit_rate_limit(f"mailbox:{digest}", limits)
