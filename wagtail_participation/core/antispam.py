"""Protection for every public POST: honeypot, minimum fill time, rate limits.

Forms inherit ``AntiSpamFormMixin`` (a hidden honeypot field a person never
fills, and a signed render time); views wrap their POST handler with
``rate_limited`` which counts POSTs per client network (``client_network``: the
IPv4 address, or the IPv6 /64 prefix) in Django's cache, so the limit holds
across several app servers sharing one cache.
"""

import functools
import ipaddress
import logging
import time

from django import forms
from django.core import signing
from django.core.cache import caches
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from .conf import settings
from .faults import warn_once

logger = logging.getLogger(__name__)
TIMESTAMP_SALT = "wagtail_participation.antispam"


class AntiSpamFormMixin(forms.Form):
    """Adds the honeypot and render-time fields; their errors read as for a person."""

    form_rendered = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[settings.HONEYPOT_FIELD_NAME] = forms.CharField(
            label=_("Leave this field empty"),
            required=False,
            widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
        )
        self.fields[settings.HONEYPOT_FIELD_NAME].is_honeypot = True
        if not self.is_bound:
            self.initial["form_rendered"] = signing.dumps(time.time(), salt=TIMESTAMP_SALT)

    def clean(self):
        cleaned_data = super().clean()
        if not settings.ANTISPAM_ENABLED:
            return cleaned_data
        if cleaned_data.get(settings.HONEYPOT_FIELD_NAME):
            logger.info("wagtail_participation: honeypot filled, form refused")
            raise forms.ValidationError(
                _("This form could not be sent. Please leave the last field empty and try again."),
                code="honeypot",
            )
        try:
            rendered = float(signing.loads(self.data.get("form_rendered", ""), salt=TIMESTAMP_SALT))
        except (signing.BadSignature, TypeError, ValueError):
            rendered = None
        elapsed = time.time() - rendered if rendered is not None else None
        if elapsed is None or elapsed > settings.MAX_FILL_SECONDS:
            self._refresh_timestamp()
            raise forms.ValidationError(
                _("This form has expired. Please check your answers and send it again."),
                code="expired",
            )
        if elapsed < self.get_min_fill_seconds():
            self._refresh_timestamp()
            raise forms.ValidationError(
                _("That was quicker than we expected. Please check your answers and send it again."),
                code="too_fast",
            )
        return cleaned_data

    def get_min_fill_seconds(self):
        """Seconds a person needs at least; a form after the first step of a flow may lower it."""
        return settings.MIN_FILL_SECONDS

    def _refresh_timestamp(self):
        # Re-rendering the form must give the resident a fresh, valid timestamp
        # (the earliest moment it may be sent again counts from now).
        self.data = self.data.copy()
        self.data["form_rendered"] = signing.dumps(time.time(), salt=TIMESTAMP_SALT)


def client_ip(request):
    """The client's address, trusting X-Forwarded-For only as far as configured."""
    depth = settings.TRUSTED_PROXY_COUNT
    if depth:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
        if len(forwarded) >= depth:
            return forwarded[-depth]
    return request.META.get("REMOTE_ADDR", "")


def network_of(address):
    """The network an address counts as for limits and dedupe: an IPv4 address itself
    ("203.0.113.5"), an IPv6 address's /64 prefix ("2001:db8:1:2::/64").

    One household, phone or server is usually given a whole IPv6 /64, so counting single
    IPv6 addresses would give one person 2**64 of them. IPv4-mapped IPv6 addresses count as
    their IPv4 address; a port a proxy left on is ignored. Anything that is not an address
    is returned as it is (stripped, at most 100 characters), so it still counts as one.
    """
    text = str(address or "").strip()[:100]
    candidate = text
    if candidate.startswith("[") and "]" in candidate:  # "[2001:db8::1]:443"
        candidate = candidate[1:candidate.index("]")]
    elif candidate.count(":") == 1:  # "203.0.113.5:443"
        candidate = candidate.partition(":")[0]
    try:
        ip = ipaddress.ip_address(candidate.split("%")[0])
    except ValueError:
        return text
    if ip.version == 6:
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.IPv6Network((ip, 64), strict=False))
    return str(ip)


def client_network(request):
    """The client's network key for every per-IP limit and dedupe (see ``network_of``)."""
    return network_of(client_ip(request))


def hit_rate_limit(key, limits=None):
    """Count one hit on ``key``; True if any limit (default RATE_LIMITS) is now exceeded.

    If the cache is unreachable the request is let through and the failure is
    logged: a broken cache must not stop residents taking part.
    """
    cache = caches[settings.RATE_LIMIT_CACHE]
    now = int(time.time())
    exceeded = False
    for limit, window in settings.RATE_LIMITS if limits is None else limits:
        bucket = f"wp:rl:{key}:{window}:{now // window}"
        try:
            added = cache.add(bucket, 1, timeout=window + 1)
            count = 1 if added else cache.incr(bucket)
        except ValueError:  # expired between add and incr
            cache.set(bucket, 1, timeout=window + 1)
            count = 1
        except Exception:  # noqa: BLE001 - any cache failure fails open
            warn_once("cache-rate-limit", "wagtail_participation: rate-limit cache unavailable; rate limits are not "
                      "applied (failing open) until it answers", log=logger)
            return False
        if count > limit:
            exceeded = True
    return exceeded


def rate_limited(scope, limits_setting=None):
    """Decorate a view: POSTs beyond the rate limit (RATE_LIMITS, or the setting named) get a 429 page.

    POSTs are counted per client network (``client_network``), so the addresses of one IPv6 /64
    share one count."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method == "POST" and settings.ANTISPAM_ENABLED:
                limits = getattr(settings, limits_setting) if limits_setting else None
                if hit_rate_limit(f"{scope}:{client_network(request)}", limits):
                    logger.info("wagtail_participation: rate limit reached for %s", scope)
                    response = render(request, "wagtail_participation/rate_limited.html", status=429)
                    response["Retry-After"] = "60"
                    return response
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
