"""System checks: wagtail_participation.E001 and on (docs/reference/checks.md)."""

from django.apps import apps
from django.conf import settings as django_settings
from django.core.checks import Error, Tags, Warning, register

from .conf import PREFIX, settings

METHOD_APPS = [
    "wagtail_participation.projects",
    "wagtail_participation.ideas",
    "wagtail_participation.surveys",
    "wagtail_participation.petitions",
]
LOCAL_CACHES = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)


@register(Tags.compatibility)
def check_install(app_configs, **kwargs):
    errors = []
    middleware = getattr(django_settings, "MIDDLEWARE", [])
    if not apps.is_installed("django.contrib.sessions") or (
        "django.contrib.sessions.middleware.SessionMiddleware" not in middleware
    ):
        errors.append(Error(
            "wagtail-participation needs Django sessions: residents who sign in by email link "
            "are remembered in the session.",
            hint="Add 'django.contrib.sessions' to INSTALLED_APPS and "
                 "'django.contrib.sessions.middleware.SessionMiddleware' to MIDDLEWARE.",
            id="wagtail_participation.E001",
        ))
    if not apps.is_installed("crispy_forms"):
        errors.append(Error(
            "wagtail-participation renders its forms with django-crispy-forms, which is not installed.",
            hint="Add 'crispy_forms' to INSTALLED_APPS (CRISPY_TEMPLATE_PACK is not needed).",
            id="wagtail_participation.E002",
        ))
    if not apps.is_installed("wagtail_modeladmin"):
        errors.append(Error(
            "The moderation queue is built with wagtail-modeladmin, which is not installed.",
            hint="Add 'wagtail_modeladmin' to INSTALLED_APPS.",
            id="wagtail_participation.E003",
        ))
    for name in METHOD_APPS:
        if apps.is_installed(name) and not apps.is_installed("wagtail_participation.core"):
            errors.append(Error(
                f"'{name}' is installed without 'wagtail_participation.core'.",
                hint="Add 'wagtail_participation.core' to INSTALLED_APPS, before the participation methods.",
                id="wagtail_participation.E004",
            ))
    return errors


PRIVATE_CACHE_MIDDLEWARE = "wagtail_participation.core.cache_control.PrivateCacheControlMiddleware"
UPDATE_CACHE_MIDDLEWARE = "django.middleware.cache.UpdateCacheMiddleware"


@register(Tags.compatibility)
def check_private_cache_middleware(app_configs, **kwargs):
    """Pages built for a resident must not reach a shared cache (W006)."""
    middleware = list(getattr(django_settings, "MIDDLEWARE", None) or [])
    if PRIVATE_CACHE_MIDDLEWARE not in middleware:
        return [Warning(
            "PrivateCacheControlMiddleware is not in MIDDLEWARE: pages rendered for a signed-in resident, "
            "or carrying a visitor's message, are not marked 'Cache-Control: private, no-store', so a CDN "
            "or a caching proxy could keep one resident's page and show it to others.",
            hint=f"Add '{PRIVATE_CACHE_MIDDLEWARE}' to MIDDLEWARE, after MessageMiddleware.",
            id="wagtail_participation.W006",
        )]
    if UPDATE_CACHE_MIDDLEWARE in middleware and (
        middleware.index(UPDATE_CACHE_MIDDLEWARE) > middleware.index(PRIVATE_CACHE_MIDDLEWARE)
    ):
        return [Warning(
            "PrivateCacheControlMiddleware comes before UpdateCacheMiddleware in MIDDLEWARE: Django's cache "
            "stores each response before it is marked private.",
            hint="Keep UpdateCacheMiddleware first in MIDDLEWARE, PrivateCacheControlMiddleware after it.",
            id="wagtail_participation.W006",
        )]
    return []


def _is_int(value, minimum):
    return isinstance(value, int) and not isinstance(value, bool) and value >= minimum


@register(Tags.compatibility)
def check_settings(app_configs, **kwargs):
    problems = []
    if not _is_int(settings.REPORT_THRESHOLD, 1):
        problems.append("WAGTAIL_PARTICIPATION_REPORT_THRESHOLD must be a whole number of at least 1.")
    limits = settings.RATE_LIMITS
    if not isinstance(limits, list | tuple) or not all(
        isinstance(pair, list | tuple) and len(pair) == 2 and _is_int(pair[0], 1) and _is_int(pair[1], 1)
        for pair in limits
    ):
        problems.append(
            "WAGTAIL_PARTICIPATION_RATE_LIMITS must be a list of (number of requests, seconds) pairs, "
            "for example [(10, 60), (100, 3600)]."
        )
    if not isinstance(settings.MIN_FILL_SECONDS, int | float) or settings.MIN_FILL_SECONDS < 0:
        problems.append("WAGTAIL_PARTICIPATION_MIN_FILL_SECONDS must be a number of seconds, 0 or more.")
    if not _is_int(settings.SIGN_IN_LINK_MAX_AGE, 1):
        problems.append("WAGTAIL_PARTICIPATION_SIGN_IN_LINK_MAX_AGE must be a positive number of seconds.")
    if not _is_int(settings.TRUSTED_PROXY_COUNT, 0):
        problems.append("WAGTAIL_PARTICIPATION_TRUSTED_PROXY_COUNT must be a whole number, 0 or more.")
    if not _is_int(settings.ANONYMOUS_NETWORK_DEDUPE_SECONDS, 0):
        problems.append("WAGTAIL_PARTICIPATION_ANONYMOUS_NETWORK_DEDUPE_SECONDS must be a whole number of "
                        "seconds, 0 (off) or more.")
    if not _is_int(settings.SURVEY_RESULTS_MIN_GROUP, 1):
        problems.append("WAGTAIL_PARTICIPATION_SURVEY_RESULTS_MIN_GROUP must be a whole number of at least 1.")
    statuses = settings.IDEA_STATUSES
    if not isinstance(statuses, list | tuple) or not statuses or not all(
        isinstance(pair, list | tuple) and len(pair) == 2 and isinstance(pair[0], str) and 0 < len(pair[0]) <= 40
        for pair in statuses
    ) or len({pair[0] for pair in statuses}) != len(statuses):
        problems.append(
            "WAGTAIL_PARTICIPATION_IDEA_STATUSES must be a non-empty list of (value, label) pairs with "
            "different values of at most 40 characters."
        )
    if not _is_int(settings.IDEA_TITLE_MAX_LENGTH, 1) or settings.IDEA_TITLE_MAX_LENGTH > 120:
        problems.append("WAGTAIL_PARTICIPATION_IDEA_TITLE_MAX_LENGTH must be a whole number from 1 to 120.")
    for name in ("IDEA_DESCRIPTION_MAX_LENGTH", "IDEA_IMAGE_MAX_BYTES", "IDEA_IMAGE_MAX_SIDE", "IDEA_TRENDING_DAYS",
                 "IDEA_SIMILAR_LIMIT"):
        if not _is_int(getattr(settings, name), 1):
            problems.append(f"WAGTAIL_PARTICIPATION_{name} must be a whole number of at least 1.")
    side = settings.IDEA_IMAGE_MAX_SIDE
    if not _is_int(settings.IDEA_IMAGE_MAX_PIXELS, 1) or (
        _is_int(side, 1) and settings.IDEA_IMAGE_MAX_PIXELS < side * side
    ):
        problems.append(
            "WAGTAIL_PARTICIPATION_IDEA_IMAGE_MAX_PIXELS must be a whole number of at least "
            "IDEA_IMAGE_MAX_SIDE squared (a JPEG is decoded at no less than that size)."
        )
    for name in ("IDEA_TRENDING_CACHE_SECONDS", "IDEA_CARD_CACHE_SECONDS", "IDEA_COUNT_LAG_SECONDS"):
        if not _is_int(getattr(settings, name), 0):
            problems.append(f"WAGTAIL_PARTICIPATION_{name} must be a whole number of seconds (0 or more).")
    problems += _mailbox_problems()
    problems += _base_url_problems()
    problems += _petition_problems()
    return [
        Error(problem, hint="See the settings reference in the wagtail-participation docs.",
              id="wagtail_participation.E005")
        for problem in problems
    ]


def _is_limits(value):
    return isinstance(value, list | tuple) and all(
        isinstance(pair, list | tuple) and len(pair) == 2 and _is_int(pair[0], 1) and _is_int(pair[1], 1)
        for pair in value
    )


def _mailbox_problems():
    problems = []
    aliases = settings.EMAIL_DOMAIN_ALIASES
    if not isinstance(aliases, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in aliases.items()):
        problems.append("WAGTAIL_PARTICIPATION_EMAIL_DOMAIN_ALIASES must be a dict of domain names.")
    separators = settings.EMAIL_SUBADDRESS_DOMAINS
    if not isinstance(separators, dict) or not all(
        isinstance(k, str) and isinstance(v, str) and len(v) == 1 and v not in '@."' for k, v in separators.items()
    ):
        problems.append(
            "WAGTAIL_PARTICIPATION_EMAIL_SUBADDRESS_DOMAINS must be a dict of domain names and one-character "
            'separators, for example {"gmail.com": "+"}.'
        )
    dotless = settings.EMAIL_DOTLESS_DOMAINS
    if not isinstance(dotless, list | tuple) or not all(isinstance(d, str) for d in dotless):
        problems.append("WAGTAIL_PARTICIPATION_EMAIL_DOTLESS_DOMAINS must be a list of domain names.")
    if not _is_limits(settings.EMAIL_RECIPIENT_LIMITS):
        problems.append(
            "WAGTAIL_PARTICIPATION_EMAIL_RECIPIENT_LIMITS must be a list of (emails, seconds) pairs, "
            "for example [(3, 900)]."
        )
    from .user_emails import verifier

    try:
        check = verifier()
    except ImportError as error:
        problems.append(f"WAGTAIL_PARTICIPATION_USER_EMAIL_VERIFIED does not import: {error}.")
    else:
        if check is not None and not callable(check):
            problems.append("WAGTAIL_PARTICIPATION_USER_EMAIL_VERIFIED must name a callable (or be None).")
    return problems


#: Settings read no more, and the names that replace them.
RENAMED_SETTINGS = {
    "PETITION_DOTLESS_EMAIL_DOMAINS": "EMAIL_DOTLESS_DOMAINS",
    "PETITION_EMAIL_DOMAIN_ALIASES": "EMAIL_DOMAIN_ALIASES",
}


@register(Tags.compatibility)
def check_renamed_settings(app_configs, **kwargs):
    return [
        Warning(
            f"WAGTAIL_PARTICIPATION_{old} is no longer read: one mailbox's rules are core's now.",
            hint=f"Rename it WAGTAIL_PARTICIPATION_{new}, and see EMAIL_SUBADDRESS_DOMAINS: a +tag is removed "
                 "only on the providers listed there.",
            id="wagtail_participation.W003",
        )
        for old, new in RENAMED_SETTINGS.items()
        if hasattr(django_settings, PREFIX + old)
    ]


@register(Tags.database)
def check_participants_without_mailbox(app_configs, databases=None, **kwargs):
    """Participants left without a mailbox key by the upgrade (another holds their mailbox)."""
    if not databases or "default" not in databases:
        return []
    from django.db import DatabaseError

    from .models import Participant

    try:
        ids = list(Participant.objects.filter(
            mailbox_key__isnull=True, email__isnull=False, anonymised_at__isnull=True,
        ).exclude(email="").order_by("pk").values_list("pk", flat=True)[:11])
    except DatabaseError:  # not migrated yet
        return []
    if not ids:
        return []
    shown = ", ".join(str(pk) for pk in ids[:10]) + (", ..." if len(ids) > 10 else "")
    return [Warning(
        f"Participants with an email address but no mailbox key (ids {shown}): their address is one "
        "mailbox with an older participant's, or cannot be canonicalised. Nothing was merged: they keep "
        "their contributions, votes and reports, and signing in with their address now reaches the older "
        "participant.",
        hint="Review them in Participation > Participants (see docs/explanation/identity.md); silence this "
             "warning with SILENCED_SYSTEM_CHECKS once reviewed.",
        id="wagtail_participation.W004",
    )]


def _base_url_problems():
    from urllib.parse import urlsplit

    value = settings.BASE_URL
    if value in (None, ""):
        return []
    parts = urlsplit(value) if isinstance(value, str) else None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname or parts.path not in ("", "/") \
            or parts.query or parts.fragment or parts.username or parts.password:
        return ["WAGTAIL_PARTICIPATION_BASE_URL must be the site's public address, a scheme and a host only, "
                "for example 'https://www.council.example'."]
    return []


@register(Tags.compatibility)
def check_link_address(app_configs, **kwargs):
    """Emailed links need an address from the settings when the Host header is not trusted for them."""
    if settings.BASE_URL or getattr(django_settings, "WAGTAILADMIN_BASE_URL", "") or django_settings.DEBUG:
        return []
    return [Warning(
        "Neither WAGTAIL_PARTICIPATION_BASE_URL nor WAGTAILADMIN_BASE_URL is set: links in emails (sign-in, "
        "petition confirmations) start with the default Wagtail Site's hostname and port, which a new "
        "site has as 'localhost', port 80.",
        hint="Set WAGTAILADMIN_BASE_URL (or WAGTAIL_PARTICIPATION_BASE_URL) to the site's public address, "
             "for example 'https://www.council.example'.",
        id="wagtail_participation.W005",
    )]


def _petition_problems():
    problems = []
    for name in ("PETITION_REQUEST_MAX_LENGTH", "PETITION_BACKGROUND_MAX_LENGTH", "PETITION_DETAILS_MAX_LENGTH",
                 "PETITION_RESPONSE_THRESHOLD", "PETITION_DEBATE_THRESHOLD", "PETITION_DURATION_DAYS",
                 "PETITION_CONFIRM_LINK_MAX_AGE", "PETITION_NOTIFY_BATCH_SIZE", "PETITION_ANONYMISE_AFTER_MONTHS"):
        if not _is_int(getattr(settings, name), 1):
            problems.append(f"WAGTAIL_PARTICIPATION_{name} must be a whole number of at least 1.")
    if _is_int(settings.PETITION_REQUEST_MAX_LENGTH, 1) and settings.PETITION_REQUEST_MAX_LENGTH > 255:
        problems.append("WAGTAIL_PARTICIPATION_PETITION_REQUEST_MAX_LENGTH must be at most 255.")
    if not _is_int(settings.PETITION_COUNT_CACHE_SECONDS, 1):
        problems.append("WAGTAIL_PARTICIPATION_PETITION_COUNT_CACHE_SECONDS must be a whole number of at least 1.")
    for name in ("PETITION_STAFF_EMAILS", "PETITION_COMMON_EMAIL_DOMAINS"):
        if not isinstance(getattr(settings, name), list | tuple):
            problems.append(f"WAGTAIL_PARTICIPATION_{name} must be a list.")
    for name in ("PETITION_SPONSORS_REQUIRED", "PETITION_PAGE_CACHE_SECONDS"):
        if not _is_int(getattr(settings, name), 0):
            problems.append(f"WAGTAIL_PARTICIPATION_{name} must be a whole number, 0 or more.")
    if settings.PETITION_AREA not in ("postcode", "ward", None):
        problems.append('WAGTAIL_PARTICIPATION_PETITION_AREA must be "postcode", "ward" or None.')
    for name in ("PETITION_IP_LIMITS", "PETITION_DOMAIN_LIMITS", "PETITION_SIGN_RATE_LIMITS"):
        limits = getattr(settings, name)
        if not isinstance(limits, list | tuple) or not all(
            isinstance(pair, list | tuple) and len(pair) == 2 and _is_int(pair[0], 1) and _is_int(pair[1], 1)
            for pair in limits
        ):
            problems.append(f"WAGTAIL_PARTICIPATION_{name} must be a list of (signatures, seconds) pairs.")
    reasons = settings.PETITION_REJECTION_REASONS
    if not isinstance(reasons, list | tuple) or not reasons or not all(
        isinstance(r, list | tuple) and len(r) == 3 and isinstance(r[0], str) and 0 < len(r[0]) <= 40
        for r in reasons
    ):
        problems.append(
            "WAGTAIL_PARTICIPATION_PETITION_REJECTION_REASONS must be a non-empty list of "
            "(value, label, hide the petition) triples with values of at most 40 characters."
        )
    return problems


@register(Tags.caches)
def check_petition_count_cache(app_configs, **kwargs):
    from django.apps import apps

    if not apps.is_installed("wagtail_participation.petitions") or django_settings.DEBUG:
        return []
    backend = getattr(django_settings, "CACHES", {}).get(settings.CACHE, {}).get("BACKEND", "")
    if backend in LOCAL_CACHES or backend.endswith("DummyCache"):
        return [Warning(
            f"Petition counts are coordinated in the '{settings.CACHE}' cache, which is not shared between "
            "processes: with several app servers or a task worker, counts can lag until the next "
            "count or the nightly recount.",
            hint="Use a shared cache such as Redis or memcached (WAGTAIL_PARTICIPATION_CACHE), or silence this "
                 "warning on a single-process site with SILENCED_SYSTEM_CHECKS.",
            id="wagtail_participation.W002",
        )]
    return []


@register(Tags.caches)
def check_rate_limit_cache(app_configs, **kwargs):
    caches = getattr(django_settings, "CACHES", {})
    backend = caches.get(settings.RATE_LIMIT_CACHE, {}).get("BACKEND", "")
    if backend in LOCAL_CACHES and not django_settings.DEBUG and settings.ANTISPAM_ENABLED:
        return [Warning(
            f"Rate limits are counted in the '{settings.RATE_LIMIT_CACHE}' cache, which lives inside one "
            "process: with several app servers or workers each counts on its own.",
            hint="Use a shared cache such as Redis or memcached (Django's CACHES setting), or silence "
                 "this warning on a single-process site with SILENCED_SYSTEM_CHECKS.",
            id="wagtail_participation.W001",
        )]
    return []


@register(Tags.caches)
def check_state_cache_is_strict(app_configs, **kwargs):
    """The package's own state must not live in a cache that hides its failures."""
    from .caches import FAIL_SAFE_BACKEND

    caches = getattr(django_settings, "CACHES", {})
    errors = []
    for name in ("CACHE", "RATE_LIMIT_CACHE"):
        alias = getattr(settings, name)
        if caches.get(alias, {}).get("BACKEND", "") == FAIL_SAFE_BACKEND:
            errors.append(Error(
                f"WAGTAIL_PARTICIPATION_{name} names the cache '{alias}', a FailSafeRedisCache: it hides the "
                "cache server's failures, so petition counts and rate limits could not tell a missing value "
                "from a server that is down.",
                hint="Point it at a plain cache on the same server (django.core.cache.backends.redis.RedisCache); "
                     "see docs/how-to/production.md.",
                id="wagtail_participation.E006",
            ))
    return errors
