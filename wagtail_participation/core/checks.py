"""Core's system checks: wagtail_participation.E001 and on (docs/reference/checks.md).

Each participation app registers its own (its ``checks.py``, with the helpers of
``app_checks.py``): E004 when it is installed without core, E005 for its settings.
"""

from urllib.parse import urlsplit

from django.apps import apps
from django.conf import settings as django_settings
from django.core.checks import Error, Tags, Warning, register
from django.db import DatabaseError
from django.urls import NoReverseMatch, Resolver404, resolve, reverse

from .app_checks import LOCAL_CACHES, is_limits, is_whole_number, settings_errors
from .caches import FAIL_SAFE_BACKEND
from .conf import PREFIX, settings
from .models import Participant
from .user_emails import verifier

#: Apps core needs beside Django's: (app, what is wrong, how to fix it, check id).
REQUIRED_APPS = (
    (
        "crispy_forms",
        "wagtail-participation renders its forms with django-crispy-forms, which is not installed.",
        "Add 'crispy_forms' to INSTALLED_APPS (CRISPY_TEMPLATE_PACK is not needed).",
        "E002",
    ),
    (
        "wagtail_modeladmin",
        "The moderation queue is built with wagtail-modeladmin, which is not installed.",
        "Add 'wagtail_modeladmin' to INSTALLED_APPS.",
        "E003",
    ),
)


@register(Tags.compatibility)
def check_install(app_configs, **kwargs):
    errors = []
    middleware = getattr(django_settings, "MIDDLEWARE", [])
    if not apps.is_installed("django.contrib.sessions") or (
        "django.contrib.sessions.middleware.SessionMiddleware" not in middleware
    ):
        errors.append(
            Error(
                "wagtail-participation needs Django sessions: residents who sign in by email link "
                "are remembered in the session.",
                hint="Add 'django.contrib.sessions' to INSTALLED_APPS and "
                "'django.contrib.sessions.middleware.SessionMiddleware' to MIDDLEWARE.",
                id="wagtail_participation.E001",
            )
        )
    errors += [
        Error(message, hint=hint, id=f"wagtail_participation.{code}")
        for app, message, hint, code in REQUIRED_APPS
        if not apps.is_installed(app)
    ]
    return errors


PRIVATE_CACHE_MIDDLEWARE = "wagtail_participation.core.cache_control.PrivateCacheControlMiddleware"
UPDATE_CACHE_MIDDLEWARE = "django.middleware.cache.UpdateCacheMiddleware"


@register(Tags.compatibility)
def check_private_cache_middleware(app_configs, **kwargs):
    """Pages built for a resident must not reach a shared cache (W006)."""
    middleware = list(getattr(django_settings, "MIDDLEWARE", None) or [])
    if PRIVATE_CACHE_MIDDLEWARE not in middleware:
        return [
            Warning(
                "PrivateCacheControlMiddleware is not in MIDDLEWARE: pages rendered for a signed-in resident, "
                "or carrying a visitor's message, are not marked 'Cache-Control: private, no-store', so a CDN "
                "or a caching proxy could keep one resident's page and show it to others.",
                hint=f"Add '{PRIVATE_CACHE_MIDDLEWARE}' to MIDDLEWARE, after MessageMiddleware.",
                id="wagtail_participation.W006",
            )
        ]
    if UPDATE_CACHE_MIDDLEWARE in middleware and (
        middleware.index(UPDATE_CACHE_MIDDLEWARE) > middleware.index(PRIVATE_CACHE_MIDDLEWARE)
    ):
        return [
            Warning(
                "PrivateCacheControlMiddleware comes before UpdateCacheMiddleware in MIDDLEWARE: Django's cache "
                "stores each response before it is marked private.",
                hint="Keep UpdateCacheMiddleware first in MIDDLEWARE, PrivateCacheControlMiddleware after it.",
                id="wagtail_participation.W006",
            )
        ]
    return []


@register(Tags.compatibility)
def check_settings(app_configs, **kwargs):
    problems = []
    if not is_whole_number(settings.REPORT_THRESHOLD, 1):
        problems.append(
            "WAGTAIL_PARTICIPATION_REPORT_THRESHOLD must be a whole number of at least 1."
        )
    if not is_limits(settings.RATE_LIMITS):
        problems.append(
            "WAGTAIL_PARTICIPATION_RATE_LIMITS must be a list of (number of requests, seconds) pairs, "
            "for example [(10, 60), (100, 3600)]."
        )
    for name in ("MIN_FILL_SECONDS", "SIGN_IN_MIN_FILL_SECONDS"):
        value = getattr(settings, name)
        if not isinstance(value, int | float) or value < 0:
            problems.append(f"WAGTAIL_PARTICIPATION_{name} must be a number of seconds, 0 or more.")
    if not is_whole_number(settings.SIGN_IN_LINK_MAX_AGE, 1):
        problems.append(
            "WAGTAIL_PARTICIPATION_SIGN_IN_LINK_MAX_AGE must be a positive number of seconds."
        )
    if not is_whole_number(settings.TRUSTED_PROXY_COUNT, 0):
        problems.append(
            "WAGTAIL_PARTICIPATION_TRUSTED_PROXY_COUNT must be a whole number, 0 or more."
        )
    if not is_whole_number(settings.ANONYMOUS_NETWORK_DEDUPE_SECONDS, 0):
        problems.append(
            "WAGTAIL_PARTICIPATION_ANONYMOUS_NETWORK_DEDUPE_SECONDS must be a whole number of "
            "seconds, 0 (off) or more."
        )
    if (
        not is_whole_number(settings.DISPLAY_NAME_MAX_LENGTH, 1)
        or settings.DISPLAY_NAME_MAX_LENGTH > 80
    ):
        problems.append(
            "WAGTAIL_PARTICIPATION_DISPLAY_NAME_MAX_LENGTH must be a whole number from 1 to 80."
        )
    if settings.CONTENT_SECURITY_POLICY_SCOPE not in ("participation", "site"):
        problems.append(
            'WAGTAIL_PARTICIPATION_CONTENT_SECURITY_POLICY_SCOPE must be "participation" (the '
            'package\'s own pages) or "site" (every page but the admin).'
        )
    problems += _mailbox_problems()
    problems += _base_url_problems()
    problems += _voting_code_problems()
    return settings_errors(problems)


def _voting_code_problems():
    """ELIGIBILITY_AREAS and the VOTING_CODE_* settings (core.eligibility, core.voting_codes)."""
    from django.core.exceptions import ValidationError

    from .eligibility import rules_from_setting  # defines a model mixin: apps are ready here

    problems = []
    areas = settings.ELIGIBILITY_AREAS
    try:
        if not isinstance(areas, dict) or any(
            not isinstance(k, str) or isinstance(v, str) for k, v in areas.items()
        ):
            raise TypeError
        rules_from_setting(areas)
    except (TypeError, ValidationError, AttributeError):
        problems.append(
            'WAGTAIL_PARTICIPATION_ELIGIBILITY_AREAS must be a dict of area name (or "") to a '
            'list of postcode rules, for example {"North": ["AB1*", "AB2 3CD"], "": ["1000-2450"]}.'
        )
    key = settings.VOTING_CODE_KEY
    if key is not None and (not isinstance(key, str | bytes) or len(key) < 32):
        problems.append(
            "WAGTAIL_PARTICIPATION_VOTING_CODE_KEY must be None or a secret of at least 32 "
            "characters."
        )
    if not is_whole_number(settings.VOTING_CODE_MAX_BATCH, 1):
        problems.append(
            "WAGTAIL_PARTICIPATION_VOTING_CODE_MAX_BATCH must be a whole number of at least 1."
        )
    if not is_limits(settings.VOTING_CODE_RATE_LIMITS):
        problems.append(
            "WAGTAIL_PARTICIPATION_VOTING_CODE_RATE_LIMITS must be a list of (number of requests, "
            "seconds) pairs, for example [(10, 60), (30, 3600)]."
        )
    return problems


def _mailbox_problems():
    problems = []
    aliases = settings.EMAIL_DOMAIN_ALIASES
    if not isinstance(aliases, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in aliases.items()
    ):
        problems.append(
            "WAGTAIL_PARTICIPATION_EMAIL_DOMAIN_ALIASES must be a dict of domain names."
        )
    separators = settings.EMAIL_SUBADDRESS_DOMAINS
    if not isinstance(separators, dict) or not all(
        isinstance(k, str) and isinstance(v, str) and len(v) == 1 and v not in '@."'
        for k, v in separators.items()
    ):
        problems.append(
            "WAGTAIL_PARTICIPATION_EMAIL_SUBADDRESS_DOMAINS must be a dict of domain names and one-character "
            'separators, for example {"gmail.com": "+"}.'
        )
    dotless = settings.EMAIL_DOTLESS_DOMAINS
    if not isinstance(dotless, list | tuple) or not all(isinstance(d, str) for d in dotless):
        problems.append(
            "WAGTAIL_PARTICIPATION_EMAIL_DOTLESS_DOMAINS must be a list of domain names."
        )
    if not is_limits(settings.EMAIL_RECIPIENT_LIMITS):
        problems.append(
            "WAGTAIL_PARTICIPATION_EMAIL_RECIPIENT_LIMITS must be a list of (emails, seconds) pairs, "
            "for example [(3, 900)]."
        )
    try:
        check = verifier()
    except ImportError as error:
        problems.append(f"WAGTAIL_PARTICIPATION_USER_EMAIL_VERIFIED does not import: {error}.")
    else:
        if check is not None and not callable(check):
            problems.append(
                "WAGTAIL_PARTICIPATION_USER_EMAIL_VERIFIED must name a callable (or be None)."
            )
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
    try:
        ids = list(
            Participant.objects.filter(
                mailbox_key__isnull=True,
                email__isnull=False,
                anonymised_at__isnull=True,
            )
            .exclude(email="")
            .order_by("pk")
            .values_list("pk", flat=True)[:11]
        )
    except DatabaseError:  # not migrated yet
        return []
    if not ids:
        return []
    shown = ", ".join(str(pk) for pk in ids[:10]) + (", ..." if len(ids) > 10 else "")
    return [
        Warning(
            f"Participants with an email address but no mailbox key (ids {shown}): their address is one "
            "mailbox with an older participant's, or cannot be canonicalised. Nothing was merged: they keep "
            "their contributions, votes and reports, and signing in with their address now reaches the older "
            "participant.",
            hint="Review them in Participation > Participants (see docs/explanation/identity.md); silence this "
            "warning with SILENCED_SYSTEM_CHECKS once reviewed.",
            id="wagtail_participation.W004",
        )
    ]


def _base_url_problems():
    value = settings.BASE_URL
    if value in (None, ""):
        return []
    parts = urlsplit(value) if isinstance(value, str) else None
    if (
        parts is None
        or parts.scheme not in ("http", "https")
        or not parts.hostname
        or parts.path not in ("", "/")
        or parts.query
        or parts.fragment
        or parts.username
        or parts.password
    ):
        return [
            "WAGTAIL_PARTICIPATION_BASE_URL must be the site's public address, a scheme and a host only, "
            "for example 'https://www.council.example'."
        ]
    return []


@register(Tags.compatibility)
def check_link_address(app_configs, **kwargs):
    """Emailed links need an address from the settings when the Host header is not trusted for them."""
    if (
        settings.BASE_URL
        or getattr(django_settings, "WAGTAILADMIN_BASE_URL", "")
        or django_settings.DEBUG
    ):
        return []
    return [
        Warning(
            "Neither WAGTAIL_PARTICIPATION_BASE_URL nor WAGTAILADMIN_BASE_URL is set: links in emails (sign-in, "
            "petition confirmations) start with the default Wagtail Site's hostname and port, which a new "
            "site has as 'localhost', port 80.",
            hint="Set WAGTAILADMIN_BASE_URL (or WAGTAIL_PARTICIPATION_BASE_URL) to the site's public address, "
            "for example 'https://www.council.example'.",
            id="wagtail_participation.W005",
        )
    ]


@register(Tags.caches)
def check_rate_limit_cache(app_configs, **kwargs):
    caches = getattr(django_settings, "CACHES", {})
    backend = caches.get(settings.RATE_LIMIT_CACHE, {}).get("BACKEND", "")
    if backend in LOCAL_CACHES and not django_settings.DEBUG and settings.ANTISPAM_ENABLED:
        return [
            Warning(
                f"Rate limits are counted in the '{settings.RATE_LIMIT_CACHE}' cache, which lives inside one "
                "process: with several app servers or workers each counts on its own.",
                hint="Use a shared cache such as Redis or memcached (Django's CACHES setting), or silence "
                "this warning on a single-process site with SILENCED_SYSTEM_CHECKS.",
                id="wagtail_participation.W001",
            )
        ]
    return []


@register(Tags.caches)
def check_state_cache_is_strict(app_configs, **kwargs):
    """The package's own state must not live in a cache that hides its failures."""
    caches = getattr(django_settings, "CACHES", {})
    errors = []
    for name in ("CACHE", "RATE_LIMIT_CACHE"):
        alias = getattr(settings, name)
        if caches.get(alias, {}).get("BACKEND", "") == FAIL_SAFE_BACKEND:
            errors.append(
                Error(
                    f"WAGTAIL_PARTICIPATION_{name} names the cache '{alias}', a FailSafeRedisCache: it hides the "
                    "cache server's failures, so petition counts and rate limits could not tell a missing value "
                    "from a server that is down.",
                    hint="Point it at a plain cache on the same server (django.core.cache.backends.redis.RedisCache); "
                    "see docs/how-to/production.md.",
                    id="wagtail_participation.E006",
                )
            )
    return errors


@register(Tags.urls)
def check_urls_included(app_configs, **kwargs):
    """E007: residents could not reach sign-in (nor the methods' own addresses)."""
    include = 'path("participation/", include("wagtail_participation.urls"))'
    try:
        path = reverse("wagtail_participation:sign_in")
    except NoReverseMatch:
        return [
            Error(
                "The package's URLs are not included: residents cannot sign in.",
                hint=f"Add {include} to your urls.py, before Wagtail's include(wagtail_urls).",
                id="wagtail_participation.E007",
            )
        ]
    try:
        match = resolve(path)
    except Resolver404:
        match = None
    if match is None or "wagtail_participation" not in match.namespaces:
        return [
            Error(
                f"{path} is answered by another URL pattern (Wagtail's page serving, when the "
                "package's URLs come after it): residents get 404 on sign-in.",
                hint=f"Move {include} before Wagtail's include(wagtail_urls) in your urls.py.",
                id="wagtail_participation.E007",
            )
        ]
    return []
