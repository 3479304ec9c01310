"""Participatory budgets: the page, its areas, residents' proposals, ballots and delivery.

``BudgetPageMixin`` is what makes a page a budget (a site composes its own page from it);
``BudgetPage`` is the concrete page. ``BudgetArea`` splits the budget into districts beside the
city-wide pot. ``BudgetProposal`` extends core's ``Contribution`` table (moderation queue,
reports, comments, "Your data" and "forget me" take it); ``ProposalSupport`` is one resident's
support for one proposal; ``Ballot`` (with its ``BallotChoice`` rows) is one resident's vote in
one area or city-wide, unique by a database constraint; ``ProgressUpdate`` reports delivery.
"""

from __future__ import annotations

import datetime
import uuid
from typing import TYPE_CHECKING, Any, ClassVar

import swapper
from django.conf import settings as django_settings
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page

from wagtail_participation.core import converters  # noqa: F401  (registers <wp_id:...>)
from wagtail_participation.core.api import METHOD_PAGE_API_FIELDS
from wagtail_participation.core.eligibility import EligibilityPageMixin
from wagtail_participation.core.models import (
    Contribution,
    ContributionQuerySet,
    ModerationState,
    Participant,
    ParticipationMethodPageMixin,
    Thumbnail,
    VotingCode,
)
from wagtail_participation.core.permissions import moderatable_contributions
from wagtail_participation.core.phases import Phase, phase_for
from wagtail_participation.core.policy import Action, Reason
from wagtail_participation.core.translations import canonical_page_id, in_active_language

from .conf import settings
from .panels import BudgetSummaryPanel

PAGE_MODEL = swapper.get_model_name("wagtailcore", "Page")

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

#: Supporting a proposal while proposals are collected (core.policy's actions are strings).
SUPPORT = "support"


def _views():
    # cycle: views imports models (the routes below call the views with the page).
    from . import views

    return views


def default_currency() -> str:
    return settings.BUDGET_CURRENCY


class VotingMethod(models.TextChoices):
    KNAPSACK = "knapsack", _("Choose projects up to the budget")
    APPROVAL = "approval", _("Choose up to a number of projects")
    CUMULATIVE = "cumulative", _("Spread points over projects")
    RANKED = "ranked", _("Rank your favourite projects")


class CountingRule(models.TextChoices):
    GREEDY = "greedy", _("Most votes first (greedy)")
    EQUAL_SHARES = "equal_shares", _("Method of Equal Shares")


class Stage(models.TextChoices):
    """Where a budget is in its year (shown to residents and on the project timeline)."""

    UPCOMING = "upcoming", _("Starting soon")
    PROPOSALS = "proposals", _("Proposals")
    REVIEW = "review", _("Feasibility review")
    VOTING = "voting", _("Voting")
    RESULTS = "results", _("Results")
    DELIVERY = "delivery", _("Delivery")


class Feasibility(models.TextChoices):
    UNCHECKED = "unchecked", _("Not checked yet")
    FEASIBLE = "feasible", _("Feasible")
    NOT_FEASIBLE = "not_feasible", _("Not feasible")


class DeliveryStatus(models.TextChoices):
    NONE = "", _("Not funded")
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")


class BallotSource(models.TextChoices):
    ONLINE = "online", _("Online")
    PAPER = "paper", _("Paper ballot entered by staff")


class BudgetPageMixin(RoutablePageMixin, EligibilityPageMixin, ParticipationMethodPageMixin):
    """What makes a page a participatory budget; mix into your own page type to extend it.

    Who may vote follows ``core.eligibility`` (the "Who may take part" panel on the settings
    tab), voting codes included: a resident holding a code votes with it, signed in or not, and
    the code votes once per pot (``services.cast_ballot``). Codes are generated per area
    (``voting_code_areas``): an area's code votes city-wide and in that area; a code for the
    whole budget votes city-wide and in one area of the resident's choice.

    Core's ``opens_at`` opens proposals and ``closes_at`` ends the whole process (delivery
    included); the stages between are this mixin's dates. Its URLs are routes of the page, each
    calling a function of ``wagtail_participation.budgeting.views``.
    """

    intro = RichTextField(
        _("introduction"), blank=True, features=["bold", "italic", "link", "ul", "ol", "h2", "h3"]
    )
    total_budget = models.PositiveBigIntegerField(
        _("total budget"),
        default=0,
        help_text=_("In whole units of the currency: the city-wide pot plus every area's budget."),
    )
    citywide_budget = models.PositiveBigIntegerField(
        _("city-wide budget"),
        default=0,
        help_text=_(
            "The part of the budget every resident votes on. With no areas, the whole budget."
        ),
    )
    currency = models.CharField(_("currency"), max_length=3, default=default_currency)
    proposals_close_at = models.DateTimeField(_("proposals close"), null=True, blank=True)
    review_ends_at = models.DateTimeField(_("feasibility review ends"), null=True, blank=True)
    voting_opens_at = models.DateTimeField(_("voting opens"), null=True, blank=True)
    voting_closes_at = models.DateTimeField(_("voting closes"), null=True, blank=True)
    delivery_starts_at = models.DateTimeField(_("delivery starts"), null=True, blank=True)
    accepts_proposals = models.BooleanField(
        _("residents may propose projects"),
        default=True,
        help_text=_("Off: only staff enter the projects residents vote on."),
    )
    voting_method = models.CharField(
        _("voting method"),
        max_length=12,
        choices=VotingMethod.choices,
        default=VotingMethod.KNAPSACK,
    )
    max_choices = models.PositiveSmallIntegerField(
        _("most projects a resident may choose or rank"),
        default=5,
        help_text=_("For choosing up to a number of projects, and for ranking."),
    )
    points = models.PositiveSmallIntegerField(
        _("points to spread"),
        default=10,
        help_text=_("For spreading points over projects."),
    )
    ballots_changeable = models.BooleanField(
        _("residents may change their ballot until voting closes"), default=True
    )
    counting_rule = models.CharField(
        _("counting shown to the public"),
        max_length=14,
        choices=CountingRule.choices,
        default=CountingRule.GREEDY,
        help_text=_("Editors see both counts side by side on the results page."),
    )

    api_fields = [
        *METHOD_PAGE_API_FIELDS,
        APIField("intro"),
        APIField("total_budget"),
        APIField("citywide_budget"),
        APIField("currency"),
        APIField("proposals_close_at"),
        APIField("review_ends_at"),
        APIField("voting_opens_at"),
        APIField("voting_closes_at"),
        APIField("delivery_starts_at"),
        APIField("voting_method"),
        APIField("max_choices"),
        APIField("points"),
    ]
    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldPanel("total_budget"), FieldPanel("citywide_budget"), FieldPanel("currency")],
            heading=_("Budget"),
        ),
        InlinePanel("budget_areas", heading=_("Areas"), label=_("Area")),
        BudgetSummaryPanel(),
    ]
    budget_panels = [
        MultiFieldPanel(
            [
                FieldPanel("proposals_close_at"),
                FieldPanel("review_ends_at"),
                FieldPanel("voting_opens_at"),
                FieldPanel("voting_closes_at"),
                FieldPanel("delivery_starts_at"),
            ],
            heading=_("Stages"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("accepts_proposals"),
                FieldPanel("voting_method"),
                FieldPanel("max_choices"),
                FieldPanel("points"),
                FieldPanel("ballots_changeable"),
                FieldPanel("counting_rule"),
            ],
            heading=_("Voting"),
        ),
    ]
    settings_panels = (
        Page.settings_panels
        + ParticipationMethodPageMixin.dates_panels
        + budget_panels
        + ParticipationMethodPageMixin.participation_panels
        + EligibilityPageMixin.eligibility_panels
    )

    #: Ballots claim the resident's voting code (``services.cast_ballot``).
    voting_codes_supported: ClassVar[bool] = True
    #: The requirements apply to voting (and proposing, supporting: as the page's own rule).
    eligibility_actions: ClassVar[frozenset[str]] = frozenset({Action.VOTE})

    class Meta:
        abstract = True

    # Voting codes (core.eligibility, core.voting_codes)

    def voting_code_areas(self) -> list[tuple[str, str]]:
        """Codes for the whole budget (city-wide and one area of the resident's choice) or for
        one area (city-wide and that area): the key is the area's id."""
        from django.utils.translation import gettext

        return [("", gettext("The whole budget (city-wide and any one area)"))] + [
            (str(area.pk), area.name) for area in self.areas()
        ]

    def code_allows_scope(self, code: VotingCode, scope: Scope) -> bool:
        """Whether ``code`` votes in ``scope``: city-wide always, an area when the code is for
        it or for the whole budget."""
        return scope.area is None or not code.area or code.area == str(scope.area.pk)

    # Routes: the views live in views.py so a site's own budget page type gets them unchanged.

    @path("", name="budget")
    def budget_route(self, request: HttpRequest) -> HttpResponse:
        return _views().budget_page(request, self)

    @path("proposals/", name="proposals")
    def proposals_route(self, request: HttpRequest) -> HttpResponse:
        return _views().proposal_list(request, self)

    @path("proposals/<wp_id:proposal_id>/", name="proposal")
    def proposal_route(self, request: HttpRequest, proposal_id: int) -> HttpResponse:
        return _views().proposal_detail(request, self, proposal_id)

    @path("proposals/<wp_id:proposal_id>/support/", name="support")
    def support_route(self, request: HttpRequest, proposal_id: int) -> HttpResponse:
        return _views().support(request, self, proposal_id)

    @path("propose/", name="propose")
    def propose_route(self, request: HttpRequest) -> HttpResponse:
        return _views().propose(request, self)

    @path("vote/", name="vote")
    def vote_route(self, request: HttpRequest) -> HttpResponse:
        return _views().ballot(request, self, None)

    @path("vote/<wp_id:area_id>/", name="vote_area")
    def vote_area_route(self, request: HttpRequest, area_id: int) -> HttpResponse:
        return _views().ballot(request, self, area_id)

    @path("ballot/", name="my_ballots")
    def my_ballots_route(self, request: HttpRequest) -> HttpResponse:
        return _views().my_ballots(request, self)

    @path("results/", name="results")
    def results_route(self, request: HttpRequest) -> HttpResponse:
        return _views().results(request, self)

    @path("results/csv/", name="results_csv")
    def results_csv_route(self, request: HttpRequest) -> HttpResponse:
        return _views().results_csv(request, self)

    @path("results/pb/", name="results_pb")
    def results_pb_route(self, request: HttpRequest) -> HttpResponse:
        return _views().results_pb(request, self, None)

    @path("results/<wp_id:area_id>/pb/", name="results_pb_area")
    def results_pb_area_route(self, request: HttpRequest, area_id: int) -> HttpResponse:
        return _views().results_pb(request, self, area_id)

    def subpage_url(self, name: str, *args: Any) -> str:
        return (self.url or "") + self.reverse_subpage(name, args=list(args) or None)

    @property
    def proposals_url(self) -> str:
        return self.subpage_url("proposals")

    @property
    def propose_url(self) -> str:
        return self.subpage_url("propose")

    @property
    def my_ballots_url(self) -> str:
        return self.subpage_url("my_ballots")

    @property
    def results_url(self) -> str:
        return self.subpage_url("results")

    @property
    def results_csv_url(self) -> str:
        return self.subpage_url("results_csv")

    # Areas, scopes

    def areas(self) -> list[BudgetArea]:
        # The canonical translation's areas: ballots and proposals are stored against them.
        areas = BudgetArea.objects.filter(page_id=canonical_page_id(self))
        return list(areas.order_by("sort_order", "pk"))

    def scopes(self) -> list[Scope]:
        """The city-wide pot (when it has money or there are no areas), then each area."""
        areas = self.areas()
        scopes = []
        if self.citywide_budget or not areas:
            scopes.append(Scope(self, None))
        scopes.extend(Scope(self, area) for area in areas)
        return scopes

    def scope(self, area_id: int | None) -> Scope | None:
        """The scope ``area_id`` names here (None: city-wide), or None if it is not this page's."""
        return next((s for s in self.scopes() if s.area_id == area_id), None)

    # Stages

    def stage_dates(self) -> list[tuple[str, StrOrPromise, Any, Any]]:
        """(stage, label, start, end) for each stage with a date, in order."""
        return [
            (Stage.PROPOSALS, Stage.PROPOSALS.label, self.opens_at, self.proposals_close_at),
            (Stage.REVIEW, Stage.REVIEW.label, self.proposals_close_at, self.review_ends_at),
            (Stage.VOTING, Stage.VOTING.label, self.voting_opens_at, self.voting_closes_at),
            (Stage.RESULTS, Stage.RESULTS.label, self.voting_closes_at, self.delivery_starts_at),
            (Stage.DELIVERY, Stage.DELIVERY.label, self.delivery_starts_at, self.closes_at),
        ]

    def stage(self, now: datetime.datetime | None = None) -> Stage:
        now = now or timezone.now()
        if self.voting_closes_at and now >= self.voting_closes_at:
            if self.delivery_starts_at and now >= self.delivery_starts_at:
                return Stage.DELIVERY
            return Stage.RESULTS
        if self.voting_opens_at and now >= self.voting_opens_at:
            return Stage.VOTING
        if self.proposals_close_at and now >= self.proposals_close_at:
            return Stage.REVIEW
        if self.opens_at and now < self.opens_at:
            return Stage.UPCOMING
        return Stage.PROPOSALS

    def get_stage_display(self) -> StrOrPromise:
        return self.stage().label

    @property
    def results_available(self) -> bool:
        """The vote has closed (the public results are shown from then on)."""
        return self.voting_closes_at is not None and timezone.now() >= self.voting_closes_at

    def timeline_entries(self) -> list[dict[str, Any]]:
        """The stages for the project's timeline (``projects``' ``timeline()``)."""
        entries = []
        for stage, label, start, end in self.stage_dates():
            if start is None and end is None:
                continue
            url = self.url or ""
            if stage in (Stage.RESULTS, Stage.DELIVERY) and self.results_available:
                url = self.subpage_url("results")
            entries.append(
                {
                    "label": f"{self.title}: {label}",
                    "start": timezone.localdate(start) if start else None,
                    "end": timezone.localdate(end) if end else None,
                    "phase": phase_for(start, end),
                    "url": url,
                    "description": "",
                }
            )
        for update in ProgressUpdate.objects.filter(
            proposal__page_id=canonical_page_id(self)
        ).select_related("proposal"):
            entries.append(
                {
                    "label": f"{update.proposal.title}: {update.title}",
                    "start": update.date,
                    "end": None,
                    "phase": Phase.CLOSED if update.date < timezone.localdate() else Phase.OPEN,
                    "url": update.proposal.get_absolute_url(),
                    "description": update.text,
                }
            )
        return entries

    # core.policy: proposing (CONTRIBUTE) from opens_at to proposals_close_at, supporting
    # likewise, voting (VOTE) from voting_opens_at to voting_closes_at, comments throughout.

    def participation_phase(
        self, action: Action | str | None, now: datetime.datetime | None = None
    ) -> Phase:
        if action in (Action.CONTRIBUTE, SUPPORT):
            return phase_for(self.opens_at, self.proposals_close_at, now)
        if action == Action.VOTE:
            if self.voting_opens_at is None:
                return Phase.UPCOMING
            return phase_for(self.voting_opens_at, self.voting_closes_at, now)
        return phase_for(self.opens_at, self.closes_at, now)

    def offers_action(self, action: Action | str) -> bool:
        if action == Action.CONTRIBUTE:
            return self.accepts_proposals
        if action in (Action.ANSWER, Action.SIGN):
            return False
        return super().offers_action(action)

    def refusal_message(self, action: Action | str, reason: Reason) -> StrOrPromise:
        if action == Action.CONTRIBUTE:
            if reason == Reason.NOT_OFFERED:
                return _("Staff enter the projects of this budget; residents vote on them.")
            if reason in (Reason.NOT_OPEN_YET, Reason.CLOSED):
                return _("This budget is not taking proposals at the moment.")
            if reason == Reason.SIGN_IN_REQUIRED:
                return _("Please sign in to propose a project. We will email you a link.")
        if action == SUPPORT and reason in (Reason.NOT_OPEN_YET, Reason.CLOSED):
            return _("Proposals can be supported only while proposals are collected.")
        if action == Action.VOTE:
            if reason == Reason.NOT_OPEN_YET:
                return _("Voting has not opened yet. Please come back when it opens.")
            if reason == Reason.CLOSED:
                return _("Voting has closed. The results are on the results page.")
            if reason == Reason.SIGN_IN_REQUIRED:
                return _("Please sign in to vote. We will email you a link; no password is needed.")
        return super().refusal_message(action, reason)

    # Money

    def format_money(self, amount: int | None) -> str:
        if amount is None:
            return ""
        return f"{amount:,} {self.currency}"


class Scope:
    """One pot residents vote on: the city-wide budget (``area`` None) or one area's."""

    def __init__(self, page: BudgetPageMixin, area: BudgetArea | None):
        self.page = page
        self.area = area

    @property
    def area_id(self) -> int | None:
        return self.area.pk if self.area else None

    @property
    def key(self) -> int:
        """In URLs (the .pb download): 0 for city-wide, else the area's id."""
        return self.area.pk if self.area else 0

    @property
    def name(self) -> StrOrPromise:
        return self.area.name if self.area else _("City-wide")

    @property
    def budget(self) -> int:
        if self.area is not None:
            return self.area.budget
        return self.page.citywide_budget or self.page.total_budget

    @property
    def vote_url(self) -> str:
        if self.area is None:
            return self.page.subpage_url("vote")
        return self.page.subpage_url("vote_area", self.area.pk)

    @property
    def pb_url(self) -> str:
        if self.area is None:
            return self.page.subpage_url("results_pb")
        return self.page.subpage_url("results_pb_area", self.area.pk)

    def proposals(self) -> BudgetProposalQuerySet:
        """The projects on this scope's ballot: published, feasible, with their area."""
        return BudgetProposal.objects.on_ballot(self.page, self.area)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Scope) and (self.page.pk, self.area_id) == (
            other.page.pk,
            other.area_id,
        )

    def __hash__(self) -> int:
        return hash((self.page.pk, self.area_id))


class BudgetArea(Orderable):
    """A district with its own budget beside the city-wide pot (CONSUL's headings)."""

    page = ParentalKey(PAGE_MODEL, on_delete=models.CASCADE, related_name="budget_areas")
    name = models.CharField(_("name"), max_length=120)
    budget = models.PositiveBigIntegerField(_("budget"), default=0)
    area = models.ForeignKey(
        "wagtail_participation_projects.Area",
        verbose_name=_("area (taxonomy)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Residents of this area (by their postcode) vote here, where the site knows it."
        ),
    )

    panels = [FieldPanel("name"), FieldPanel("budget"), FieldPanel("area")]

    class Meta(Orderable.Meta):
        verbose_name = _("budget area")
        verbose_name_plural = _("budget areas")

    def __str__(self) -> str:
        return self.name


class BudgetProposalQuerySet(ContributionQuerySet["BudgetProposal"]):
    """Which proposals who may see: ``public()``, ``visible_to(participant)`` (core's),
    ``for_moderator(user)``; and those on a ballot."""

    def on_budget(self, page: Page | int) -> BudgetProposalQuerySet:
        """The proposals of ``page`` (a page: and of its translations) or of a page id."""
        return self.filter(page_id=page if isinstance(page, int) else canonical_page_id(page))

    def by_author(self, participant: Participant | None) -> BudgetProposalQuerySet:
        return self.filter(author=participant) if participant is not None else self.none()

    def for_moderator(self, user: Any) -> BudgetProposalQuerySet:
        return moderatable_contributions(user, self)

    def on_ballot(self, page: Page, area: BudgetArea | None) -> BudgetProposalQuerySet:
        """Published, not ruled out as not feasible, in ``area`` (None: city-wide)."""
        return (
            self.on_budget(page)
            .public()
            .exclude(feasibility=Feasibility.NOT_FEASIBLE)
            .filter(budget_area=area)
            .order_by("title", "pk")
        )

    def funded(self) -> BudgetProposalQuerySet:
        return self.exclude(delivery_status=DeliveryStatus.NONE)


def proposal_photo_path(instance: Any, filename: str) -> str:
    # A random name: a pending proposal's photo is not guessable.
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "jpg"
    return f"participation/budgets/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{extension}"


BudgetProposalManager = models.Manager.from_queryset(BudgetProposalQuerySet)


class BudgetProposal(Contribution):
    """A project residents may vote on: proposed by a resident (moderated) or entered by staff;
    staff set its final cost, area and feasibility, and once funded its delivery."""

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    redactable_field_names = ("title", "description", "place", "photo_alt")
    photo = models.ImageField(_("photo"), upload_to=proposal_photo_path, blank=True, max_length=200)
    photo_alt = models.CharField(_("photo description"), max_length=200, blank=True)
    estimated_cost = models.PositiveBigIntegerField(_("estimated cost"), null=True, blank=True)
    final_cost = models.PositiveBigIntegerField(
        _("final cost"), null=True, blank=True, help_text=_("Set by staff after the review.")
    )
    budget_area = models.ForeignKey(
        BudgetArea,
        verbose_name=_("area"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposals",
        help_text=_("Empty: the city-wide pot."),
    )
    feasibility = models.CharField(
        _("feasibility"),
        max_length=14,
        choices=Feasibility.choices,
        default=Feasibility.UNCHECKED,
        db_index=True,
    )
    feasibility_reason = models.TextField(
        _("reason (public)"),
        blank=True,
        help_text=_("Why the project is not feasible, shown to residents."),
    )
    entered_by_staff = models.BooleanField(_("entered by staff"), default=False)
    delivery_status = models.CharField(
        _("delivery"), max_length=12, choices=DeliveryStatus.choices, default="", blank=True
    )
    # Cached count, kept exact by atomic updates in services.
    support_count = models.PositiveIntegerField(_("supporters"), default=0, editable=False)

    objects: ClassVar[BudgetProposalManager] = BudgetProposalManager()

    class Meta:
        verbose_name = _("budget proposal")
        verbose_name_plural = _("budget proposals")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def get_summary(self) -> str:
        return f"{self.title}: {self.description}"

    def get_export_text(self) -> str:
        return f"{self.title}\n\n{self.description}"

    def get_thumbnail(self) -> Thumbnail | None:
        if not self.photo:
            return None
        return Thumbnail(url=self.photo.url, alt=self.photo_alt)

    def get_absolute_url(self) -> str:
        page = in_active_language(self.page.specific)  # the budget in the reader's language
        if not page.url:
            return ""
        return page.url + page.reverse_subpage("proposal", args=[self.pk])

    @property
    def support_url(self) -> str:
        page = in_active_language(self.page.specific)
        return (page.url or "") + page.reverse_subpage("support", args=[self.pk])

    @property
    def cost(self) -> int | None:
        """What the project costs on the ballot: the final cost, else the estimate."""
        return self.final_cost if self.final_cost is not None else self.estimated_cost

    @property
    def is_funded(self) -> bool:
        return self.delivery_status != DeliveryStatus.NONE

    @property
    def is_pending(self) -> bool:
        return self.moderation_state == ModerationState.PENDING


class ProposalSupport(models.Model):
    """One resident's support for one proposal while proposals are collected."""

    proposal = models.ForeignKey(
        BudgetProposal,
        verbose_name=_("proposal"),
        on_delete=models.CASCADE,
        related_name="supports",
    )
    participant = models.ForeignKey(
        Participant, verbose_name=_("participant"), on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(_("supported"), default=timezone.now)

    class Meta:
        verbose_name = _("proposal support")
        verbose_name_plural = _("proposal supports")
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "participant"], name="wp_budgetsupport_once"
            )
        ]


class BallotQuerySet(models.QuerySet["Ballot"]):
    def on_budget(self, page: Page | int) -> BallotQuerySet:
        """The ballots of ``page`` (a page: and of its translations) or of a page id."""
        return self.filter(page_id=page if isinstance(page, int) else canonical_page_id(page))

    def in_scope(self, page: Page | int, area: BudgetArea | int | None) -> BallotQuerySet:
        area_id = getattr(area, "pk", area)
        if area_id is None:
            return self.on_budget(page).filter(area__isnull=True)
        return self.on_budget(page).filter(area_id=area_id)

    def by(self, participant: Participant | None) -> BallotQuerySet:
        return self.filter(participant=participant) if participant is not None else self.none()

    def with_code(self, code: VotingCode | None) -> BallotQuerySet:
        return self.filter(voting_code=code) if code is not None else self.none()

    def for_moderator(self, user: Any) -> BallotQuerySet:
        """Ballots on budgets ``user`` may moderate (core.permissions' rule, by page)."""
        return moderatable_contributions(user, self)


class Ballot(models.Model):
    """One resident's ballot in one pot of one budget: their area's or the city-wide one.

    The database keeps it to one: a resident has at most one city-wide ballot and one area
    ballot per budget (partial unique constraints; a paper ballot has no participant), and so
    has a voting code (a code's ballot has ``voting_code`` and no participant). The
    choices are ``BallotChoice`` rows: ``value`` is 1 (knapsack, approval), the points given
    (cumulative) or the rank, 1 the favourite (ranked).
    """

    page = models.ForeignKey(
        PAGE_MODEL, verbose_name=_("budget"), on_delete=models.CASCADE, related_name="+"
    )
    area = models.ForeignKey(
        BudgetArea,
        verbose_name=_("area"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="ballots",
    )
    participant = models.ForeignKey(
        Participant,
        verbose_name=_("resident"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="budget_ballots",
    )
    voting_code = models.ForeignKey(
        VotingCode,
        verbose_name=_("voting code"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The code from a letter this ballot was cast with (the resident is unknown)."),
    )
    source = models.CharField(
        _("source"), max_length=10, choices=BallotSource.choices, default=BallotSource.ONLINE
    )
    entered_by = models.ForeignKey(
        django_settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    paper_reference = models.CharField(
        _("paper ballot number"), max_length=40, blank=True, help_text=_("Written on the paper.")
    )
    created_at = models.DateTimeField(_("cast"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("changed"), default=timezone.now)

    objects = BallotQuerySet.as_manager()

    #: Many and anonymous: not content Wagtail's "usage" screens should list (one INSERT less).
    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["page", "participant"],
                condition=models.Q(area__isnull=True, participant__isnull=False),
                name="wp_ballot_once_citywide",
            ),
            models.UniqueConstraint(
                fields=["page", "participant"],
                condition=models.Q(area__isnull=False, participant__isnull=False),
                name="wp_ballot_once_in_an_area",
            ),
            models.UniqueConstraint(
                fields=["page", "voting_code"],
                condition=models.Q(area__isnull=True, voting_code__isnull=False),
                name="wp_ballot_code_once_citywide",
            ),
            models.UniqueConstraint(
                fields=["page", "voting_code"],
                condition=models.Q(area__isnull=False, voting_code__isnull=False),
                name="wp_ballot_code_once_in_an_area",
            ),
        ]

    def __str__(self) -> str:
        return f"{_('Ballot')} #{self.pk}"

    @property
    def scope_name(self) -> StrOrPromise:
        return self.area.name if self.area_id and self.area else _("City-wide")


class BallotChoice(models.Model):
    """One project on a ballot, with the points or rank given to it."""

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="choices")
    proposal = models.ForeignKey(BudgetProposal, on_delete=models.CASCADE, related_name="+")
    value = models.PositiveIntegerField(default=1)

    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("ballot choice")
        verbose_name_plural = _("ballot choices")
        constraints = [
            models.UniqueConstraint(fields=["ballot", "proposal"], name="wp_ballotchoice_once")
        ]


def update_photo_path(instance: Any, filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "jpg"
    return f"participation/budgets/updates/{uuid.uuid4().hex}.{extension}"


class ProgressUpdate(models.Model):
    """A report on a funded project's delivery ("you said, we did")."""

    proposal = models.ForeignKey(
        BudgetProposal, verbose_name=_("project"), on_delete=models.CASCADE, related_name="updates"
    )
    date = models.DateField(_("date"), default=datetime.date.today)
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"), blank=True)
    photo = models.ImageField(_("photo"), upload_to=update_photo_path, blank=True, max_length=200)
    photo_alt = models.CharField(_("photo description"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        django_settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return self.title


# Wagtail's Page is untyped: django-stubs cannot resolve its managers.
class BudgetPage(BudgetPageMixin, Page):  # type: ignore[django-manager-missing]
    """A participatory budget, under a participation project or anywhere in the page tree."""

    subpage_types: list[str] = []
    template = "wagtail_participation_budgeting/budget_page.html"

    class Meta:
        verbose_name = _("participatory budget")
        verbose_name_plural = _("participatory budgets")
