"""Surveys: questionnaires editors build in the page editor, and residents' responses."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import swapper
from django.conf import settings as django_settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.search import index

from wagtail_participation.core.api import METHOD_PAGE_API_FIELDS
from wagtail_participation.core.models import (
    AccessRequirement,
    Participant,
    ParticipationMethodPageMixin,
)
from wagtail_participation.core.page_types import page_models
from wagtail_participation.core.phases import Phase, phase_for
from wagtail_participation.core.policy import Action, PolicyMixin, Reason, requirement_reason
from wagtail_participation.core.translations import canonical_page_id

from .fields import SurveyQuestionsField
from .panels import SurveyResponsesPanel
from .questions import SurveyStructure

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise
    from wagtail.query import PageQuerySet

PAGE_MODEL = swapper.get_model_name("wagtailcore", "Page")


class ResultsVisibility(models.TextChoices):
    NEVER = "never", _("Never: only staff see the results")
    AFTER_CLOSE = "closed", _("After the survey closes")
    LIVE = "live", _("Always, as responses come in")


class SurveyPageMixin(RoutablePageMixin, ParticipationMethodPageMixin):
    """What makes a page a survey; mix into your own page type to extend it."""

    intro = RichTextField(
        _("introduction"), blank=True, features=["bold", "italic", "link", "ul", "ol", "h2", "h3"]
    )
    questions = SurveyQuestionsField(verbose_name=_("questions"), blank=True)
    thank_you_text = RichTextField(
        _("thank-you text"),
        blank=True,
        features=["bold", "italic", "link", "ul", "ol"],
        help_text=_("Shown after a resident sends their answers. Say what happens next."),
    )
    response_requirement = models.CharField(
        _("who may answer"),
        max_length=10,
        choices=AccessRequirement.choices,
        default=AccessRequirement.ANYONE,
    )
    one_response_per_resident = models.BooleanField(
        _("one response per resident"),
        default=True,
        help_text=_(
            "Residents who answered already are told so. Without sign-in this is per browser, and one "
            "answer per network (a household or office shares one) for a while: see the docs."
        ),
    )
    results_visibility = models.CharField(
        _("public results"),
        max_length=10,
        choices=ResultsVisibility.choices,
        default=ResultsVisibility.NEVER,
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("questions"),
        FieldPanel("thank_you_text"),
        SurveyResponsesPanel(),
    ]
    survey_panels = [
        MultiFieldPanel(
            [
                FieldPanel("response_requirement"),
                FieldPanel("one_response_per_resident"),
                FieldPanel("results_visibility"),
            ],
            heading=_("Responses"),
        )
    ]
    settings_panels = (
        Page.settings_panels + ParticipationMethodPageMixin.dates_panels + survey_panels
    )
    api_fields = [
        *METHOD_PAGE_API_FIELDS,
        APIField("intro"),
        APIField("questions"),
        APIField("results_visibility"),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    class Meta:
        abstract = True

    @cached_property
    def structure(self) -> SurveyStructure:
        return SurveyStructure(self.questions)

    def response_summary(self) -> dict[str, Any]:
        """``total`` and ``paper`` (how many responses, how many from paper), ``latest`` (when
        the newest was sent, or None): the editor's panel."""
        responses = SurveyResponse.objects.for_survey(self)
        return {
            "total": responses.count(),
            "paper": responses.from_paper().count(),
            "latest": responses.order_by("-submitted_at")
            .values_list("submitted_at", flat=True)
            .first(),
        }

    def participant_may_answer(self, participant: Participant | None) -> bool:
        """Whether ``participant`` (or None) meets ``response_requirement`` (``core.policy``)."""
        return requirement_reason(participant, self.response_requirement) is None

    # core.policy: answering (Action.ANSWER) follows the survey's dates and "who may answer".

    def participation_requirement(self, action: Action | str) -> AccessRequirement | str:
        if action == Action.ANSWER:
            return self.response_requirement
        return super().participation_requirement(action)

    def refusal_message(self, action: Action | str, reason: Reason) -> StrOrPromise:
        if action != Action.ANSWER:
            return super().refusal_message(action, reason)
        if reason == Reason.NOT_OPEN_YET:
            opens = (
                date_format(timezone.localtime(self.opens_at), "DATETIME_FORMAT")
                if self.opens_at
                else ""
            )
            return _("This survey opens on %(date)s. Please come back then.") % {"date": opens}
        if reason in (Reason.CLOSED, Reason.NOT_OFFERED):
            return _("This survey is closed. Thank you to everyone who took part.")
        if reason == Reason.SITE_LOGIN_REQUIRED:
            return _("Answering this survey needs a login on this site.")
        return _(
            "Please sign in to answer this survey. We will email you a link; no password is needed."
        )

    @property
    def results_url(self) -> str:
        return (self.url or "") + self.reverse_subpage("results")

    @property
    def results_public(self) -> bool:
        if self.results_visibility == ResultsVisibility.LIVE:
            return True
        return (
            self.results_visibility == ResultsVisibility.AFTER_CLOSE and self.phase == Phase.CLOSED
        )

    # Preview: a mode per step and the thank-you page; nothing is kept (core.preview)

    @property
    def preview_modes(self) -> list[tuple[str, StrOrPromise]]:
        from . import views  # cycle: views imports this module (through services)

        return views.preview_modes(self)

    def serve_preview(self, request: HttpRequest, mode_name: str) -> HttpResponse:
        from . import views  # cycle: views imports this module (through services)

        return views.survey_preview(request, self, mode_name)

    # Routes (views in views.py, so a site's own survey page type gets them unchanged)

    @path("", name="survey")
    def survey_route(self, request: HttpRequest) -> HttpResponse:
        from . import views  # cycle: views imports this module (through services)

        return views.survey_step(request, self)

    @path("thanks/", name="thanks")
    def thanks_route(self, request: HttpRequest) -> HttpResponse:
        from . import views  # cycle: views imports this module (through services)

        return views.thanks(request, self)

    @path("results/", name="results")
    def results_route(self, request: HttpRequest) -> HttpResponse:
        from . import views  # cycle: views imports this module (through services)

        return views.public_results(request, self)


def survey_page_models() -> list[type[Page]]:
    """Every concrete page model built from ``SurveyPageMixin`` (the package's, a site's)."""
    return page_models(SurveyPageMixin)


def editable_surveys(user: Any) -> PageQuerySet:
    """The survey pages (of any survey type) ``user`` may edit: whose responses they may see."""
    types = ContentType.objects.get_for_models(*survey_page_models()).values()
    return (
        PagePermissionPolicy()
        .instances_user_has_permission_for(user, "change")
        .filter(content_type__in=list(types))
    )


def survey_pages(page_ids: Iterable[int]) -> dict[int, SurveyPageMixin]:
    """{id: page} of the surveys among ``page_ids``: pages of any type built from
    ``SurveyPageMixin``, the package's own or a site's."""
    return {
        page.pk: page
        for page in Page.objects.filter(pk__in=page_ids).specific()
        if isinstance(page, SurveyPageMixin)
    }


# Wagtail's Page is untyped: django-stubs cannot resolve its managers (objects, milestones).
class SurveyPage(SurveyPageMixin, Page):  # type: ignore[django-manager-missing]
    """A survey, under a participation project or anywhere in the page tree."""

    subpage_types: list[str] = []
    template = "wagtail_participation_surveys/survey_page.html"

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")


class SurveyResponseQuerySet(models.QuerySet["SurveyResponse"]):
    """Responses are never shown one by one to the public: only their figures (``results``)
    and, to a resident, their own (``of``); staff see a survey's (``for_survey``)."""

    def for_survey(self, page: SurveyPageMixin) -> SurveyResponseQuerySet:
        """The responses to ``page`` (any page built from ``SurveyPageMixin``) and to its
        translations (``core.translations``)."""
        return self.filter(page_id=canonical_page_id(page))

    def from_paper(self) -> SurveyResponseQuerySet:
        return self.filter(is_paper=True)

    def for_editor(self, user: Any) -> SurveyResponseQuerySet:
        """The responses to surveys ``user`` may edit (staff see a survey's responses)."""
        if user.is_active and user.is_superuser:
            return self.all()
        return self.filter(page__in=editable_surveys(user))

    def of(self, participant: Participant | None) -> SurveyResponseQuerySet:
        """The responses ``participant`` sent (what "your data" lists and "forget me" clears)."""
        return self.filter(participant=participant)

    def answered(self, page: SurveyPageMixin, dedupe_key: str | None) -> bool:
        """Whether a response to ``page`` holds ``dedupe_key`` (one response per resident)."""
        return (
            dedupe_key is not None
            and self.filter(page_id=canonical_page_id(page), dedupe_key=dedupe_key).exists()
        )


class SurveyResponse(models.Model):
    """One resident's (or one paper form's) answers, keyed by question id."""

    #: Not in Wagtail's reference index: listing it in the admin (wagtail-modeladmin) would
    #: otherwise index every row, three more queries per row written, for references no
    #: editor looks up (which pages "use" a page).
    wagtail_reference_index_ignore = True

    page = models.ForeignKey(
        PAGE_MODEL, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="+"
    )
    participant = models.ForeignKey(
        Participant,
        verbose_name=_("participant"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="survey_responses",
    )
    answers = models.JSONField(_("answers"), default=dict)
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now, db_index=True)
    is_paper = models.BooleanField(_("entered from paper"), default=False)
    entered_by = models.ForeignKey(
        django_settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    #: "p:<participant id>" or "b:<browser hash>" where the survey allows one response each; else empty.
    dedupe_key = models.CharField(max_length=80, null=True, blank=True, editable=False)

    objects = SurveyResponseQuerySet.as_manager()

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        ordering = ["-submitted_at"]
        constraints = [
            models.UniqueConstraint(fields=["page", "dedupe_key"], name="wp_surveyresponse_once"),
        ]
        indexes = [
            models.Index(fields=["page", "submitted_at"], name="wp_surveyresponse_page_time")
        ]

    def __str__(self):
        return f"{_('Response')} #{self.pk}"


class SurveyQuestionRecordQuerySet(models.QuerySet["SurveyQuestionRecord"]):
    def for_survey(self, page: SurveyPageMixin) -> SurveyQuestionRecordQuerySet:
        return self.filter(page_id=canonical_page_id(page))

    def removed_from(self, page: SurveyPageMixin) -> SurveyQuestionRecordQuerySet:
        """The records of questions no longer in ``page``'s current questions, in order."""
        return (
            self.for_survey(page)
            .exclude(question_id__in=set(page.structure.by_id))
            .order_by("position")
        )


class SurveyQuestionRecord(models.Model):
    """The text each question had when its survey was last published, deleted ones included.

    Exports head columns with the current text and keep the answers of deleted
    questions under their last text.
    """

    page = models.ForeignKey(PAGE_MODEL, on_delete=models.CASCADE, related_name="+")
    question_id = models.CharField(max_length=64)
    question_type = models.CharField(max_length=30)
    label = models.TextField()
    position = models.PositiveIntegerField(default=0)
    removed_at = models.DateTimeField(null=True, blank=True)

    objects = SurveyQuestionRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("survey question record")
        verbose_name_plural = _("survey question records")
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(
                fields=["page", "question_id"], name="wp_surveyquestionrecord_once"
            ),
        ]

    def __str__(self):
        return self.label


class Poll(PolicyMixin, ClusterableModel):
    """One quick question with a few answers, shown on any page with ``PollBlock``.

    Voting (``core.policy``'s ``Action.VOTE``) is open until ``closes_at``, for who ``requirement`` says.
    """

    question = models.CharField(_("question"), max_length=255)
    requirement = models.CharField(
        _("who may vote"),
        max_length=10,
        choices=AccessRequirement.choices,
        default=AccessRequirement.ANYONE,
        help_text=_(
            "Anyone: once per browser, and once per network (a household or office shares one) for a "
            "while; the results are marked indicative. Signed-in residents vote once each."
        ),
    )
    closes_at = models.DateTimeField(_("closes"), null=True, blank=True)
    results_before_voting = models.BooleanField(
        _("show results before voting"),
        default=False,
        help_text=_(
            "Off: residents see the results once they have voted (or when the poll closes)."
        ),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    panels = [
        FieldPanel("question"),
        InlinePanel("choices", label=_("Answers"), min_num=2),
        FieldPanel("requirement"),
        FieldPanel("closes_at"),
        FieldPanel("results_before_voting"),
    ]

    class Meta:
        verbose_name = _("poll")
        verbose_name_plural = _("polls")
        ordering = ["-created_at"]

    def __str__(self):
        return self.question

    @property
    def is_open(self) -> bool:
        return self.participation_phase(Action.VOTE) == Phase.OPEN

    def participation_phase(
        self, action: Action | str | None, now: datetime.datetime | None = None
    ) -> Phase:
        return phase_for(None, self.closes_at, now)

    def participation_requirement(self, action: Action | str) -> AccessRequirement | str:
        return self.requirement

    def refusal_message(self, action: Action | str, reason: Reason) -> StrOrPromise:
        if reason in (Reason.CLOSED, Reason.NOT_OPEN_YET, Reason.NOT_OFFERED):
            return _("This poll is closed.")
        return _("Please sign in to vote in this poll.")

    @property
    def total_votes(self) -> int:
        return sum(choice.vote_count for choice in self.choices.all())


class PollChoice(Orderable):
    poll = ParentalKey(Poll, on_delete=models.CASCADE, related_name="choices")
    label = models.CharField(_("answer"), max_length=255)
    vote_count = models.PositiveIntegerField(_("votes"), default=0, editable=False)

    panels = [FieldPanel("label")]

    class Meta(Orderable.Meta):
        verbose_name = _("poll answer")
        verbose_name_plural = _("poll answers")

    def __str__(self):
        return self.label


class PollVoteQuerySet(models.QuerySet["PollVote"]):
    def of(self, participant: Participant | None) -> PollVoteQuerySet:
        """The votes ``participant`` cast (what "your data" lists and "forget me" clears)."""
        return self.filter(participant=participant)

    def cast_by(self, dedupe_key: str | None) -> bool:
        """Whether one of these votes (``poll.votes``) holds ``dedupe_key``: this resident or
        browser voted."""
        return dedupe_key is not None and self.filter(dedupe_key=dedupe_key).exists()


class PollVote(models.Model):
    """One vote; ``dedupe_key`` ("p:<participant>" or "b:<browser hash>") is unique per poll."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="votes")
    choice = models.ForeignKey(PollChoice, on_delete=models.CASCADE, related_name="votes")
    participant = models.ForeignKey(
        Participant, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    dedupe_key = models.CharField(max_length=80)
    created_at = models.DateTimeField(default=timezone.now)

    objects = PollVoteQuerySet.as_manager()

    class Meta:
        verbose_name = _("poll vote")
        verbose_name_plural = _("poll votes")
        constraints = [
            models.UniqueConstraint(fields=["poll", "dedupe_key"], name="wp_pollvote_once")
        ]

    def __str__(self):
        return f"{self.poll}: {self.choice}"
