"""Settings: core's here, each participation app's in its own ``conf.py``.

Each app declares its settings as an ``AppSettings``: the prefix of their Django names and a
dict of defaults, with a comment on each (as django-allauth's ``app_settings`` does). Code
reads a setting as an attribute without the prefix: ``from wagtail_participation.core.conf
import settings`` then ``settings.REPORT_THRESHOLD`` is the Django setting
``WAGTAIL_PARTICIPATION_REPORT_THRESHOLD``, or its default. A method app reads its own the
same way (``from .conf import settings``). Values are read when used, so ``override_settings``
works in tests.
"""

from collections.abc import Mapping
from typing import Any

from django.conf import settings as django_settings

PREFIX = "WAGTAIL_PARTICIPATION_"

DEFAULTS: dict[str, Any] = {
    # Identity
    "SIGN_IN_LINK_MAX_AGE": 60 * 60,  # seconds an email sign-in link stays valid
    "SESSION_KEY": "wagtail_participation_participant",
    # Who is one resident (core.mailboxes): the canonical mailbox key of an address. Only the
    # providers listed use these rules; a rule on a provider that does not use it makes two
    # residents one, so list a domain only when its provider documents the behaviour.
    # Domains that are another name of one provider's mailboxes (one account holds both).
    "EMAIL_DOMAIN_ALIASES": {
        "googlemail.com": "gmail.com",
        "me.com": "icloud.com",
        "mac.com": "icloud.com",
        "protonmail.com": "proton.me",
        "protonmail.ch": "proton.me",
        "pm.me": "proton.me",
    },
    # Domains (after aliases) whose mailboxes take sub-addresses, with the separator: "+" (the
    # part before it is the mailbox), or Yahoo's "-" (disposable addresses "base-keyword").
    "EMAIL_SUBADDRESS_DOMAINS": {
        "gmail.com": "+",
        "outlook.com": "+",
        "hotmail.com": "+",
        "live.com": "+",
        "msn.com": "+",
        "hotmail.co.uk": "+",
        "live.co.uk": "+",
        "outlook.fr": "+",
        "hotmail.fr": "+",
        "live.fr": "+",
        "outlook.de": "+",
        "hotmail.de": "+",
        "outlook.es": "+",
        "hotmail.es": "+",
        "live.nl": "+",
        "hotmail.nl": "+",
        "outlook.dk": "+",
        "hotmail.dk": "+",
        "live.dk": "+",
        "live.no": "+",
        "hotmail.no": "+",
        "icloud.com": "+",
        "proton.me": "+",
        "fastmail.com": "+",
        "fastmail.fm": "+",
        "yahoo.com": "-",
        "yahoo.co.uk": "-",
        "yahoo.fr": "-",
        "yahoo.de": "-",
        "yahoo.es": "-",
    },
    # Domains (after aliases) whose mailboxes ignore dots before the @ (a.b@ and ab@ are one).
    "EMAIL_DOTLESS_DOMAINS": ["gmail.com"],
    # Emails a stranger can make us send by typing an address (sign-in links, petition
    # confirmations and "already signed" notices), per canonical mailbox: (number, window in
    # seconds) pairs. Beyond them nothing is sent and the same "check your email" page shows.
    "EMAIL_RECIPIENT_LIMITS": [(3, 15 * 60)],
    # A site user's email address adopts an email-link resident, and marks a new resident
    # verified, only when this callable (a dotted path, called with the user) returns True.
    # The default believes django-allauth's verified addresses, and nobody without allauth.
    "USER_EMAIL_VERIFIED": "wagtail_participation.core.user_emails.allauth_email_verified",
    # Eligibility (core.eligibility): the council's area, for pages whose editor left their
    # postcode rules empty: {area name or "": [rules]}, a rule a postcode ("AB1 2CD"), a
    # beginning ("AB1*") or a numeric range ("1000-2450"). {} (default): no area rule.
    "ELIGIBILITY_AREAS": {},
    # The key voting codes are hashed with (HMAC-SHA256). None: the site's SECRET_KEY; set one
    # of its own so that rotating SECRET_KEY leaves letters already posted working.
    "VOTING_CODE_KEY": None,
    "VOTING_CODE_MAX_BATCH": 20000,  # codes staff may generate at once
    # Code-entry attempts per client network: (number, window in seconds) pairs.
    "VOTING_CODE_RATE_LIMITS": [(10, 60), (30, 60 * 60)],
    # Moderation
    "REPORT_THRESHOLD": 3,  # reports that hide a published contribution pending review
    # Anti-spam
    "ANTISPAM_ENABLED": True,
    "HONEYPOT_FIELD_NAME": "website",
    "MIN_FILL_SECONDS": 3,  # a form posted faster than this is treated as a bot
    # The sign-in form holds an email address only, which browsers fill in: its own, shorter minimum.
    "SIGN_IN_MIN_FILL_SECONDS": 1,
    "MAX_FILL_SECONDS": 60 * 60 * 24,  # a form older than this must be reloaded
    # Rate limits per client IP: (number of POSTs, window in seconds)
    "RATE_LIMITS": [(10, 60), (100, 60 * 60)],
    "RATE_LIMIT_CACHE": "default",
    # The cache the package keeps its state in (petition counts' marks, shared pages...): one that
    # raises when its server is down, never core.caches.FailSafeRedisCache (check E006).
    "CACHE": "default",
    # Pages anyone may answer without signing in: seconds one client network (an IPv4
    # address, an IPv6 /64) may give only one anonymous answer per page or poll, on top
    # of the browser cookie (0: off, the cookie only). Signed-in answers are not limited.
    "ANONYMOUS_NETWORK_DEDUPE_SECONDS": 60 * 60 * 24,
    # How many proxies in front of Django append to X-Forwarded-For. 0 trusts
    # REMOTE_ADDR only (the safe default); 1 trusts the last address a single
    # reverse proxy appended, and so on.
    "TRUSTED_PROXY_COUNT": 0,
    # Content-Security-Policy sent by core.middleware.ContentSecurityPolicyMiddleware: a dict of
    # directives (or a string; None or "" sends none). Our pages use only their own scripts
    # and styles. With a dict, what apps add through the register_participation_csp hook joins the
    # directives it names (a map's tile server in img-src, say).
    "CONTENT_SECURITY_POLICY": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'self'"],
        "form-action": ["'self'"],
    },
    # Which responses get it: "participation" (the package's own pages: its page types, a
    # site's pages built from its mixins, and its URLs such as sign-in) or "site" (every
    # response but the excluded paths). The host site's own pages keep their own policy.
    "CONTENT_SECURITY_POLICY_SCOPE": "participation",
    # Path prefixes without the header; None: the Wagtail admin's and Django admin's.
    "CONTENT_SECURITY_POLICY_EXCLUDE": None,
    # True sends Content-Security-Policy-Report-Only instead (try a policy before enforcing it).
    "CONTENT_SECURITY_POLICY_REPORT_ONLY": False,
    # Text limits
    "COMMENT_MAX_LENGTH": 2000,
    "DISPLAY_NAME_MAX_LENGTH": 80,  # longest name residents type (at most 80: the column's size)
    # Forms: the django-crispy-forms template pack our forms render with.
    "FORM_TEMPLATE_PACK": "wagtail_participation/forms",
    # Email
    "FROM_EMAIL": None,  # None uses DEFAULT_FROM_EMAIL
    # The public address emailed links start with ("https://www.council.example"). None: the
    # page's Wagtail Site on a site with several, else WAGTAILADMIN_BASE_URL, else the default
    # Site (core.links). Never the request's Host header.
    "BASE_URL": None,
    # The outbox (core.tasks): emails a sender claims at a time, and how long it holds them
    # (longer than sending a batch takes; a sender that dies lets them go after this).
    "EMAIL_BATCH_SIZE": 100,
    "EMAIL_LEASE_SECONDS": 5 * 60,
    # After a failure an email is due again after EMAIL_RETRY_SECONDS, doubling with each
    # attempt up to EMAIL_RETRY_MAX_SECONDS; after EMAIL_MAX_ATTEMPTS (about a day) it is given up.
    "EMAIL_RETRY_SECONDS": 60,
    "EMAIL_RETRY_MAX_SECONDS": 60 * 60,
    "EMAIL_MAX_ATTEMPTS": 30,
    # Overdue emails each email's task sends after its own, once the server answers (0: none).
    "EMAIL_CATCH_UP": 10,
    # Days sent (or given up) emails stay in the outbox before participation_send_emails deletes them.
    "EMAIL_KEEP_DAYS": 7,
    # Listings
    "PAGE_SIZE": 12,
    "COMMENTS_PAGE_SIZE": 50,
    # Privacy: days after which sign-in-only participants who never contributed are deleted
    "UNUSED_PARTICIPANT_RETENTION_DAYS": 30,
}


#: Every ``AppSettings`` made, in order: core's object answers an app's names from these.
_declared: list["AppSettings"] = []


class AppSettings:
    """One app's settings: Django's value of ``prefix + NAME``, else the default.

    Asking for a name not in ``defaults`` raises ``AttributeError``, so a typo shows at once.
    """

    def __init__(self, prefix: str, defaults: Mapping[str, Any]) -> None:
        self.prefix = prefix
        self.defaults = dict(defaults)
        _declared.append(self)

    def __getattr__(self, name: str) -> Any:
        defaults = self.__dict__.get("defaults", {})
        if name not in defaults:
            raise AttributeError(f"Unknown wagtail-participation setting: {name}")
        return getattr(django_settings, self.prefix + name, defaults[name])

    def __dir__(self) -> list[str]:
        return [*super().__dir__(), *self.defaults]


class ParticipationSettings(AppSettings):
    """Core's settings (``DEFAULTS``).

    For code written when every setting was core's, it also answers the names an installed
    participation app declares in its own ``conf.py`` with the same prefix, with the same
    value as that app's object. Code of this package reads each app's own object.
    """

    def __init__(self) -> None:
        super().__init__(PREFIX, DEFAULTS)

    def __getattr__(self, name: str) -> Any:
        if name in self.__dict__.get("defaults", {}):
            return super().__getattr__(name)
        for app_settings in _declared:
            if (
                app_settings is not self
                and app_settings.prefix == self.prefix
                and name in app_settings.defaults
            ):
                return getattr(app_settings, name)
        raise AttributeError(f"Unknown wagtail-participation setting: {name}")


settings = ParticipationSettings()
