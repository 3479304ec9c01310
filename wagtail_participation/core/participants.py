"""Who is taking part: the participant of a request, and email-link sign-in.

A sign-in link carries a signed, timestamped token naming the participant and
the moment they last signed in. Following the link signs them in and moves that
moment on, so a link works once; links older than SIGN_IN_LINK_MAX_AGE fail.
"""

from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from .conf import settings
from .models import Participant, normalise_email

TOKEN_SALT = "wagtail_participation.sign_in"


class InvalidSignInLink(Exception):
    """The link was forged, altered, already used or has expired."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason  # "invalid", "used" or "expired"


def _state_hash(participant):
    state = f"{participant.pk}:{participant.last_signed_in_at}:{participant.email}"
    return salted_hmac(TOKEN_SALT, state).hexdigest()[:20]


def make_sign_in_token(participant):
    return signing.dumps({"p": participant.pk, "s": _state_hash(participant)}, salt=TOKEN_SALT)


def participant_for_token(token):
    """Return the participant a token names, or raise InvalidSignInLink."""
    try:
        data = signing.loads(token, salt=TOKEN_SALT, max_age=settings.SIGN_IN_LINK_MAX_AGE)
    except signing.SignatureExpired as e:
        raise InvalidSignInLink("expired") from e
    except (signing.BadSignature, ValueError, TypeError) as e:
        raise InvalidSignInLink("invalid") from e
    if not isinstance(data, dict):
        raise InvalidSignInLink("invalid")
    participant = Participant.objects.filter(pk=data.get("p"), anonymised_at__isnull=True).first()
    if participant is None:
        raise InvalidSignInLink("invalid")
    if not constant_time_compare(str(data.get("s", "")), _state_hash(participant)):
        raise InvalidSignInLink("used")
    return participant


def get_or_create_participant_for_email(email):
    email = normalise_email(email)
    try:
        with transaction.atomic():
            participant, _ = Participant.objects.get_or_create(email=email)
    except IntegrityError:  # two requests for the same new address at once
        participant = Participant.objects.get(email=email)
    return participant


def participant_for_user(user):
    """The participant of a signed-in site user, created on first use."""
    try:
        return user.participant
    except Participant.DoesNotExist:
        pass
    email = normalise_email(getattr(user, "email", ""))
    if email:
        with transaction.atomic():
            existing = Participant.objects.select_for_update().filter(email=email, user__isnull=True).first()
            if existing:
                existing.user = user
                existing.save(update_fields=["user"])
                return existing
    try:
        with transaction.atomic():
            return Participant.objects.create(
                user=user, email=email or None, verified_at=timezone.now() if email else None,
                display_name=(user.get_full_name() or "")[:80],
            )
    except IntegrityError:  # the address belongs to another user's participant
        with transaction.atomic():
            return Participant.objects.create(user=user, display_name=(user.get_full_name() or "")[:80])


def sign_in(request, participant):
    """Follow-up of a valid link: mark the email verified and remember the participant."""
    now = timezone.now()
    participant.last_signed_in_at = now
    if participant.verified_at is None:
        participant.verified_at = now
    participant.save(update_fields=["last_signed_in_at", "verified_at"])
    request.session.cycle_key()
    request.session[settings.SESSION_KEY] = participant.pk
    request.participant = participant


def sign_out(request):
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
    request.participant = None


def get_participant(request):
    """The participant behind a request, or None. Cached on the request."""
    if hasattr(request, "participant"):
        return request.participant
    participant = None
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        participant = participant_for_user(user)
    else:
        pk = request.session.get(settings.SESSION_KEY) if hasattr(request, "session") else None
        if pk is not None:
            participant = Participant.objects.filter(pk=pk, anonymised_at__isnull=True).first()
            if participant is None:
                request.session.pop(settings.SESSION_KEY, None)
    request.participant = participant
    return participant
