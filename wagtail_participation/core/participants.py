"""Who is taking part: the participant of a request, and email-link sign-in.

A sign-in link (``SIGN_IN_LINK``, a ``core.signed_links.SignedLink``) carries a signed,
timestamped token naming the participant and the moment they last signed in. Following the
link signs them in and moves that moment on, so a link works once; links older than
SIGN_IN_LINK_MAX_AGE fail.
The display name typed with the request travels in the token too, and is applied
only when the link is used: nobody names a resident without their mailbox.

A participant is one canonical mailbox (``core.mailboxes.mailbox_key``): every way
of writing one address finds the same participant.
"""

from typing import Any
from urllib.parse import urlencode

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import Site

from .conf import settings
from .emails import send_templated_email
from .links import absolute_url, base_url
from .mailboxes import mailbox_key, mailbox_key_or_none, may_email
from .models import Participant, normalise_email
from .signed_links import InvalidLink, LinkError, SignedLink
from .user_emails import user_email_verified

TOKEN_SALT = "wagtail_participation.sign_in"  # noqa: S105 - a signing salt, not a secret


class InvalidSignInLink(InvalidLink):
    """The link was forged, altered, already used or has expired (``reason``, a ``LinkError``)."""


class SignInLink(SignedLink[Participant]):
    """A sign-in link: bound to the participant's last sign-in, so signing in uses it up.

    The token keeps its first format (keys ``p`` and ``s``): links already emailed still work.
    """

    salt = TOKEN_SALT
    hash_length = 20
    compress = True  # it may carry the display name typed with the request
    id_key, hash_key = "p", "s"
    mismatch = LinkError.USED
    error_class = InvalidSignInLink
    url_name = "wagtail_participation:sign_in_confirm"

    def max_age(self) -> int:
        return settings.SIGN_IN_LINK_MAX_AGE

    def get_object(self, pk: int) -> Participant | None:
        return Participant.objects.active().filter(pk=pk).first()

    def state(self, participant: Participant) -> str:
        return f"{participant.pk}:{participant.last_signed_in_at}:{participant.email}"


SIGN_IN_LINK = SignInLink()


def make_sign_in_token(participant: Participant, display_name: str = "") -> str:
    """A sign-in link's token; ``display_name``, as typed with the request, is applied on sign-in."""
    return SIGN_IN_LINK.make_token(participant, **({"n": display_name} if display_name else {}))


def sign_in_path(participant: Participant, display_name: str = "") -> str:
    """The path of a new sign-in link for ``participant`` (see ``make_sign_in_token``)."""
    return reverse(SIGN_IN_LINK.url_name, args=[make_sign_in_token(participant, display_name)])


def sign_in_request_for_token(token: str) -> tuple[Participant, str]:
    """``(participant, display name asked for)`` a token names, or raise InvalidSignInLink."""
    participant, data = SIGN_IN_LINK.read(token)
    name = data.get("n", "")
    limit = Participant._meta.get_field("display_name").max_length
    if not isinstance(name, str) or (limit is not None and len(name) > limit):
        name = ""
    return participant, name


def participant_for_token(token: str) -> Participant:
    """Return the participant a token names, or raise InvalidSignInLink."""
    return sign_in_request_for_token(token)[0]


def get_or_create_participant_for_email(email: str) -> Participant:
    """The participant of ``email``'s mailbox, created (unverified) if new; raises InvalidMailbox.

    Every spelling of one mailbox finds the same participant, which keeps the address it was
    first created with: sign-in links go there.
    """
    key = mailbox_key(email)
    try:
        with transaction.atomic():
            participant, _ = Participant.objects.get_or_create(
                mailbox_key=key,
                defaults={"email": normalise_email(email)},
            )
    except IntegrityError:  # two requests for the same new mailbox at once
        participant = Participant.objects.get(mailbox_key=key)
    return participant


def is_staff_user(user: Any) -> bool:
    """Whether ``user`` works in the Wagtail admin (council staff): they take part under a name,
    never as "Resident", and may mark what they post as the council's."""
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and (user.is_staff or user.has_perm("wagtailadmin.access_admin"))
    )


def _user_display_name(user: Any) -> str:
    """The name a site user's participant starts with: their full name; staff without one
    show their username rather than "Resident"."""
    name = user.get_full_name() or ""
    if not name and is_staff_user(user):
        name = user.get_username()
    return name[:80]


#: The id of a participant not yet stored (see ``participant_for_user(create=False)``): no row
#: has it, so what is looked up for it finds nothing.
UNSAVED_PARTICIPANT_ID = 0


def _unsaved_participant(user: Any, mailbox_key: str | None = None) -> Participant:
    """What a site user without a participant is while only viewing: not stored (viewing a
    page creates no row), with their name, and their address when the site verified it
    (``mailbox_key``: forms are filled in as they will be once the row exists); nothing is
    theirs yet."""
    participant = Participant(user_id=user.pk, display_name=_user_display_name(user))
    if mailbox_key is not None:
        participant.email = normalise_email(user.email)
        participant.mailbox_key = mailbox_key
        participant.verified_at = timezone.now()
    participant.pk = UNSAVED_PARTICIPANT_ID
    participant.unsaved = True  # type: ignore[attr-defined]  # see Participant.save
    return participant


def participant_for_user(user: Any, create: bool = True) -> Participant:
    """The participant of a signed-in site user, created on first use.

    ``create=False`` (a request that only views): a user without a participant gets one that
    is not stored (``_unsaved_participant``); their participant is created when they take part.
    Staff whose participant has no name get theirs (``_user_display_name``).

    The user's address counts only when the site says it is verified (USER_EMAIL_VERIFIED):
    then the user adopts the email-link participant with the same mailbox, or their new
    participant holds that mailbox and is verified. Otherwise they get a participant of
    their own without an address, so an account registered with somebody else's address
    reaches neither that resident's contributions nor their data.
    """
    try:
        participant = user.participant
    except Participant.DoesNotExist:
        participant = None
    if participant is not None:
        if participant.mailbox_key is None and participant.anonymised_at is None:
            _attach_verified_email(user, participant)
        if participant.anonymised_at is None and (
            not participant.display_name or participant.for_council
        ):
            _name_staff(user, participant)
        return participant
    key = mailbox_key_or_none(getattr(user, "email", ""))
    verified = key is not None and user_email_verified(user)
    if verified:
        with transaction.atomic():
            existing = (
                Participant.objects.select_for_update()
                .filter(
                    mailbox_key=key,
                    user__isnull=True,
                    anonymised_at__isnull=True,
                )
                .first()
            )
            if existing:
                existing.user = user
                existing.verified_at = existing.verified_at or timezone.now()
                existing.save(update_fields=["user", "verified_at"])
                return existing
    if not create:  # adopting the resident's own participant above created no row
        return _unsaved_participant(user, key if verified else None)
    if verified:
        try:
            with transaction.atomic():
                return Participant.objects.create(
                    user=user,
                    email=normalise_email(user.email),
                    mailbox_key=key,
                    verified_at=timezone.now(),
                    display_name=_user_display_name(user),
                )
        except IntegrityError:  # the mailbox belongs to another user's participant
            pass
    with transaction.atomic():
        return Participant.objects.create(user=user, display_name=_user_display_name(user))


def _name_staff(user: Any, participant: Participant) -> None:
    """Staff who took part before without a name get one: they never show as "Resident".
    Someone who no longer works in the admin no longer posts for the council."""
    staff = is_staff_user(user)
    if participant.for_council and not staff:
        Participant.objects.filter(pk=participant.pk).update(for_council=False)
        participant.for_council = False
    name = _user_display_name(user) if staff and not participant.display_name else ""
    if name:
        Participant.objects.filter(pk=participant.pk, display_name="").update(display_name=name)
        participant.display_name = name


def _attach_verified_email(user: Any, participant: Participant) -> None:
    """A user who verified their address since: their participant takes it, if no other holds it."""
    if participant.email:  # kept without a key on purpose (a mailbox another participant holds)
        return
    key = mailbox_key_or_none(getattr(user, "email", ""))
    if (
        key is None
        or Participant.objects.filter(mailbox_key=key).exists()
        or not user_email_verified(user)
    ):
        return
    try:
        with transaction.atomic():
            Participant.objects.filter(pk=participant.pk, mailbox_key__isnull=True).update(
                email=normalise_email(user.email),
                mailbox_key=key,
                verified_at=participant.verified_at or timezone.now(),
            )
    except IntegrityError:  # taken in the meantime
        return
    participant.refresh_from_db(fields=["email", "mailbox_key", "verified_at"])


def send_sign_in_link(
    email: str, display_name: str = "", next_url: str = "/", request: HttpRequest | None = None
) -> bool:
    """Email a sign-in link to ``email``'s mailbox; returns whether one was sent.

    Nothing is sent once the mailbox had its EMAIL_RECIPIENT_LIMITS of emails (the caller
    answers the same either way, so nobody learns whether an address is known). The
    participant is created, unverified, if new; the link goes to the address it was created
    with (the same mailbox, however it was typed). ``display_name`` travels in the link and is
    applied only when it is used; ``next_url`` (a local URL) is where the link leads after.
    ``request`` only picks, on a site with several Wagtail Sites, the Site whose address and
    name the email uses (``core.links``); never its Host header.
    """
    if not may_email(email):
        return False
    participant = get_or_create_participant_for_email(email)
    if not participant.email:  # a participant found by mailbox always keeps its address
        return False
    note_language(participant)  # the sign-in email is written in the language asked in
    link = absolute_url(sign_in_path(participant, display_name), request)
    if next_url != "/":
        link += "?" + urlencode({"next": next_url})
    context = {
        "link": link,
        "minutes": settings.SIGN_IN_LINK_MAX_AGE // 60,
        "link_max_age": settings.SIGN_IN_LINK_MAX_AGE,
        "site_name": site_name(request),
    }
    send_templated_email(participant.email, "wagtail_participation/emails/sign_in", context)
    return True


def site_name(request: HttpRequest | None = None) -> str:
    """The name emails give the site: its Wagtail Site's name, else its host."""
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        site = Site.objects.filter(is_default_site=True).first()
    return site.site_name if site and site.site_name else base_url(request).split("://", 1)[-1]


def change_display_name(
    participant: Participant, display_name: str, for_council: bool | None = None
) -> Participant:
    """Set the name shown next to what ``participant`` posts ("" shows them as "Resident");
    ``for_council`` (council staff only; None leaves it): whether it says they post for the
    council."""
    participant.display_name = display_name
    fields = ["display_name"]
    if for_council is not None:
        participant.for_council = for_council
        fields.append("for_council")
    participant.save(update_fields=fields)
    return participant


def sign_in(request: HttpRequest, participant: Participant, display_name: str = "") -> None:
    """Follow-up of a valid link: mark the email verified and remember the participant.

    ``display_name``, asked for with the link, becomes the participant's name if they have none.
    """
    now = timezone.now()
    participant.last_signed_in_at = now
    if participant.verified_at is None:
        participant.verified_at = now
    fields = ["last_signed_in_at", "verified_at"]
    if display_name and not participant.display_name:
        participant.display_name = display_name
        fields.append("display_name")
    participant.save(update_fields=fields)
    request.session.cycle_key()
    request.session[settings.SESSION_KEY] = participant.pk
    _remember(request, participant)


def sign_out(request: HttpRequest) -> None:
    """Forget who is signed in on this browser, and everything their session held.

    A resident signed in by email link gets a new, empty session (Django's ``flush``): a
    half-filled survey or anything else kept for them does not pass to the next person on
    the same browser. A logged-in site user's session is left to the site (their participant
    comes from the login; ``logout`` flushes it). Flash messages added afterwards are kept.
    """
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        request.session.pop(settings.SESSION_KEY, None)
    else:
        request.session.flush()
    _remember(request, None)


def _remember(request: HttpRequest, participant: Participant | None) -> None:
    """Cache the request's participant (``get_participant``; views and templates read it)."""
    request.participant = participant  # type: ignore[attr-defined]  # our own request attribute


#: Requests that only view: a site user's participant is not created by them.
VIEWING_METHODS = ("GET", "HEAD", "OPTIONS")


def get_participant(request: HttpRequest) -> Participant | None:
    """The participant behind a request, or None. Cached on the request.

    A signed-in site user who has not taken part yet has no participant row: a request that
    only views gets one that is not stored (``participant_for_user(create=False)``); the
    first request that takes part (a POST) creates it.
    """
    if hasattr(request, "participant"):
        cached: Participant | None = request.participant
        return cached
    participant = None
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        participant = participant_for_user(user, create=request.method not in VIEWING_METHODS)
    else:
        pk = request.session.get(settings.SESSION_KEY) if hasattr(request, "session") else None
        if pk is not None:
            participant = Participant.objects.active().filter(pk=pk).first()
            if participant is None:
                request.session.pop(settings.SESSION_KEY, None)
    _remember(request, participant)
    if request.method not in VIEWING_METHODS:
        note_language(participant)
    return participant


def note_language(participant: Participant | None) -> None:
    """Remember the active language as the one ``participant`` takes part in (emails to them
    are written in it: ``Participant.language``); one UPDATE when it changed."""
    language = translation.get_language()
    if (
        participant is None
        or participant.pk is None
        or getattr(participant, "unsaved", False)
        or not language
        or participant.language == language
    ):
        return
    participant.language = language
    Participant.objects.filter(pk=participant.pk).update(language=language)
