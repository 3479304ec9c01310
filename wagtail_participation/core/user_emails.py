"""Is a site user's email address theirs? The callables ``USER_EMAIL_VERIFIED`` may name.

A site user whose address is verified adopts the email-link resident with the same mailbox
(their earlier contributions and data follow them) and is a verified resident. Anybody can
register an account with somebody else's address on many sites, so without that word from
the site a user gets a resident of their own, with no address, and adopts nobody.

``WAGTAIL_PARTICIPATION_USER_EMAIL_VERIFIED`` names a callable, called with the user, that
returns True only when the user's ``email`` is verified. ``None`` believes no site address.
"""

import functools
import logging

from django.apps import apps
from django.utils.module_loading import import_string

from .conf import settings

logger = logging.getLogger(__name__)


def allauth_email_verified(user):
    """django-allauth's word: the user's address is one of their verified ``EmailAddress`` rows.

    False when ``allauth.account`` is not installed (the package does not depend on allauth).
    """
    email = (getattr(user, "email", "") or "").strip()
    if not email or not apps.is_installed("allauth.account"):
        return False
    # Optional dependency: imported only when allauth.account is installed (checked above).
    from allauth.account.models import EmailAddress

    return EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists()


def trust_user_email(user):
    """Every site user's address is theirs: for single sign-on whose provider verifies addresses
    (Entra ID, Google Workspace, a council's own OIDC or SAML), never for open registration."""
    return bool((getattr(user, "email", "") or "").strip())


@functools.lru_cache(maxsize=8)
def _load(path):
    return import_string(path)


def verifier():
    """The callable the setting names, or None; raises ImportError for a path that does not import."""
    path = settings.USER_EMAIL_VERIFIED
    if not path:
        return None
    return _load(path) if isinstance(path, str) else path


def user_email_verified(user):
    """True when the site says ``user.email`` is verified (USER_EMAIL_VERIFIED)."""
    check = verifier()
    if check is None or not (getattr(user, "email", "") or "").strip():
        return False
    return bool(check(user))
