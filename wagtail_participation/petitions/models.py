"""Petitions: residents start and sign them; the council answers at a threshold.

``PetitionIndexPage`` lists petitions and, when the council allows it, lets residents
start one. ``PetitionPage`` (built from ``PetitionPageMixin``) is one petition.
``Signature`` is one resident's name on one petition: unique per normalised email in
the database, counted only once confirmed by email and not held or invalidated.
``PetitionTally`` holds a petition's confirmed count, brought up to date by a task, so
signing never touches the petition's own row (see docs/explanation/petitions-surge.md).
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, ClassVar, Self

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page, PageManager
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.query import PageQuerySet
from wagtail.search import index

from wagtail_participation.core.api import METHOD_PAGE_API_FIELDS, number_field, text_field
from wagtail_participation.core.models import Participant, ParticipationMethodPageMixin
from wagtail_participation.core.models.contributions import PAGE_MODEL
from wagtail_participation.core.page_types import page_models
from wagtail_participation.core.phases import Phase
from wagtail_participation.core.policy import (
    AccessRequirement,
    Action,
    PolicyMixin,
    Reason,
    page_decision,
)
from wagtail_participation.core.preview import as_visitor
from wagtail_participation.core.translations import canonical_page_id

from .conf import settings
from .emails import email_domain, normalise_signature_email
from .panels import PetitionSummaryPanel

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class PetitionState(models.TextChoices):
    """Where a petition is in moderation. Closed, answered and debated follow from its dates."""

    SPONSORING = "sponsoring", _("Collecting supporters")
    MODERATION = "moderation", _("Awaiting moderation")
    OPEN = "open", _("Published")
    REJECTED = "rejected", _("Rejected")
    HIDDEN = "hidden", _("Rejected and hidden")


class PublicStatus(models.TextChoices):
    """What residents see: the filters of the petitions index."""

    OPEN = "open", pgettext_lazy("petition status", "Open")
    CLOSED = "closed", pgettext_lazy("petition status", "Closed")
    RESPONDED = "responded", pgettext_lazy("petition status", "Answered")
    DEBATED = "debated", pgettext_lazy("petition status", "Debated")
    REJECTED = "rejected", pgettext_lazy("petition status", "Rejected")


def rejection_reason_choices():
    return [(value, label) for value, label, _hidden in settings.PETITION_REJECTION_REASONS]


def rejection_hides(reason: str) -> bool:
    return any(
        value == reason and hidden for value, _label, hidden in settings.PETITION_REJECTION_REASONS
    )


class PetitionPageQuerySet(PageQuerySet):
    """Petition pages (of one concrete type) as residents and the council's tasks see them."""

    def listed(self) -> PetitionPageQuerySet:
        """What anyone may see in a listing: live, behind no view restriction, published or
        rejected (hidden ones, and those still collecting supporters or awaiting moderation,
        left out)."""
        return self.live().public().filter(state__in=[PetitionState.OPEN, PetitionState.REJECTED])

    def with_status(
        self, status: str, now: datetime.datetime | None = None
    ) -> PetitionPageQuerySet:
        """Narrowed to a ``PublicStatus`` (the index's filters); unchanged for any other value."""
        now = now or timezone.now()
        if status == PublicStatus.OPEN:
            return self.filter(state=PetitionState.OPEN, response_date__isnull=True).exclude(
                closes_at__lte=now
            )
        if status == PublicStatus.CLOSED:
            return self.filter(state=PetitionState.OPEN, closes_at__lte=now)
        if status == PublicStatus.RESPONDED:
            return self.filter(state=PetitionState.OPEN, response_date__isnull=False)
        if status == PublicStatus.DEBATED:
            return self.filter(state=PetitionState.OPEN, debate_date__isnull=False)
        if status == PublicStatus.REJECTED:
            return self.filter(state=PetitionState.REJECTED)
        return self

    def signable(self, now: datetime.datetime | None = None) -> PetitionPageQuerySet:
        """Published petitions that take signatures now: opened, not yet closed (``is_signable``;
        answered ones still take signatures). Narrow ``listed()`` with it."""
        now = now or timezone.now()
        return (
            self.filter(state=PetitionState.OPEN)
            .filter(Q(opens_at__isnull=True) | Q(opens_at__lte=now))
            .filter(Q(closes_at__isnull=True) | Q(closes_at__gt=now))
        )

    def done_before(self, cutoff: datetime.datetime) -> PetitionPageQuerySet:
        """Petitions closed before ``cutoff``, or that reached a state that never opens them
        (rejected, hidden, still without supporters or moderation) before it."""
        return self.filter(
            Q(closes_at__isnull=False, closes_at__lte=cutoff)
            | Q(
                state__in=[
                    PetitionState.REJECTED,
                    PetitionState.HIDDEN,
                    PetitionState.SPONSORING,
                    PetitionState.MODERATION,
                ],
                state_changed_at__lte=cutoff,
            )
        )


PetitionPageManager = PageManager.from_queryset(PetitionPageQuerySet)


class PetitionIndexPageMixin(PolicyMixin, RoutablePageMixin, models.Model):
    """What makes a page the council's petitions index: open, closed and answered petitions,
    and a way to start one. Mix into your own page type (with ``Page``) to extend it; its
    petitions are its children of the petition page type it allows (``subpage_types``).

    Starting a petition (``core.policy``'s ``Action.CONTRIBUTE`` here) needs a verified
    mailbox: its creator signs it and is emailed about it.
    """

    intro = RichTextField(
        _("introduction"), blank=True, features=["bold", "italic", "link", "ul", "ol", "h2"]
    )
    allow_resident_petitions = models.BooleanField(
        _("residents may start petitions"),
        default=True,
        help_text=_(
            "Show a 'Start a petition' button. Residents' petitions wait for supporters and moderation."
        ),
    )
    rules = RichTextField(
        _("rules for petitions"),
        blank=True,
        features=["bold", "italic", "link", "ul", "ol"],
        help_text=_(
            "Shown to residents who start a petition: what the council accepts and rejects."
        ),
    )

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("rules")]
    settings_panels = Page.settings_panels + [FieldPanel("allow_resident_petitions")]
    api_fields = [APIField("intro"), APIField("rules"), APIField("allow_resident_petitions")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    class Meta:
        abstract = True

    # Routes. cycle: views imports models, so the views are imported when a route runs.

    @path("", name="listing")
    def listing_route(self, request: HttpRequest) -> HttpResponse:
        from . import views

        return views.petition_index(request, self)

    @path("start/", name="start")
    def start_route(self, request: HttpRequest) -> HttpResponse:
        from . import views

        return views.start_petition(request, self)

    @path("similar/", name="similar")
    def similar_route(self, request: HttpRequest) -> HttpResponse:
        from . import views

        return views.similar_petitions(request, self)

    @property
    def start_url(self) -> str:
        return (self.url or "") + self.reverse_subpage("start")

    def offers_action(self, action: Action | str) -> bool:
        return (
            self.allow_resident_petitions
            if action == Action.CONTRIBUTE
            else super().offers_action(action)
        )

    def participation_requirement(self, action: Action | str) -> AccessRequirement | str:
        if action == Action.CONTRIBUTE:
            return AccessRequirement.VERIFIED_EMAIL
        return super().participation_requirement(action)

    def participant_refusal(
        self, action: Action | str, participant: Participant | None
    ) -> Reason | None:
        reason = super().participant_refusal(action, participant)
        if (
            reason is None
            and action == Action.CONTRIBUTE
            and (participant is None or not participant.mailbox_key)
        ):
            # A site user whose address the site has not verified (USER_EMAIL_VERIFIED), or an
            # email-link resident without a mailbox: the petition needs one.
            return Reason.VERIFIED_EMAIL_REQUIRED
        return reason

    def refusal_message(self, action: Action | str, reason: Reason) -> StrOrPromise:
        if action == Action.CONTRIBUTE and reason == Reason.VERIFIED_EMAIL_REQUIRED:
            return _(
                "Starting a petition needs a verified email address. Please verify your account's "
                "email address on this site, then come back."
            )
        return super().refusal_message(action, reason)

    @classmethod
    def petition_model(cls) -> type[PetitionPageMixin]:
        """The petition page type this index holds: the first one its ``subpage_types`` allow
        (the package's ``PetitionPage`` when it allows none of them)."""
        for model in cls.allowed_subpage_models():
            if issubclass(model, PetitionPageMixin):
                return model
        return petition_page_models()[0]

    def petitions(self) -> PetitionPageQuerySet:
        """Published petitions under this index, newest first (rejected ones included, hidden
        ones left out)."""
        return self.petition_model().objects.child_of(self).listed().order_by("-first_published_at")

    def new_petition(self, **fields: Any) -> PetitionPageMixin:
        """An unsaved petition of this index's petition page type."""
        return self.petition_model()(**fields)


# Wagtail's Page is untyped: django-stubs cannot resolve its managers (objects, milestones).
class PetitionIndexPage(PetitionIndexPageMixin, Page):  # type: ignore[django-manager-missing]
    subpage_types = ["wagtail_participation_petitions.PetitionPage"]

    class Meta:
        verbose_name = _("petitions index page")
        verbose_name_plural = _("petitions index pages")


class PetitionPageMixin(RoutablePageMixin, ParticipationMethodPageMixin):
    """What makes a page a petition; mix into your own page type to extend it.

    ``opens_at`` and ``closes_at`` (the deadline) come from the method mixin. The
    state, creator and rejection are kept on the page row and survive publishing an
    older revision (see ``with_content_json``).
    """

    request = models.CharField(
        _("we ask the council to"),
        max_length=255,
        help_text=_("One sentence: what the petition asks the council to do."),
    )
    background = models.TextField(
        _("background"), blank=True, help_text=_("Why the petition matters.")
    )
    details = models.TextField(_("more details"), blank=True)
    creator = models.ForeignKey(
        Participant,
        verbose_name=_("started by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    creator_name = models.CharField(_("creator's name shown"), max_length=120, blank=True)
    response_threshold = models.PositiveIntegerField(
        _("signatures for a response"),
        null=True,
        blank=True,
        help_text=_("Leave empty for the site's default."),
    )
    debate_threshold = models.PositiveIntegerField(
        _("signatures for a debate"),
        null=True,
        blank=True,
        help_text=_("Leave empty for the site's default."),
    )
    paper_signatures = models.PositiveIntegerField(
        _("paper signatures"),
        default=0,
        help_text=_("Signatures collected on paper and checked by staff; added to the count."),
    )
    response = RichTextField(
        _("council response"),
        blank=True,
        features=["bold", "italic", "link", "ul", "ol", "h2", "h3"],
    )
    response_date = models.DateField(
        _("response date"),
        null=True,
        blank=True,
        help_text=_(
            "Publishing with a response and its date emails every signer who asked for updates."
        ),
    )
    debate_date = models.DateField(_("debate date"), null=True, blank=True)
    debate_outcome = RichTextField(
        _("debate outcome"),
        blank=True,
        features=["bold", "italic", "link", "ul", "ol", "h2", "h3"],
        help_text=_("Publishing with an outcome emails every signer who asked for updates."),
    )
    state = models.CharField(
        _("state"),
        max_length=12,
        choices=PetitionState.choices,
        default=PetitionState.OPEN,
        db_index=True,
    )
    state_changed_at = models.DateTimeField(
        _("state changed"), null=True, blank=True, editable=False
    )
    rejection_reason = models.CharField(_("rejection reason"), max_length=40, blank=True)
    rejection_details = models.TextField(_("rejection details"), blank=True)
    sponsor_key = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)

    objects: ClassVar[PageManager] = PetitionPageManager()

    content_panels = Page.content_panels + [
        FieldPanel("request"),
        FieldPanel("background"),
        FieldPanel("details"),
        FieldPanel("creator_name"),
        PetitionSummaryPanel(),
    ]
    outcome_panels = [
        MultiFieldPanel(
            [FieldPanel("response_date"), FieldPanel("response")],
            heading=_("Council response"),
        ),
        MultiFieldPanel(
            [FieldPanel("debate_date"), FieldPanel("debate_outcome")],
            heading=_("Debate"),
        ),
        FieldPanel("paper_signatures"),
    ]
    threshold_panels = [
        MultiFieldPanel(
            [FieldPanel("response_threshold"), FieldPanel("debate_threshold")],
            heading=_("Thresholds"),
        )
    ]
    settings_panels = (
        Page.settings_panels + ParticipationMethodPageMixin.dates_panels + threshold_panels
    )

    api_fields = [
        *METHOD_PAGE_API_FIELDS,
        APIField("request"),
        APIField("background"),
        APIField("details"),
        text_field("public_status"),
        number_field("signature_count", source="count"),
        number_field("response_threshold", source="get_response_threshold"),
        number_field("debate_threshold", source="get_debate_threshold"),
        APIField("response"),
        APIField("response_date"),
        APIField("debate_date"),
        APIField("debate_outcome"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("request"),
        index.SearchField("background"),
        index.SearchField("details"),
        index.FilterField("state"),
        # Similar petitions narrow a search to the open ones (PetitionPageQuerySet.signable).
        index.FilterField("opens_at"),
        index.FilterField("closes_at"),
    ]

    #: Fields that record moderation rather than content: an older revision never brings them back.
    non_revision_fields = (
        "state",
        "state_changed_at",
        "rejection_reason",
        "rejection_details",
        "creator",
        "sponsor_key",
    )

    #: Left out of Wagtail's "Copy": a copy starts as a new petition (its own supporters' link,
    #: no starter, no outcome, no paper signatures; signatures stay with the original).
    exclude_fields_in_copy = [
        *non_revision_fields,
        "response",
        "response_date",
        "debate_date",
        "debate_outcome",
        "paper_signatures",
    ]

    class Meta:
        abstract = True

    def with_content_json(self, content: dict[str, Any]) -> PetitionPageMixin:
        obj = super().with_content_json(content)
        for name in self.non_revision_fields:
            setattr(obj, name, getattr(self, name))
        return obj

    # Preview: the petition and its sign form; nothing is signed (core.preview)

    @property
    def preview_modes(self) -> list[tuple[str, StrOrPromise]]:
        return [("", _("Petition")), ("sign", _("Sign form"))]

    def serve_preview(self, request: HttpRequest, mode_name: str) -> HttpResponse:
        from . import views

        if mode_name == "sign":
            return views.sign_preview(request, self)
        as_visitor(request)
        return super().serve_preview(request, mode_name)

    # Routes; the views live in views.py so a site's own petition page type gets them unchanged.
    # cycle: views imports models, so the views are imported when a route runs.

    @path("", name="petition")
    def petition_route(self, request: HttpRequest) -> HttpResponse:
        from . import views

        return views.petition_detail(request, self)

    @path("sign/", name="sign")
    def sign_route(self, request: HttpRequest) -> HttpResponse:
        from . import views

        return views.sign(request, self)

    @path("signed/", name="signed")
    def signed_route(self, request: HttpRequest) -> HttpResponse:
        from . import views

        return views.signed(request, self)

    @property
    def sign_url(self) -> str:
        return (self.url or "") + self.reverse_subpage("sign")

    # Thresholds and status

    def get_response_threshold(self) -> int:
        return self.response_threshold or settings.PETITION_RESPONSE_THRESHOLD

    def get_debate_threshold(self) -> int:
        return self.debate_threshold or settings.PETITION_DEBATE_THRESHOLD

    @property
    def is_published_petition(self) -> bool:
        return self.state == PetitionState.OPEN

    @property
    def is_signable(self) -> bool:
        """Residents may sign: published, live and open (``core.policy.page_decision``; sponsors
        sign while it collects supporters, through their link)."""
        return page_decision(Action.SIGN, self).allowed

    # core.policy: signing (Action.SIGN) is for a published, live petition between its dates,
    # and needs nobody signed in (the emailed confirmation link checks the mailbox).

    def offers_action(self, action: Action | str) -> bool:
        if action == Action.SIGN:
            return self.state == PetitionState.OPEN and self.live
        return super().offers_action(action)

    def participation_requirement(self, action: Action | str) -> AccessRequirement | str:
        if action == Action.SIGN:
            return AccessRequirement.ANYONE
        return super().participation_requirement(action)

    def refusal_message(self, action: Action | str, reason: Reason) -> StrOrPromise:
        if action == Action.SIGN:
            return _("This petition is not open for signatures.")
        return super().refusal_message(action, reason)

    @property
    def public_status(self) -> PublicStatus:
        if self.state in (PetitionState.REJECTED, PetitionState.HIDDEN):
            return PublicStatus.REJECTED
        if self.debate_date and self.debate_outcome:
            return PublicStatus.DEBATED
        if self.response_date and self.response:
            return PublicStatus.RESPONDED
        return PublicStatus.CLOSED if self.phase == Phase.CLOSED else PublicStatus.OPEN

    @property
    def rejection_label(self) -> str:
        return dict(rejection_reason_choices()).get(self.rejection_reason, self.rejection_reason)

    def count(self) -> int:
        """Confirmed signatures plus paper ones, as the public sees them (may lag seconds)."""
        from .counts import public_count  # cycle: counts imports models

        return public_count(self)

    def next_threshold(self, count: int | None = None) -> tuple[int, StrOrPromise] | None:
        """(threshold, label) the petition works towards, or None when it passed both."""
        count = self.count() if count is None else count
        if count < self.get_response_threshold():
            return self.get_response_threshold(), _("for a council response")
        if count < self.get_debate_threshold():
            return self.get_debate_threshold(), _("for a debate")
        return None

    def signature_summary(self) -> dict[str, int]:
        """The editor panel's figures: counted, paper, held, invalidated, pending, supporters."""
        petition_id = canonical_page_id(self)  # its translations' signatures count here
        signatures = Signature.objects.of_petition(petition_id)
        by_validity = dict(
            signatures.filter(confirmed_at__isnull=False)
            .values_list("validity")
            .annotate(n=models.Count("pk"))
            .order_by()
        )
        tally = PetitionTally.objects.filter(petition_id=petition_id).first()
        return {
            "counted": tally.signatures if tally else 0,
            "paper": self.paper_signatures,
            "held": by_validity.get(SignatureValidity.HELD, 0),
            "invalidated": by_validity.get(SignatureValidity.INVALIDATED, 0),
            "pending": signatures.pending().count(),
            "sponsors": tally.sponsors if tally else 0,
        }

    def progress(self, count: int | None = None) -> dict[str, Any]:
        """What a progress bar needs: count, next threshold, its label, percentage towards it."""
        count = self.count() if count is None else count
        target = self.next_threshold(count)
        if target is None:
            return {"count": count, "threshold": None, "label": "", "percent": 100}
        threshold, label = target
        return {
            "count": count,
            "threshold": threshold,
            "label": label,
            "percent": min(100, int(count * 100 / threshold)) if threshold else 100,
        }


def petition_edit_handler(model):
    """The editor's tabs: the petition, its outcome (response, debate, paper signatures), settings."""
    return TabbedInterface(
        [
            ObjectList(model.content_panels, heading=_("Petition")),
            ObjectList(model.outcome_panels, heading=_("Outcome")),
            ObjectList(model.promote_panels, heading=_("Promote")),
            ObjectList(model.settings_panels, heading=_("Settings")),
        ]
    )


# Wagtail's Page is untyped: django-stubs cannot resolve its managers (objects, milestones).
class PetitionPage(PetitionPageMixin, Page):  # type: ignore[django-manager-missing]
    parent_page_types = ["wagtail_participation_petitions.PetitionIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("petition")
        verbose_name_plural = _("petitions")


PetitionPage.edit_handler = petition_edit_handler(PetitionPage)


class SignatureValidity(models.TextChoices):
    VALID = "valid", _("Valid")
    HELD = "held", _("Held for review")
    INVALIDATED = "invalid", _("Invalidated")


class SignatureQuerySet(models.QuerySet["Signature"]):
    def counted(self) -> Self:
        """The signatures that count: confirmed by email, neither held nor invalidated."""
        return self.filter(confirmed_at__isnull=False, validity=SignatureValidity.VALID)

    def of_petition(self, petition_id: int) -> Self:
        return self.filter(petition_id=petition_id)

    def pending(self) -> Self:
        """Waiting for their confirmation link to be followed."""
        return self.filter(confirmed_at__isnull=True)

    def not_anonymised(self) -> Self:
        return self.filter(anonymised_at__isnull=True)

    def of_mailbox(self, mailbox_key: str) -> Self:
        """The signatures made from one mailbox (``core.mailboxes``), anonymised ones left out;
        none for an empty key."""
        if not mailbox_key:
            return self.none()
        return self.not_anonymised().filter(email_normalised=mailbox_key)

    def with_state(self, state: str) -> Self:
        """The staff listing's filter: ``pending``, ``sponsors`` or a confirmed ``SignatureValidity``."""
        if state == "pending":
            return self.pending()
        if state == "sponsors":
            return self.filter(sponsor=True)
        if state in SignatureValidity.values:
            return self.filter(validity=state, confirmed_at__isnull=False)
        return self

    def search(self, query: str) -> Self:
        """Name or email address containing ``query`` (the staff listing's search)."""
        if not query:
            return self
        return self.filter(Q(name__icontains=query) | Q(email__icontains=query))

    def for_moderator(self, user: Any) -> Self:
        """The signatures on petitions ``user`` may moderate (may publish: core.permissions)."""
        if not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        pages = PagePermissionPolicy().instances_user_has_any_permission_for(user, ["publish"])
        return self.filter(petition_id__in=pages.values("pk"))

    def by_area(self) -> models.QuerySet[Signature, tuple[str, int]]:
        """(area, count) rows, largest first."""
        return self.values_list("area").annotate(n=models.Count("pk")).order_by("-n", "area")

    def top(self, field: str, limit: int = 20) -> models.QuerySet[Signature, tuple[Any, int]]:
        """(value, count) rows of the ``limit`` most frequent values of ``field``."""
        return self.values_list(field).annotate(n=models.Count("pk")).order_by("-n")[:limit]


class Signature(models.Model):
    """One resident's name on one petition. Never a page: there can be hundreds of thousands."""

    #: Not in Wagtail's reference index: listing it in the admin (wagtail-modeladmin) would
    #: otherwise index every row, three more queries per row written, for references no
    #: editor looks up (which pages "use" a page).
    wagtail_reference_index_ignore = True

    petition = models.ForeignKey(
        PAGE_MODEL,
        verbose_name=_("petition"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    name = models.CharField(_("name"), max_length=120)
    email = models.EmailField(_("email address"), max_length=254, blank=True)
    email_normalised = models.CharField(_("normalised email"), max_length=254)
    email_domain = models.CharField(_("email domain"), max_length=254, db_index=True)
    area = models.CharField(_("area"), max_length=80, blank=True)
    wants_updates = models.BooleanField(_("wants updates on this petition"), default=False)
    wants_newsletter = models.BooleanField(_("wants council newsletters"), default=False)
    sponsor = models.BooleanField(_("supporter before publication"), default=False)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    validity = models.CharField(
        _("validity"),
        max_length=10,
        choices=SignatureValidity.choices,
        default=SignatureValidity.VALID,
    )
    language = models.CharField(
        _("language"),
        max_length=15,
        blank=True,
        help_text=_("The language the petition was signed in: emails to the signer use it."),
    )
    created_at = models.DateTimeField(_("signed"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    #: When the newest confirmation link was emailed (signing, or signing again while pending): an
    #: unconfirmed signature is deleted once that link has expired (lifecycle.purge_unconfirmed_signatures).
    link_sent_at = models.DateTimeField(_("confirmation link sent"), default=timezone.now)
    invalidated_at = models.DateTimeField(_("invalidated"), null=True, blank=True)
    #: What an invalidated signature was before (valid or held): what undoing restores.
    validity_before = models.CharField(
        _("validity before invalidation"), max_length=10, blank=True, default=""
    )
    response_sent_at = models.DateTimeField(_("response email sent"), null=True, blank=True)
    debate_sent_at = models.DateTimeField(_("debate email sent"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)

    objects = SignatureQuerySet.as_manager()

    #: What anonymising a signature clears (it keeps counting; its area may be coarsened).
    ANONYMISED = {
        "name": "",
        "email": "",
        "email_normalised": "",
        "email_domain": "",
        "ip_address": None,
    }

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        constraints = [
            models.UniqueConstraint(
                fields=["petition", "email_normalised"],
                condition=Q(anonymised_at__isnull=True),
                name="wp_signature_one_per_email",
            ),
        ]
        indexes = [
            models.Index(
                fields=["petition", "validity", "confirmed_at"], name="wp_signature_count"
            ),
            models.Index(fields=["petition", "created_at"], name="wp_signature_recent"),
            models.Index(
                fields=["link_sent_at"],
                condition=Q(confirmed_at__isnull=True),
                name="wp_signature_unconfirmed",
            ),
        ]

    def __str__(self):
        return self.name or str(_("Anonymised signature"))

    @classmethod
    def for_email(cls, email: str, **fields: Any) -> Signature:
        """An unsaved signature from ``email`` as typed, with the normalised form and domain that
        recognise its mailbox (see ``emails.py``)."""
        return cls(
            email=email.strip(),
            email_normalised=normalise_signature_email(email),
            email_domain=email_domain(email),
            **fields,
        )

    @property
    def is_counted(self) -> bool:
        return self.confirmed_at is not None and self.validity == SignatureValidity.VALID


class PetitionTallyQuerySet(models.QuerySet["PetitionTally"]):
    def signatures_of(self, petition_ids: Iterable[int]) -> dict[int, int]:
        """Counted signatures by petition id (petitions without a tally left out)."""
        return dict(
            self.filter(petition_id__in=list(petition_ids)).values_list("petition_id", "signatures")
        )

    def sponsors_of(self, petition_id: int) -> int:
        """Confirmed supporters of one petition, as last counted."""
        return self.filter(petition_id=petition_id).values_list("sponsors", flat=True).first() or 0


class PetitionTally(models.Model):
    """A petition's confirmed signatures, written by the counting task (never by a signer)."""

    petition = models.OneToOneField(
        PAGE_MODEL,
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    signatures = models.PositiveIntegerField(default=0)
    sponsors = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(default=timezone.now)
    response_alerted_at = models.DateTimeField(null=True, blank=True)
    debate_alerted_at = models.DateTimeField(null=True, blank=True)
    response_notice_at = models.DateTimeField(null=True, blank=True)
    debate_notice_at = models.DateTimeField(null=True, blank=True)

    objects = PetitionTallyQuerySet.as_manager()

    class Meta:
        verbose_name = _("petition count")
        verbose_name_plural = _("petition counts")


# Petition pages of any type: the package's ``PetitionPage`` and a site's own, built from the
# mixins. Code looks petitions up through these, never through one concrete page model.


def petition_page_models() -> list[type[PetitionPageMixin]]:
    """Every concrete page type built from ``PetitionPageMixin`` (the package's and a site's)."""
    return page_models(PetitionPageMixin)


def petition_index_models() -> list[type[PetitionIndexPageMixin]]:
    """Every concrete page type built from ``PetitionIndexPageMixin``."""
    return page_models(PetitionIndexPageMixin)


def _path_from_page(model) -> str:
    """``select_related`` path from ``Page`` down to ``model`` (``"petitionpage"``, or
    ``"petitionpage__sitepetition"`` for a subclass of it)."""
    parts = []
    while model._meta.parents:
        parent, link = next(iter(model._meta.parents.items()))
        parts.append(link.remote_field.get_accessor_name())
        model = parent
    return "__".join(reversed(parts))


def _petition_paths() -> dict[type, str]:
    return {model: _path_from_page(model) for model in petition_page_models()}


def get_petition(*conditions: Q, **filters: Any) -> PetitionPageMixin | None:
    """The petition page (of whichever type) matching ``filters`` on ``Page``, as its own
    type, or None (no such page, or not a petition). One query, whatever the types."""
    paths = _petition_paths()
    page = Page.objects.filter(*conditions, **filters).select_related(*paths.values()).first()
    path = paths.get(page.specific_class) if page is not None else None
    if path is None:
        return None
    petition = page
    try:
        for part in path.split("__"):
            petition = getattr(petition, part)
    except ObjectDoesNotExist:
        return None
    # The petition's own row came with the page's; the page's columns are copied across (as
    # Wagtail's ``specific_deferred`` does) so that none of them is read again.
    for field in Page._meta.concrete_fields:
        petition.__dict__.setdefault(field.attname, getattr(page, field.attname))
    return petition


def petition_by_sponsor_key(key: str) -> PetitionPageMixin | None:
    """The petition whose supporters' link holds ``key``."""
    condition = Q()
    for route in _petition_paths().values():
        condition |= Q(**{f"{route}__sponsor_key": key})
    return get_petition(condition) if condition else None


def petition_values(petition_id: int, *fields: str) -> dict[str, Any] | None:
    """``live`` plus the petition's ``fields`` (columns of the mixin), one query; None when
    ``petition_id`` is no petition."""
    paths = list(_petition_paths().values())
    names = [f"{path}__{field}" for path in paths for field in fields]
    row = (
        Page.objects.filter(pk=petition_id)
        .values("live", *[f"{path}__pk" for path in paths], *names)
        .first()
    )
    if row is None:
        return None
    for route in paths:
        if row[f"{route}__pk"] is not None:
            return {"live": row["live"], **{field: row[f"{route}__{field}"] for field in fields}}
    return None


def petition_querysets(pks: Iterable[int] | None = None) -> list[PetitionPageQuerySet]:
    """One queryset per petition page type (narrowed to ``pks`` when given)."""
    querysets = [model.objects.all() for model in petition_page_models()]
    if pks is not None:
        pks = list(pks)
        querysets = [qs.filter(pk__in=pks) for qs in querysets]
    return querysets
