"""Protection for every public POST: honeypot, fill time bound to the form and used once, rate limits.

Forms inherit ``AntiSpamFormMixin``: a hidden honeypot field a person never fills, and
``form_rendered``, a signed token holding when the form was rendered, a nonce, and what the
form is for (its class and, where the view says, the object it is about: a petition, a board,
a comment's page). A form accepts a token only when it was rendered for that same form and
object, between MIN_FILL_SECONDS and MAX_FILL_SECONDS ago, and only once: the nonce is recorded
in the rate-limit cache when the form is accepted, and a second acceptance is refused. A form
shown again (after an error, or a refusal) carries a fresh token, with what the resident typed.
docs/explanation/anti-spam.md says why, and what it does not stop.

Views wrap their POST handler with ``rate_limited`` which counts POSTs per client network
(``client_network``: the IPv4 address, or the IPv6 /64 prefix) in Django's cache, so the limit
holds across several app servers sharing one cache.
"""

import functools
import hashlib
import ipaddress
import logging
import secrets
import time

from django import forms
from django.core import signing
from django.core.cache import caches
from django.shortcuts import render
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext_lazy as _

from .caches import cache_add, fail_open
from .conf import settings
from .preview import from_preview, preview_refusal

logger = logging.getLogger(__name__)
TIMESTAMP_SALT = "wagtail_participation.antispam"
#: The hidden field carrying the token.
TOKEN_FIELD = "form_rendered"  # noqa: S105 - a field name, not a password


def form_identifier(purpose, target=None):
    """What a token is bound to: a form's purpose and, optionally, the object it is about."""
    text = f"{purpose}|{'' if target is None else target}"
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def issue_token(form_id, rendered=None):
    """A signed token for the form ``form_id`` rendered at ``rendered`` (now), with a fresh nonce."""
    rendered = time.time() if rendered is None else rendered
    # Milliseconds, rounded down: a token is never younger than the render it stands for.
    return signing.dumps(
        [int(rendered * 1000) / 1000, secrets.token_urlsafe(12), form_id], salt=TIMESTAMP_SALT
    )


def read_token(token):
    """``(rendered, nonce, form_id)`` of a well-formed token, else None (forged, altered, old format)."""
    try:
        value = signing.loads(token or "", salt=TIMESTAMP_SALT)
    except (signing.BadSignature, TypeError, ValueError):
        return None
    if not (
        isinstance(value, list)
        and len(value) == 3
        and isinstance(value[0], int | float)
        and isinstance(value[1], str)
        and isinstance(value[2], str)
    ):
        return None
    return float(value[0]), value[1], value[2]


def reissue_token(token):
    """The same form and render time with a fresh nonce, or ``token`` itself if it is not valid.

    For a form sent again after a failure that saved nothing (the database went away after
    the form was accepted): the resident's retry must not count as a second use.
    """
    parts = read_token(token)
    return issue_token(parts[2], parts[0]) if parts else token


def use_nonce(nonce, seconds):
    """Record ``nonce`` as used for ``seconds``; False if it was used already.

    If the cache is unreachable the form is accepted and the failure is logged (failing open,
    as the rate limits do): a broken cache must not stop residents taking part.
    """
    added = cache_add(
        settings.RATE_LIMIT_CACHE,
        f"wp:form:{nonce}",
        1,
        timeout=max(1, int(seconds) + 1),
        unavailable=True,
        what="anti-spam",
        then="; form tokens are not checked for reuse (failing open) until it answers",
    )
    return bool(added)


class AntiSpamFormMixin(forms.Form):
    """Adds the honeypot and the form token; their errors read as for a person.

    ``antispam_target``: what this form is about (a petition's id, a page's...), when the
    same form class serves several objects; a token rendered for one is refused by another.
    Subclasses that know their object override ``get_antispam_target``.
    """

    form_rendered = forms.CharField(widget=forms.HiddenInput, required=False)
    #: What the form is for; None: the form's class (module and name).
    antispam_purpose = None

    def __init__(self, *args, antispam_target=None, **kwargs):
        self.antispam_target = antispam_target
        super().__init__(*args, **kwargs)
        self.fields[settings.HONEYPOT_FIELD_NAME] = forms.CharField(
            label=_("Leave this field empty"),
            required=False,
            widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
        )
        self.fields[settings.HONEYPOT_FIELD_NAME].is_honeypot = True
        self._token = None  # (rendered, nonce) of the token sent, once it passed the checks
        if not self.is_bound:
            self.initial[TOKEN_FIELD] = issue_token(self.antispam_form_id())

    def get_antispam_target(self):
        return self.antispam_target

    def antispam_form_id(self):
        cls = type(self)
        purpose = self.antispam_purpose or f"{cls.__module__}.{cls.__qualname__}"
        return form_identifier(purpose, self.get_antispam_target())

    def token_fits(self, form_id):
        """Was a token carrying ``form_id`` rendered for this form (and object)?"""
        return constant_time_compare(form_id, self.antispam_form_id())

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
        parts = read_token(self.data.get(TOKEN_FIELD, ""))
        elapsed = time.time() - parts[0] if parts else None
        if elapsed is None or elapsed > settings.MAX_FILL_SECONDS:
            self._refresh_timestamp()
            raise forms.ValidationError(
                _("This form has expired. Please check your answers and send it again."),
                code="expired",
            )
        if not self.token_fits(parts[2]):
            logger.info("wagtail_participation: a form token rendered for another form was refused")
            self._refresh_timestamp()
            raise forms.ValidationError(
                _(
                    "This form was opened on another page. Please check your answers and send it again."
                ),
                code="wrong_form",
            )
        if elapsed < self.get_min_fill_seconds():
            # A browser that autofills lets a person send at once. The form comes back with
            # everything typed, and its time still counts from the first render: sending
            # again a moment later is accepted (a bot that waits gains nothing it lacked).
            self._refresh_timestamp(parts[0])
            raise forms.ValidationError(
                _(
                    "That was quicker than we expected. Please check your answers and send it again."
                ),
                code="too_fast",
            )
        self._token = (parts[0], parts[1])
        return cleaned_data

    def full_clean(self):
        """Then, for a form that passed every check, use its token's nonce (once)."""
        super().full_clean()
        if not self.is_bound or not settings.ANTISPAM_ENABLED or self._token is None:
            return
        rendered, nonce = self._token
        self._token = None
        if self._errors:
            # Shown again to be corrected: a fresh nonce; the fill time still counts from the first render.
            self._refresh_timestamp(rendered)
            return
        if not use_nonce(nonce, rendered + settings.MAX_FILL_SECONDS - time.time()):
            logger.info("wagtail_participation: a form token was sent a second time, refused")
            self.add_error(
                None,
                forms.ValidationError(
                    _(
                        "This form was already sent. If you want to send it again, check your answers and send it "
                        "once more."
                    ),
                    code="used",
                ),
            )
            self._refresh_timestamp()
            return
        # Accepted. Should the view show the form again (a check of its own failed), it carries a
        # token that was not used.
        self._refresh_timestamp(rendered)

    def get_min_fill_seconds(self):
        """Seconds a person needs at least; a form after the first step of a flow may lower it."""
        return settings.MIN_FILL_SECONDS

    def _refresh_timestamp(self, rendered=None):
        # Re-rendering the form must give the resident a fresh, valid token (by default the
        # earliest moment it may be sent again counts from now).
        self.data = self.data.copy()
        self.data[TOKEN_FIELD] = issue_token(self.antispam_form_id(), rendered)


def client_ip(request):
    """The client's address, trusting X-Forwarded-For only as far as configured."""
    depth = settings.TRUSTED_PROXY_COUNT
    if depth:
        forwarded = [
            a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()
        ]
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
        candidate = candidate[1 : candidate.index("]")]
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


def _count_hit(cache, bucket: str, window: int) -> int:
    """Count one hit in ``bucket`` (kept for ``window`` seconds); the count so far."""
    try:
        added = cache.add(bucket, 1, timeout=window + 1)
        return 1 if added else cache.incr(bucket)
    except ValueError:  # expired between add and incr
        cache.set(bucket, 1, timeout=window + 1)
        return 1


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
        count = fail_open(
            lambda bucket=bucket, window=window: _count_hit(cache, bucket, window),
            what="rate-limit",
            then="; rate limits are not applied (failing open) until it answers",
        )
        if count is None:
            return False
        if count > limit:
            exceeded = True
    return exceeded


def rate_limited(scope, limits_setting=None):
    """Decorate a view: POSTs beyond the rate limit (RATE_LIMITS, or the setting named) get a 429 page.

    POSTs are counted per client network (``client_network``), so the addresses of one IPv6 /64
    share one count. A POST sent from a page in Wagtail's preview is refused, storing nothing
    (``preview.from_preview``)."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method == "POST" and from_preview(request):
                return preview_refusal(request)  # sent from Wagtail's preview: nothing is kept
            if request.method == "POST" and settings.ANTISPAM_ENABLED:
                limits = getattr(settings, limits_setting) if limits_setting else None
                if hit_rate_limit(f"{scope}:{client_network(request)}", limits):
                    logger.info("wagtail_participation: rate limit reached for %s", scope)
                    response = render(
                        request, "wagtail_participation/rate_limited.html", status=429
                    )
                    response["Retry-After"] = "60"
                    return response
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
