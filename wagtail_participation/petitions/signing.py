"""Signing a petition: one insert, an email link, a confirmation that counts.

``sign_petition`` inserts a pending signature and emails a confirmation link; a
second attempt with the same mailbox inserts nothing and emails the owner instead,
so the screen never tells anyone who has signed. ``confirm_signature`` turns a
pending signature into a confirmed one with one conditional update of that row, so a
link works once. Neither touches the petition's row: the count follows by a task.
"""

import datetime
import logging
from collections.abc import Mapping
from typing import Any, cast

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone, translation

from wagtail_participation.core.antispam import hit_rate_limit, network_of
from wagtail_participation.core.conf import settings as core_settings
from wagtail_participation.core.emails import send_templated_email
from wagtail_participation.core.links import absolute_url
from wagtail_participation.core.mailboxes import mailbox_key_or_none, may_email
from wagtail_participation.core.models import Participant
from wagtail_participation.core.signed_links import InvalidLink, LinkError, SignedLink
from wagtail_participation.core.translations import canonical_page_id

from .caches import REPEAT_SALT, first_repeat_notice
from .conf import settings
from .counts import schedule_recount_on_commit
from .emails import email_domain, normalise_signature_email
from .lifecycle import check_sponsors
from .models import PetitionPageMixin, PetitionState, Signature, SignatureValidity

logger = logging.getLogger(__name__)
TOKEN_SALT = REPEAT_SALT  # the confirmation link's salt (repeat notices hash mailboxes with it too)

__all__ = [
    "CONFIRMATION_LINK",
    "InvalidConfirmation",
    "check_sponsors",
    "confirm_signature",
    "confirmation_refusal",
    "is_suspicious",
    "make_confirmation_token",
    "proven_mailbox",
    "sign_petition",
    "sign_proven",
    "signs_as",
    "signature_for_token",
]


class InvalidConfirmation(InvalidLink):
    """The link was forged, altered, already used or has expired (``reason``, a ``LinkError``);
    ``signature`` is the signature of a used link."""

    def __init__(self, reason: LinkError | str, signature: Signature | None = None) -> None:
        super().__init__(reason, signature)

    @property
    def signature(self) -> Signature | None:
        return cast("Signature | None", self.object)  # what __init__ was given


class ConfirmationLink(SignedLink[Signature]):
    """A signature's confirmation link: bound to its petition and mailbox, used up by confirming.

    The token keeps its first format (keys ``s`` and ``h``): links already emailed still work.
    """

    salt = TOKEN_SALT
    hash_length = 24
    id_key, hash_key = "s", "h"
    mismatch = LinkError.INVALID
    error_class = InvalidConfirmation
    url_name = "wagtail_participation_petitions:confirm"

    def max_age(self) -> int:
        return settings.PETITION_CONFIRM_LINK_MAX_AGE

    def get_object(self, pk: int) -> Signature | None:
        return Signature.objects.not_anonymised().filter(pk=pk).first()

    def state(self, signature: Signature) -> str:
        return f"{signature.pk}:{signature.petition_id}:{signature.email_normalised}"

    def check_object(self, signature: Signature) -> None:
        if signature.confirmed_at is not None:
            raise self.error(LinkError.USED, signature)


CONFIRMATION_LINK = ConfirmationLink()


def make_confirmation_token(signature: Signature) -> str:
    return CONFIRMATION_LINK.make_token(signature)


def signature_for_token(token: str) -> Signature:
    """The pending signature a token names, or raise InvalidConfirmation."""
    return CONFIRMATION_LINK.read(token)[0]


def is_suspicious(ip: str | None, domain: str) -> bool:
    """Over a per-IP or per-domain limit: the signature is held for review, quietly.

    The per-IP limit counts per network (``network_of``: an IPv6 address by its /64)."""
    if not core_settings.ANTISPAM_ENABLED:
        return False
    suspicious = False
    if ip and hit_rate_limit(f"petition-sign-ip:{network_of(ip)}", settings.PETITION_IP_LIMITS):
        logger.info("wagtail_participation: petition signatures from one IP over the limit; held")
        suspicious = True
    if (
        domain
        and domain not in settings.PETITION_COMMON_EMAIL_DOMAINS
        and hit_rate_limit(f"petition-sign-domain:{domain}", settings.PETITION_DOMAIN_LIMITS)
    ):
        logger.info(
            "wagtail_participation: petition signatures from one email domain over the limit; held"
        )
        suspicious = True
    return suspicious


def _confirm_link(
    request: HttpRequest | None, signature: Signature, petition: PetitionPageMixin | None = None
) -> str:
    path = CONFIRMATION_LINK.path(signature)
    now = timezone.now()
    if signature.confirmed_at is None and signature.link_sent_at < now - datetime.timedelta(
        minutes=1
    ):
        # A link sent again (signing again while pending) lives its full age: the signature is
        # purged only once the newest link has expired (lifecycle.purge_unconfirmed_signatures).
        Signature.objects.filter(pk=signature.pk, confirmed_at__isnull=True).update(
            link_sent_at=now
        )
    return absolute_url(path, request, page=petition)


def _email(template: str, to: str, context: dict[str, Any], language: str | None = None) -> None:
    send_templated_email(
        to, f"wagtail_participation_petitions/emails/{template}", context, language=language
    )


class _OverEmailLimit(Exception):
    """The mailbox had its EMAIL_RECIPIENT_LIMITS of emails: the signature is not kept."""


def _new_signature(
    petition: PetitionPageMixin,
    data: Mapping[str, Any],
    sponsor: bool,
    ip: str | None,
    **extra: Any,
) -> Signature:
    """An unsaved signature from the sign or support form's ``data``: held for review when its
    network or email domain signs too much (PETITION_IP_LIMITS, PETITION_DOMAIN_LIMITS)."""
    held = is_suspicious(ip, email_domain(data["email"]))
    return Signature.for_email(
        data["email"],
        petition_id=canonical_page_id(petition),  # one petition for all its translations
        language=translation.get_language() or "",
        name=data["name"],
        area=data.get("area") or "",
        wants_updates=bool(data.get("wants_updates")),
        wants_newsletter=bool(data.get("wants_newsletter")),
        sponsor=sponsor,
        ip_address=ip or None,
        validity=SignatureValidity.HELD if held else SignatureValidity.VALID,
        **extra,
    )


def sign_petition(
    request: HttpRequest | None,
    petition: PetitionPageMixin,
    data: dict[str, Any],
    ip: str | None,
    sponsor: bool = False,
) -> Signature | None:
    """Record a pending signature and email its link; returns the signature or None (a repeat).

    ``request`` only makes the emailed link absolute (the site the petition was signed on).

    A mailbox over EMAIL_RECIPIENT_LIMITS gets no email and no new signature (it may sign again
    later); the signer sees the same page either way.
    """
    normalised = normalise_signature_email(data["email"])
    try:
        with transaction.atomic():
            signature = _new_signature(petition, data, sponsor, ip)
            signature.save()
            if not may_email(signature.email):
                raise _OverEmailLimit
            # In the same transaction: the signature and its email exist together, or neither.
            _email(
                "confirm",
                signature.email,
                {
                    "petition": petition,
                    "signature": signature,
                    "link": _confirm_link(request, signature, petition),
                    "hours": settings.PETITION_CONFIRM_LINK_MAX_AGE // 3600,
                    "link_max_age": settings.PETITION_CONFIRM_LINK_MAX_AGE,
                    "sponsor": sponsor,
                },
            )
    except _OverEmailLimit:
        logger.info(
            "wagtail_participation: confirmation emails to one mailbox over the limit; not sent"
        )
        return None
    except IntegrityError:
        petition_id = canonical_page_id(petition)
        existing = Signature.objects.of_petition(petition_id).of_mailbox(normalised).first()
        if not first_repeat_notice(petition_id, normalised):
            return None  # the owner was told within the hour: no mail bombing through repeats
        if not may_email(data["email"]):
            return None
        context = {
            "petition": petition,
            "name": data["name"],
            "pending": existing is not None and existing.confirmed_at is None,
            "link": _confirm_link(request, existing, petition)
            if existing is not None and existing.confirmed_at is None
            else "",
            "hours": settings.PETITION_CONFIRM_LINK_MAX_AGE // 3600,
            "link_max_age": settings.PETITION_CONFIRM_LINK_MAX_AGE,
        }
        # To the address the mailbox signed with (the same inbox, however it was typed now).
        to = existing.email if existing is not None and existing.email else data["email"].strip()
        _email("already_signed", to, context)
        return None
    return signature


def proven_mailbox(participant: Participant | None) -> str | None:
    """The mailbox key a signed-in resident has proven is theirs (signed in by an email link, or
    a site user whose address the site verified), or None: their signature needs no link."""
    if (
        participant is None
        or participant.anonymised_at is not None
        or participant.verified_at is None
        or not participant.email
        or not participant.mailbox_key
    ):
        return None
    return participant.mailbox_key


def signs_as(participant: Participant | None, email: str) -> bool:
    """Is ``email`` (as typed) the mailbox ``participant`` has proven? Then signing needs no link."""
    mailbox = proven_mailbox(participant)
    return mailbox is not None and mailbox_key_or_none(email) == mailbox


#: What ``sign_proven`` did: a signature counted now, or one this mailbox had already confirmed.
SIGNED, ALREADY_SIGNED = "signed", "already_signed"


def sign_proven(
    petition: PetitionPageMixin,
    data: dict[str, Any],
    ip: str | None,
    sponsor: bool = False,
) -> str:
    """Sign for a resident whose mailbox is proven (``signs_as``): the signature is confirmed at
    once and no email is sent. A pending signature of the same mailbox is confirmed instead.

    Returns ``SIGNED`` or ``ALREADY_SIGNED``. Over PETITION_IP_LIMITS or PETITION_DOMAIN_LIMITS
    the signature is held for review, as any other.
    """
    normalised = normalise_signature_email(data["email"])
    now = timezone.now()
    try:
        with transaction.atomic():
            signature = _new_signature(
                petition, data, sponsor, ip, created_at=now, link_sent_at=now, confirmed_at=now
            )
            signature.save()
            schedule_recount_on_commit(signature.petition_id)
            if sponsor:
                transaction.on_commit(lambda: check_sponsors(signature.petition_id))
    except IntegrityError:
        petition_id = canonical_page_id(petition)
        existing = Signature.objects.of_petition(petition_id).of_mailbox(normalised).first()
        if existing is not None and existing.confirmed_at is None:
            try:
                confirm_signature(existing)
            except InvalidConfirmation:  # confirmed meanwhile, by its link
                return ALREADY_SIGNED
            return SIGNED
        return ALREADY_SIGNED
    return SIGNED


def confirmation_refusal(signature: Signature, petition: PetitionPageMixin) -> str:
    """Why the petition no longer takes this signature's confirmation ("supported": a supporter
    whose petition has gone on to moderation; "closed"), or "" when it does."""
    if signature.sponsor:
        if petition.state == PetitionState.SPONSORING:
            return ""
        if petition.state in (PetitionState.MODERATION, PetitionState.OPEN):
            return "supported"
        return "closed"
    return "" if petition.is_signable else "closed"


def confirm_signature(signature: Signature) -> Signature:
    """Confirm a pending signature once; raise InvalidConfirmation("used") if it already was."""
    now = timezone.now()
    with transaction.atomic():
        updated = Signature.objects.filter(pk=signature.pk, confirmed_at__isnull=True).update(
            confirmed_at=now
        )
        if not updated:
            raise InvalidConfirmation(LinkError.USED, signature)
        signature.confirmed_at = now
        schedule_recount_on_commit(signature.petition_id)
        if signature.sponsor:
            transaction.on_commit(lambda: check_sponsors(signature.petition_id))
    return signature
