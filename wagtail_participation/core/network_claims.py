"""One anonymous answer per client network per poll or survey, for a while.

A browser cookie alone lets anyone vote again by clearing cookies. Where anyone may answer
without signing in, the answer also claims the client's network (``antispam.client_network``:
the IPv4 address, or the IPv6 /64) in its scope (``"poll:12"``, ``"survey:34"``) for
``ANONYMOUS_NETWORK_DEDUPE_SECONDS``. The claim is a row with a unique (scope, network key),
taken inside the transaction that stores the answer: two requests from one network at once
cannot both succeed, and an answer that fails for another reason releases its claim.

The trade-off: one household or office behind one address gives one anonymous answer per
period. Signed-in and verified answers are never limited this way, and the messages ask
residents to sign in to answer too.
"""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from .conf import settings
from .models import NetworkClaim

KEY_SALT = "wagtail_participation.network_claims"


class NetworkAlreadyAnswered(Exception):
    """An anonymous answer from this network was already received in this scope."""


def dedupe_seconds():
    """Seconds a network's anonymous answer holds its claim; 0 when network dedupe is off."""
    seconds = settings.ANONYMOUS_NETWORK_DEDUPE_SECONDS
    return seconds if isinstance(seconds, int) and seconds > 0 else 0


def network_key(network):
    """A keyed hash of the network: what is stored, never the address."""
    return salted_hmac(KEY_SALT, network, algorithm="sha256").hexdigest()


def claim_network(scope, network, now=None):
    """Claim ``network`` in ``scope``, inside the caller's transaction, or raise
    NetworkAlreadyAnswered. Does nothing when network dedupe is off or the network is unknown.

    An expired claim is taken over by a conditional update (of two requests only one updates
    the row: PostgreSQL re-checks the condition after the first commits); otherwise a new row
    is inserted, and the unique constraint refuses every insert but one.
    """
    seconds = dedupe_seconds()
    if not seconds or not network:
        return
    now = now or timezone.now()
    key = network_key(network)
    expires_at = now + datetime.timedelta(seconds=seconds)
    with transaction.atomic():
        if NetworkClaim.objects.filter(scope=scope, network_key=key, expires_at__lte=now).update(
            expires_at=expires_at
        ):
            return
        try:
            with transaction.atomic():
                NetworkClaim.objects.create(scope=scope, network_key=key, expires_at=expires_at)
        except IntegrityError:
            raise NetworkAlreadyAnswered(scope) from None


def network_has_answered(scope, network, now=None):
    """True while an anonymous answer from ``network`` holds its claim in ``scope`` (a read only)."""
    if not dedupe_seconds() or not network:
        return False
    return NetworkClaim.objects.filter(
        scope=scope, network_key=network_key(network), expires_at__gt=now or timezone.now()
    ).exists()


def purge_expired_network_claims(now=None):
    """Delete claims whose period has ended; returns how many."""
    count, _ = NetworkClaim.objects.filter(expires_at__lte=now or timezone.now()).delete()
    return count
