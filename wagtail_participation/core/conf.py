"""Every setting of wagtail-participation, with its default.

Read a setting as ``from wagtail_participation.core.conf import settings`` then
``settings.REPORT_THRESHOLD``; the Django setting is the same name prefixed with
``WAGTAIL_PARTICIPATION_`` (``WAGTAIL_PARTICIPATION_REPORT_THRESHOLD``).
"""

from django.conf import settings as django_settings
from django.utils.translation import gettext_lazy as _

PREFIX = "WAGTAIL_PARTICIPATION_"

DEFAULTS = {
    # Identity
    "SIGN_IN_LINK_MAX_AGE": 60 * 60,  # seconds an email sign-in link stays valid
    "SESSION_KEY": "wagtail_participation_participant",
    # Who is one resident (core.mailboxes): the canonical mailbox key of an address. Only the
    # providers listed use these rules; a rule on a provider that does not use it makes two
    # residents one, so list a domain only when its provider documents the behaviour.
    # Domains that are another name of one provider's mailboxes (one account holds both).
    "EMAIL_DOMAIN_ALIASES": {
        "googlemail.com": "gmail.com",
        "me.com": "icloud.com", "mac.com": "icloud.com",
        "protonmail.com": "proton.me", "protonmail.ch": "proton.me", "pm.me": "proton.me",
    },
    # Domains (after aliases) whose mailboxes take sub-addresses, with the separator: "+" (the
    # part before it is the mailbox), or Yahoo's "-" (disposable addresses "base-keyword").
    "EMAIL_SUBADDRESS_DOMAINS": {
        "gmail.com": "+",
        "outlook.com": "+", "hotmail.com": "+", "live.com": "+", "msn.com": "+",
        "hotmail.co.uk": "+", "live.co.uk": "+", "outlook.fr": "+", "hotmail.fr": "+", "live.fr": "+",
        "outlook.de": "+", "hotmail.de": "+", "outlook.es": "+", "hotmail.es": "+", "live.nl": "+",
        "hotmail.nl": "+", "outlook.dk": "+", "hotmail.dk": "+", "live.dk": "+", "live.no": "+",
        "hotmail.no": "+",
        "icloud.com": "+",
        "proton.me": "+",
        "fastmail.com": "+", "fastmail.fm": "+",
        "yahoo.com": "-", "yahoo.co.uk": "-", "yahoo.fr": "-", "yahoo.de": "-", "yahoo.es": "-",
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
    # Moderation
    "REPORT_THRESHOLD": 3,  # reports that hide a published contribution pending review
    # Anti-spam
    "ANTISPAM_ENABLED": True,
    "HONEYPOT_FIELD_NAME": "website",
    "MIN_FILL_SECONDS": 3,  # a form posted faster than this is treated as a bot
    "MAX_FILL_SECONDS": 60 * 60 * 24,  # a form older than this must be reloaded
    # Rate limits per client IP: (number of POSTs, window in seconds)
    "RATE_LIMITS": [(10, 60), (100, 60 * 60)],
    "RATE_LIMIT_CACHE": "default",
    # The cache the package keeps its state in (petition counts' marks, shared pages...): one that
    # raises when its server is down, never core.caches.FailSafeRedisCache (check E006).
    "CACHE": "default",
    # Polls and surveys anyone may answer without signing in: seconds one client network (an
    # IPv4 address, an IPv6 /64) may give only one anonymous answer per poll or survey, on top
    # of the browser cookie (0: off, the cookie only). Signed-in answers are not limited.
    "ANONYMOUS_NETWORK_DEDUPE_SECONDS": 60 * 60 * 24,
    # How many proxies in front of Django append to X-Forwarded-For. 0 trusts
    # REMOTE_ADDR only (the safe default); 1 trusts the last address a single
    # reverse proxy appended, and so on.
    "TRUSTED_PROXY_COUNT": 0,
    # Content-Security-Policy sent by core.middleware.ContentSecurityPolicyMiddleware: a dict of
    # directives (or a string; None or "" sends none). Our pages use only their own scripts
    # and styles. With a dict, MAP_TILE_URL's origin is added to img-src.
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
    # Path prefixes without the header; None: the Wagtail admin's and Django admin's.
    "CONTENT_SECURITY_POLICY_EXCLUDE": None,
    # True sends Content-Security-Policy-Report-Only instead (try a policy before enforcing it).
    "CONTENT_SECURITY_POLICY_REPORT_ONLY": False,
    # Text limits
    "COMMENT_MAX_LENGTH": 2000,
    "DISPLAY_NAME_MAX_LENGTH": 80,
    # Forms: the django-crispy-forms template pack our forms render with.
    "FORM_TEMPLATE_PACK": "wagtail_participation/forms",
    # Email
    "FROM_EMAIL": None,  # None uses DEFAULT_FROM_EMAIL
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
    # Privacy: profile questions a council may ask residents (see docs/reference/settings.md)
    "ASK_POSTCODE": False,
    "AGE_BANDS": ["under 18", "18-24", "25-34", "35-44", "45-54", "55-64", "65-74", "75+"],
    "ASK_AGE_BAND": False,
    # Public survey results show no figures for a group of fewer respondents than this (a
    # filter, or the whole survey), nor counts under it within a filtered group. Staff see all.
    "SURVEY_RESULTS_MIN_GROUP": 5,
    # Days after which sign-in-only participants who never contributed are deleted
    "UNUSED_PARTICIPANT_RETENTION_DAYS": 30,
    # Ideas: the statuses an idea moves through, in the order residents see them.
    # The first is given to new ideas. Values are stored; labels may change freely.
    "IDEA_STATUSES": [
        ("submitted", _("Submitted")),
        ("under_consideration", _("Under consideration")),
        ("accepted", _("Accepted")),
        ("in_progress", _("In progress")),
        ("implemented", _("Implemented")),
        ("not_feasible", _("Not feasible")),
        ("rejected", _("Rejected")),
    ],
    "IDEA_TITLE_MAX_LENGTH": 120,
    "IDEA_DESCRIPTION_MAX_LENGTH": 2000,
    # Images residents attach to ideas: largest upload, and the longest side
    # they are scaled down to (they are re-encoded, which also strips EXIF).
    "IDEA_IMAGE_MAX_BYTES": 5 * 1024 * 1024,
    "IDEA_IMAGE_MAX_SIDE": 1600,
    # The most pixels an image is decoded at (a PNG or WebP with more is refused from its
    # header; a JPEG is decoded at 1/2, 1/4 or 1/8 scale and may name up to 4 times this).
    # One upload briefly takes about 6 bytes per pixel of this (PNG), or about 40 MB (JPEG).
    "IDEA_IMAGE_MAX_PIXELS": 16_000_000,
    # Days of votes that count for the "trending" sort, and how long its ranking is reused.
    "IDEA_TRENDING_DAYS": 7,
    "IDEA_TRENDING_CACHE_SECONDS": 300,
    # Seconds an idea's card, and a page of a board's results for anonymous visitors, are
    # cached (0: never). New, changed and moderated ideas show at once.
    "IDEA_CARD_CACHE_SECONDS": 120,
    # On a board taking votes or comments, anonymous visitors may see counts up to this many
    # seconds old (the page of results is rendered again at most this often). 0: always current.
    "IDEA_COUNT_LAG_SECONDS": 5,
    # How many similar ideas to suggest while a resident types a title.
    "IDEA_SIMILAR_LIMIT": 5,
    # Maps: a tile URL template such as "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    # shows a small map beside an idea's address. None shows the address only.
    "MAP_TILE_URL": None,
    "MAP_ATTRIBUTION": "",
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
        "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com", "yahoo.com",
        "icloud.com", "me.com", "aol.com", "proton.me", "protonmail.com", "gmx.de", "gmx.net",
        "web.de", "t-online.de", "hotmail.co.uk", "btinternet.com", "yahoo.co.uk", "orange.fr",
        "free.fr", "laposte.net", "ziggo.nl", "kpnmail.nl", "online.no", "telia.com",
    ],
    # (One signature per mailbox follows the core rules above: EMAIL_DOMAIN_ALIASES,
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


class ParticipationSettings:
    """Looks a setting up in Django's settings, falling back to DEFAULTS."""

    def __getattr__(self, name):
        if name not in DEFAULTS:
            raise AttributeError(f"Unknown wagtail-participation setting: {name}")
        return getattr(django_settings, PREFIX + name, DEFAULTS[name])


settings = ParticipationSettings()
