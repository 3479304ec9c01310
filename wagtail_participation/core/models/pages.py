"""Abstract page mixins shared by every participation page type."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel

from ..phases import Phase, phase_for
from .moderation import ModerationMode, ModerationState


class AccessRequirement(models.TextChoices):
    ANYONE = "anyone", _("Anyone, without signing in")
    VERIFIED_EMAIL = "email", _("A verified email address")
    SITE_LOGIN = "login", _("A login on this site")


class ParticipationPageMixin(models.Model):
    """Who may contribute on a page, and how contributions are moderated."""

    allow_comments = models.BooleanField(
        _("residents may comment"), default=False,
        help_text=_("Show a comment form on this page."),
    )
    moderation_mode = models.CharField(
        _("moderation"), max_length=10, choices=ModerationMode.choices, default=ModerationMode.POST,
    )
    contribution_requirement = models.CharField(
        _("who may contribute"), max_length=10,
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

    def initial_moderation_state(self):
        if self.moderation_mode == ModerationMode.PRE:
            return ModerationState.PENDING
        return ModerationState.PUBLISHED

    def participant_may_contribute(self, participant, user=None):
        """True when ``participant`` satisfies this page's requirement."""
        requirement = self.contribution_requirement
        if requirement == AccessRequirement.ANYONE:
            return True
        if participant is None:
            return False
        if requirement == AccessRequirement.SITE_LOGIN:
            return participant.user_id is not None
        return participant.is_verified

    def comments_open(self):
        return self.allow_comments


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
    def phase(self):
        return phase_for(self.opens_at, self.closes_at)

    @property
    def is_open(self):
        return self.phase == Phase.OPEN

    def comments_open(self):
        return self.allow_comments and self.is_open
