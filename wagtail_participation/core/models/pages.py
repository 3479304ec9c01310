"""Abstract page mixins shared by every participation page type."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel

from ..phases import Phase, phase_for
from ..policy import (
    AccessRequirement,
    Action,
    PolicyMixin,
    Reason,
    page_decision,
    requirement_reason,
)
from .moderation import ModerationMode, ModerationState

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from .participants import Participant


class ParticipationPageMixin(PolicyMixin, models.Model):
    """Who may contribute on a page, and how contributions are moderated (and ``core.policy``'s
    rules: comments as ``allow_comments`` says, contributions as ``contribution_requirement``)."""

    allow_comments = models.BooleanField(
        _("residents may comment"),
        default=False,
        help_text=_("Show a comment form on this page."),
    )
    moderation_mode = models.CharField(
        _("moderation"),
        max_length=10,
        choices=ModerationMode.choices,
        default=ModerationMode.POST,
    )
    contribution_requirement = models.CharField(
        _("who may contribute"),
        max_length=10,
        choices=[c for c in AccessRequirement.choices if c[0] != AccessRequirement.ANYONE],
        default=AccessRequirement.VERIFIED_EMAIL,
    )

    participation_panels = [
        MultiFieldPanel(
            [
                FieldPanel("allow_comments"),
                FieldPanel("moderation_mode"),
                FieldPanel("contribution_requirement"),
            ],
            heading=_("Participation"),
        )
    ]

    class Meta:
        abstract = True

    if TYPE_CHECKING:  # Page's, which every concrete participation page extends too
        title: str
        url: str | None

    def initial_moderation_state(self) -> ModerationState:
        if self.moderation_mode == ModerationMode.PRE:
            return ModerationState.PENDING
        return ModerationState.PUBLISHED

    def participant_may_contribute(self, participant: Participant | None, user: Any = None) -> bool:
        """True when ``participant`` satisfies this page's requirement (``core.policy``)."""
        return requirement_reason(participant, self.contribution_requirement) is None

    def comments_open(self) -> bool:
        """Whether the page takes comments now (``core.policy.page_decision``)."""
        return page_decision(Action.COMMENT, self).allowed

    # core.policy: what this page tells decide()

    def offers_action(self, action: Action | str) -> bool:
        if action == Action.COMMENT:
            return self.allow_comments
        return super().offers_action(action)

    def participation_requirement(self, action: Action | str) -> AccessRequirement | str:
        return self.contribution_requirement

    def refusal_message(self, action: Action | str, reason: Reason) -> StrOrPromise:
        if action == Action.COMMENT:
            if reason == Reason.SITE_LOGIN_REQUIRED:
                return _("Comments here need a login on this site.")
            if reason in (Reason.SIGN_IN_REQUIRED, Reason.VERIFIED_EMAIL_REQUIRED):
                return _("Please sign in to comment.")
            return _("Comments are closed here.")
        return super().refusal_message(action, reason)


class ParticipationMethodPageMixin(ParticipationPageMixin):
    """A page residents act on between two dates (idea board, survey, petition...)."""

    opens_at = models.DateTimeField(_("opens"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes"), null=True, blank=True)

    dates_panels = [
        MultiFieldPanel([FieldPanel("opens_at"), FieldPanel("closes_at")], heading=_("Dates"))
    ]

    class Meta:
        abstract = True

    @property
    def phase(self) -> Phase:
        return self.participation_phase(None)

    @property
    def is_open(self) -> bool:
        return self.phase == Phase.OPEN

    def participation_phase(
        self, action: Action | str | None, now: datetime.datetime | None = None
    ) -> Phase:
        """Every action here runs from ``opens_at`` to ``closes_at`` (comments too)."""
        return phase_for(self.opens_at, self.closes_at, now)
