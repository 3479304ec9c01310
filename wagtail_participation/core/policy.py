"""The resident policy: may this resident do this on this page now, and if not, why.

``decide(participant, action, page, now=None)`` answers with a ``Decision``: ``allowed`` and,
for a refusal, its ``reason`` (a ``Reason``), the ``message`` to show the resident (in the
active language) and whether signing in by email would help (``sign_in_helps``). The checks
run in one order, the first that fails decides:

1. the page offers the action at all (``page.offers_action(action)``): comments switched
   off, an idea board without voting, a petition that is not published: ``NOT_OFFERED``;
2. the phase (``page.participation_phase(action, now)``, from ``core.phases``):
   ``NOT_OPEN_YET`` or ``CLOSED``;
3. who the resident is (``page.participant_refusal(action, participant)``, by default against
   ``page.participation_requirement(action)``, an ``AccessRequirement``): ``SIGN_IN_REQUIRED``
   (nobody is signed in), ``SITE_LOGIN_REQUIRED``, ``VERIFIED_EMAIL_REQUIRED``;
4. the page's eligibility rules (``core.eligibility``, for pages built with
   ``EligibilityPageMixin``; ``decide(..., request=request)`` passes the session, where a
   voting code is held): ``POSTCODE_REQUIRED``, ``OUTSIDE_AREA``, ``AGE_BAND_REQUIRED``,
   ``TOO_YOUNG``, ``VOTING_CODE_REQUIRED``, ``VOTING_CODE_USED`` (and the sign-in reasons).
   A voting code the page accepts instead of its requirements passes checks 3 and 4.

``page_decision(action, page)`` runs only the first two: whether the page takes the action
from anyone now (what a page shows everybody, such as a comment form or vote buttons).

A page declares what it needs through ``PolicyMixin``'s methods; ``ParticipationPageMixin``
and ``ParticipationMethodPageMixin`` implement them from their fields and dates, and each
method's mixin adds its own actions and words (``refusal_message``). Anything else residents
act on (a poll on any page, an index page that takes new items) mixes in ``PolicyMixin`` too. Views show a refusal with
``refuse()``, through one template, ``wagtail_participation/refusal.html`` (its body is the
include ``wagtail_participation/includes/refusal.html``), which offers the sign-in link when
signing in would help, and the ``links`` of what else the resident can do.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import models
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .phases import Phase
from .redirects import sign_in_url

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from .models import Participant

REFUSAL_TEMPLATE = "wagtail_participation/refusal.html"


class AccessRequirement(models.TextChoices):
    """What a resident needs to take part on a page (a field's choices; also ``core.models``)."""

    ANYONE = "anyone", gettext_lazy("Anyone, without signing in")
    VERIFIED_EMAIL = "email", gettext_lazy("A verified email address")
    SITE_LOGIN = "login", gettext_lazy("A login on this site")


class Action(models.TextChoices):
    """What residents do on a page (never shown: no labels to translate)."""

    CONTRIBUTE = "contribute"  # post an idea, start a petition...
    COMMENT = "comment"
    VOTE = "vote"
    ANSWER = "answer"
    SIGN = "sign"


class Reason(models.TextChoices):
    """Why a resident may not do something now (residents read the Decision's message instead)."""

    NOT_OFFERED = "not_offered"
    NOT_OPEN_YET = "not_open_yet"
    CLOSED = "closed"
    SIGN_IN_REQUIRED = "sign_in_required"
    VERIFIED_EMAIL_REQUIRED = "verified_email_required"
    SITE_LOGIN_REQUIRED = "site_login_required"
    # core.eligibility: the page's own requirements (its fourth check)
    POSTCODE_REQUIRED = "postcode_required"
    OUTSIDE_AREA = "outside_area"
    AGE_BAND_REQUIRED = "age_band_required"
    TOO_YOUNG = "too_young"
    VOTING_CODE_REQUIRED = "voting_code_required"
    VOTING_CODE_USED = "voting_code_used"


#: Reasons about the page, the same for every resident.
PAGE_REASONS = frozenset({Reason.NOT_OFFERED, Reason.NOT_OPEN_YET, Reason.CLOSED})


@dataclass(frozen=True)
class Decision:
    """``decide()``'s answer; true when allowed."""

    allowed: bool
    reason: Reason | None = None
    message: str = ""
    #: Signing in by email link would help (nobody is signed in, or the address is not yet
    #: verified; never for a site user, whose login decides who they are).
    sign_in_helps: bool = False
    #: What else the resident can do: ``(label, url)`` pairs (give a postcode, enter a voting
    #: code; ``core.eligibility.eligibility_links``).
    links: tuple[tuple[str, str], ...] = ()

    def __bool__(self) -> bool:
        return self.allowed

    def template_context(self, next_url: str | None = None) -> dict[str, Any]:
        """What the refusal include shows: ``message``, ``reason``, ``sign_in_url`` when it
        helps, and ``links`` (what else the resident can do)."""
        return {
            "decision": self,
            "message": self.message,
            "reason": self.reason,
            "sign_in_url": sign_in_url(next_url) if self.sign_in_helps else "",
            "links": self.links,
        }


ALLOWED = Decision(True)


def default_message(reason: Reason | str | None) -> str:
    """What to tell a resident refused for ``reason`` when the page has no words of its own."""
    messages: dict[str | None, str] = {
        Reason.NOT_OFFERED: _("This is not possible here."),
        Reason.NOT_OPEN_YET: _("This is not open yet. Please come back later."),
        Reason.CLOSED: _("This is closed now."),
        Reason.SIGN_IN_REQUIRED: _(
            "Please sign in first. We will email you a link; no password is needed."
        ),
        Reason.VERIFIED_EMAIL_REQUIRED: _("This needs a verified email address."),
        Reason.SITE_LOGIN_REQUIRED: _("This needs a login on this site."),
    }
    return messages.get(reason, _("This page is not available."))


def requirement_reason(
    participant: Participant | None, requirement: AccessRequirement | str
) -> Reason | None:
    """Why ``participant`` (or None) does not meet ``requirement`` (an AccessRequirement), or None."""
    if requirement == AccessRequirement.ANYONE:
        return None
    if participant is None:
        return Reason.SIGN_IN_REQUIRED
    if requirement == AccessRequirement.SITE_LOGIN:
        return None if participant.user_id is not None else Reason.SITE_LOGIN_REQUIRED
    return None if participant.is_verified else Reason.VERIFIED_EMAIL_REQUIRED


def _phase_reason(
    action: Action | str, page: PolicyMixin, now: datetime.datetime | None
) -> Reason | None:
    if not page.offers_action(action):
        return Reason.NOT_OFFERED
    phase = page.participation_phase(action, now)
    if phase == Phase.UPCOMING:
        return Reason.NOT_OPEN_YET
    if phase == Phase.CLOSED:
        return Reason.CLOSED
    return None


def _refusal(
    page: PolicyMixin,
    action: Action | str,
    reason: Reason,
    participant: Participant | None = None,
    *,
    resident: bool = False,
) -> Decision:
    """``resident``: a refusal about the resident (checks 3 and 4), which may offer links."""
    helps = reason in (Reason.SIGN_IN_REQUIRED, Reason.VERIFIED_EMAIL_REQUIRED) and (
        participant is None or participant.user_id is None
    )
    if not resident:
        return Decision(
            False, reason, str(page.refusal_message(action, reason)), sign_in_helps=helps
        )
    from . import eligibility  # it defines a model mixin: imported once apps are ready

    if reason in eligibility.ELIGIBILITY_REASONS:
        message = page.eligibility_refusal_message(action, reason)  # type: ignore[attr-defined]
    else:
        message = page.refusal_message(action, reason)
    links = tuple(eligibility.eligibility_links(page, action, reason))
    return Decision(False, reason, str(message), sign_in_helps=helps, links=links)


def page_decision(
    action: Action | str, page: PolicyMixin, now: datetime.datetime | None = None
) -> Decision:
    """Whether ``page`` takes ``action`` now from anyone who may (offered, and in its phase)."""
    reason = _phase_reason(action, page, now)
    return ALLOWED if reason is None else _refusal(page, action, reason)


def decide(
    participant: Participant | None,
    action: Action | str,
    page: PolicyMixin,
    now: datetime.datetime | None = None,
    *,
    request: HttpRequest | None = None,
) -> Decision:
    """May ``participant`` (or None: nobody signed in) do ``action`` on ``page`` now? A Decision.

    ``request``: where the resident's voting code is held (its session), for pages that take
    codes (``core.eligibility``); without it a code is never held.
    """
    reason = _phase_reason(action, page, now)
    if reason is not None:
        return _refusal(page, action, reason, participant)
    reason = resident_reason(participant, action, page, request)
    if reason is None:
        return ALLOWED
    return _refusal(page, action, reason, participant, resident=True)


def resident_reason(
    participant: Participant | None,
    action: Action | str,
    page: PolicyMixin,
    request: HttpRequest | None = None,
) -> Reason | None:
    """Checks 3 and 4: who the resident is (the page's ``participant_refusal``), then the
    page's eligibility rules (``core.eligibility.eligibility_reason``). A voting code a page
    accepts *instead of* its requirements (``CodeMode.ACCEPTED``) passes both."""
    from . import eligibility  # it defines a model mixin: imported once apps are ready

    if not eligibility.uses_eligibility(page, action):
        return page.participant_refusal(action, participant)
    if eligibility.code_instead(page, request):
        return None
    return page.participant_refusal(action, participant) or eligibility.eligibility_reason(
        page, action, participant, request
    )


def refuse(
    request: HttpRequest,
    decision: Decision | StrOrPromise,
    *,
    status: int = 403,
    next_url: str | None = None,
    page: PolicyMixin | None = None,
    context: dict[str, Any] | None = None,
) -> TemplateResponse:
    """The refusal page for ``decision`` (or a message: a refusal of the view's own, such as a
    limit reached), with the sign-in link when it helps, coming back to ``next_url`` (by default
    this page, for a GET). ``page``: the page refused on, in the context as a page's view has it
    (``page``, ``self``, ``participant``)."""
    if not isinstance(decision, Decision):
        decision = Decision(False, message=str(decision))
    if next_url is None and request.method == "GET":
        next_url = request.get_full_path()
    base: dict[str, Any] = {}
    if page is not None:
        # cycle: participants imports models, whose pages import this module
        from .participants import get_participant

        base = {"page": page, "self": page, "participant": get_participant(request)}
    return TemplateResponse(
        request,
        REFUSAL_TEMPLATE,
        {**base, **(context or {}), **decision.template_context(next_url)},
        status=status,
    )


class PolicyMixin:
    """What a page (or anything residents act on) tells ``decide()``; override per action.

    The defaults: every action offered, open, to anyone, with the default messages.
    """

    #: Served in the page's own language on a multilingual site (``core.translations``).
    participation_page_language = True

    def offers_action(self, action: Action | str) -> bool:
        """Whether residents can ``action`` here at all (comments on, voting used...)."""
        return True

    def participation_phase(
        self, action: Action | str | None, now: datetime.datetime | None = None
    ) -> Phase:
        """The Phase of ``action`` at ``now`` (a Phase; by default always open)."""
        return Phase.OPEN

    def participation_requirement(self, action: Action | str) -> AccessRequirement | str:
        """The AccessRequirement of ``action`` here."""
        return AccessRequirement.ANYONE

    def participant_refusal(
        self, action: Action | str, participant: Participant | None
    ) -> Reason | None:
        """Why ``participant`` (or None) may not ``action`` here (a Reason), or None."""
        return requirement_reason(participant, self.participation_requirement(action))

    def refusal_message(self, action: Action | str, reason: Reason) -> StrOrPromise:
        """What to tell a resident refused ``action`` for ``reason`` (override for your words)."""
        return default_message(reason)
