"""Settings of petitions, with their defaults.

Read them as ``from wagtail_participation.petitions.conf import settings`` then
``settings.PETITION_AREA``; the Django setting is the name prefixed with
``WAGTAIL_PARTICIPATION_`` (``WAGTAIL_PARTICIPATION_PETITION_AREA``). Checked in ``checks.py``.
"""

from django.utils.translation import gettext_lazy as _

from wagtail_participation.core.conf import PREFIX, AppSettings

DEFAULTS = {
    # Petitions: text limits of a petition residents start (request, background, details).
    "PETITION_REQUEST_MAX_LENGTH": 80,
    "PETITION_BACKGROUND_MAX_LENGTH": 300,
    "PETITION_DETAILS_MAX_LENGTH": 800,
    # Confirmed supporters a resident's petition needs before moderators see it (0: none).
    "PETITION_SPONSORS_REQUIRED": 5,
    # Defaults for new petitions; each petition may set its own.
    "PETITION_RESPONSE_THRESHOLD": 1000,
    "PETITION_DEBATE_THRESHOLD": 5000,
    "PETITION_DURATION_DAYS": 182,  # how long a resident's petition stays open once published
    # What signers give as their area: "postcode", "ward" (the Area snippets) or None (not asked).
    "PETITION_AREA": "postcode",
    # With PETITION_AREA "postcode": the callable (dotted path) that checks a postcode and returns it
    # as stored, or raises ValidationError with the message shown (petitions/postcodes.py). None:
    # any text.
    "PETITION_POSTCODE_FORMAT": "wagtail_participation.petitions.postcodes.uk_postcode",
    # Reasons moderators give when rejecting: (value, label, hide the petition from the public).
    "PETITION_REJECTION_REASONS": [
        ("duplicate", _("There is already a petition about this"), False),
        ("no_action", _("It asks for something the council cannot do"), False),
        ("unclear", _("It is not clear what the petition asks for"), False),
        ("personal", _("It names or is about a private individual"), True),
        ("offensive", _("It is offensive, nonsense, a joke or an advert"), True),
    ],
    # Seconds a signature's confirmation link stays valid.
    "PETITION_CONFIRM_LINK_MAX_AGE": 7 * 24 * 60 * 60,
    # Signatures per client IP and per email domain, as (number, window in seconds): a
    # signature beyond a limit is quietly held for review, not counted.
    "PETITION_IP_LIMITS": [(10, 60), (50, 60 * 60)],
    "PETITION_DOMAIN_LIMITS": [(30, 60), (300, 60 * 60)],
    # Beyond these, sign and support forms from one IP are refused (429), so nobody can make the
    # site send confirmation emails without end. Well above the limits that hold.
    "PETITION_SIGN_RATE_LIMITS": [(60, 60), (600, 60 * 60)],
    # Domains shared by many residents, never limited as a domain (still limited per IP).
    "PETITION_COMMON_EMAIL_DOMAINS": [
        "gmail.com",
        "googlemail.com",
        "outlook.com",
        "hotmail.com",
        "live.com",
        "yahoo.com",
        "icloud.com",
        "me.com",
        "aol.com",
        "proton.me",
        "protonmail.com",
        "gmx.de",
        "gmx.net",
        "web.de",
        "t-online.de",
        "hotmail.co.uk",
        "btinternet.com",
        "yahoo.co.uk",
        "orange.fr",
        "free.fr",
        "laposte.net",
        "ziggo.nl",
        "kpnmail.nl",
        "online.no",
        "telia.com",
    ],
    # (One signature per mailbox follows core's rules: EMAIL_DOMAIN_ALIASES,
    # EMAIL_SUBADDRESS_DOMAINS, EMAIL_DOTLESS_DOMAINS.)
    # Seconds a CDN or browser may keep a petition's page for anonymous visitors (0: not at all).
    "PETITION_PAGE_CACHE_SECONDS": 60,
    # Seconds a petition's count is kept in the cache between counts. Each count refreshes it at
    # once in a shared cache (Redis, memcached); with a per-process cache this bounds how old a
    # count other processes show.
    "PETITION_COUNT_CACHE_SECONDS": 5,
    # Signers emailed per batch (each stamped as sent) when a petition is answered or debated.
    "PETITION_NOTIFY_BATCH_SIZE": 200,
    # Months after a petition closes that its signers' names, emails and IPs are removed.
    "PETITION_ANONYMISE_AFTER_MONTHS": 6,
    # Who is told when a petition reaches a threshold or awaits moderation (empty: ADMINS).
    "PETITION_STAFF_EMAILS": [],
}

settings = AppSettings(PREFIX, DEFAULTS)
