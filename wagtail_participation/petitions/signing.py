"""Signing a petition: one insert, an email link, a confirmation that counts.

``sign_petition`` inserts a pending signature and emails a confirmation link; a
second attempt with the same mailbox inserts nothing and emails the owner instead,
so the screen never tells anyone who has signed. ``confirm_signature`` turns a
pending signature into a confirmed one with one conditional update of that row, so a
link works once. Neither touches the petition's row: the count follows by a task.
"""

import datetime
import logging

from django.core import signing
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from wagtail_participation.core.antispam import hit_rate_limit, network_of
from wagtail_participation.core.conf import settings as core_settings
from wagtail_participation.core.faults import warn_once
from wagtail_participation.core.links import absolute_url
from wagtail_participation.core.mailboxes import may_email
from wagtail_participation.core.tasks import enqueue_email

from .conf import settings
from .counts import schedule_recount_on_commit
from .emails import email_domain, normalise_signature_email
from .models import PetitionPage, PetitionState, Signature, SignatureValidity

logger = logging.getLogger(__name__)
TOKEN_SALT = "wagtail_participation.petitions.confirm"


class InvalidConfirmation(Exception):
    """The link was forged, altered, already used or has expired."""

    def __init__(self, reason, signature=None):
        super().__init__(reason)
        self.reason = reason  # "invalid", "used" or "expired"
        self.signature = signature


def _signature_hash(signature):
    state = f"{signature.pk}:{signature.petition_id}:{signature.email_normalised}"
    return salted_hmac(TOKEN_SALT, state).hexdigest()[:24]


def make_confirmation_token(signature):
    return signing.dumps({"s": signature.pk, "h": _signature_hash(signature)}, salt=TOKEN_SALT)


def signature_for_token(token):
    """The pending signature a token names, or raise InvalidConfirmation."""
    try:
        data = signing.loads(token, salt=TOKEN_SALT, max_age=settings.PETITION_CONFIRM_LINK_MAX_AGE)
    except signing.SignatureExpired as e:
        raise InvalidConfirmation("expired") from e
    except (signing.BadSignature, ValueError, TypeError) as e:
        raise InvalidConfirmation("invalid") from e
    if not isinstance(data, dict) or not isinstance(data.get("s"), int):
        raise InvalidConfirmation("invalid")
    signature = Signature.objects.filter(pk=data["s"], anonymised_at__isnull=True).first()
    if signature is None or not constant_time_compare(str(data.get("h", "")), _signature_hash(signature)):
        raise InvalidConfirmation("invalid")
    if signature.confirmed_at is not None:
        raise InvalidConfirmation("used", signature)
    return signature


def is_suspicious(ip, domain):
    """Over a per-IP or per-domain limit: the signature is held for review, quietly.

    The per-IP limit counts per network (``network_of``: an IPv6 address by its /64)."""
    if not core_settings.ANTISPAM_ENABLED:
        return False
    suspicious = False
    if ip and hit_rate_limit(f"petition-sign-ip:{network_of(ip)}", settings.PETITION_IP_LIMITS):
        logger.info("wagtail_participation: petition signatures from one IP over the limit; held")
        suspicious = True
    if domain and domain not in settings.PETITION_COMMON_EMAIL_DOMAINS:
        if hit_rate_limit(f"petition-sign-domain:{domain}", settings.PETITION_DOMAIN_LIMITS):
            logger.info("wagtail_participation: petition signatures from one email domain over the limit; held")
            suspicious = True
    return suspicious


def _confirm_link(request, signature, petition=None):
    path = reverse("wagtail_participation_petitions:confirm", args=[make_confirmation_token(signature)])
    now = timezone.now()
    if signature.confirmed_at is None and signature.link_sent_at < now - datetime.timedelta(minutes=1):
        # A link sent again (signing again while pending) lives its full age: the signature is
        # purged only once the newest link has expired (lifecycle.purge_unconfirmed_signatures).
        Signature.objects.filter(pk=signature.pk, confirmed_at__isnull=True).update(link_sent_at=now)
    return absolute_url(path, request, page=petition)


def _email(template, to, context):
    enqueue_email(
        to,
        render_to_string(f"wagtail_participation_petitions/emails/{template}_subject.txt", context).strip(),
        render_to_string(f"wagtail_participation_petitions/emails/{template}_body.txt", context),
    )


def _first_repeat_notice(petition_id, normalised):
    """True once an hour per mailbox and petition (and whenever the cache is down)."""
    from wagtail_participation.core.caches import cache

    try:
        return cache.add(f"wp:petition:repeat:{petition_id}:{salted_hmac(TOKEN_SALT, normalised).hexdigest()[:32]}",
                         1, timeout=3600)
    except Exception:  # noqa: BLE001
        warn_once("cache-repeat-notice", "wagtail_participation: cache unavailable; every repeat signature "
                  "is emailed", log=logger)
        return True


class _OverEmailLimit(Exception):
    """The mailbox had its EMAIL_RECIPIENT_LIMITS of emails: the signature is not kept."""


def sign_petition(request, petition, data, ip, sponsor=False):
    """Record a pending signature and email its link; returns the signature or None (a repeat).

    A mailbox over EMAIL_RECIPIENT_LIMITS gets no email and no new signature (it may sign again
    later); the signer sees the same page either way.
    """
    normalised = normalise_signature_email(data["email"])
    domain = email_domain(data["email"])
    held = is_suspicious(ip, domain)
    try:
        with transaction.atomic():
            signature = Signature.for_email(
                data["email"], petition_id=petition.pk, name=data["name"], area=data.get("area") or "",
                wants_updates=bool(data.get("wants_updates")),
                wants_newsletter=bool(data.get("wants_newsletter")),
                sponsor=sponsor, ip_address=ip or None,
                validity=SignatureValidity.HELD if held else SignatureValidity.VALID,
            )
            signature.save()
            if not may_email(signature.email):
                raise _OverEmailLimit
            # In the same transaction: the signature and its email exist together, or neither.
            _email("confirm", signature.email, {
                "petition": petition, "signature": signature, "link": _confirm_link(request, signature, petition),
                "hours": settings.PETITION_CONFIRM_LINK_MAX_AGE // 3600, "sponsor": sponsor,
            })
    except _OverEmailLimit:
        logger.info("wagtail_participation: confirmation emails to one mailbox over the limit; not sent")
        return None
    except IntegrityError:
        existing = Signature.objects.filter(
            petition_id=petition.pk, email_normalised=normalised, anonymised_at__isnull=True,
        ).first()
        if not _first_repeat_notice(petition.pk, normalised):
            return None  # the owner was told within the hour: no mail bombing through repeats
        if not may_email(data["email"]):
            return None
        context = {
            "petition": petition, "name": data["name"],
            "pending": existing is not None and existing.confirmed_at is None,
            "link": _confirm_link(request, existing, petition) if existing is not None and existing.confirmed_at is None else "",
            "hours": settings.PETITION_CONFIRM_LINK_MAX_AGE // 3600,
        }
        # To the address the mailbox signed with (the same inbox, however it was typed now).
        to = existing.email if existing is not None and existing.email else data["email"].strip()
        _email("already_signed", to, context)
        return None
    return signature


def confirm_signature(signature):
    """Confirm a pending signature once; raise InvalidConfirmation("used") if it already was."""
    now = timezone.now()
    with transaction.atomic():
        updated = Signature.objects.filter(pk=signature.pk, confirmed_at__isnull=True).update(confirmed_at=now)
        if not updated:
            raise InvalidConfirmation("used", signature)
        signature.confirmed_at = now
        schedule_recount_on_commit(signature.petition_id)
        if signature.sponsor:
            transaction.on_commit(lambda: check_sponsors(signature.petition_id))
    return signature


def check_sponsors(petition_id):
    """Once enough supporters confirmed, send a resident's petition to moderation (once)."""
    needed = settings.PETITION_SPONSORS_REQUIRED
    confirmed = Signature.objects.counted().filter(petition_id=petition_id, sponsor=True).count()
    if confirmed < needed:
        return False
    moved = PetitionPage.objects.filter(pk=petition_id, state=PetitionState.SPONSORING).update(
        state=PetitionState.MODERATION,
    )
    if moved:
        from .lifecycle import submit_for_moderation

        submit_for_moderation(PetitionPage.objects.get(pk=petition_id))
    return bool(moved)
