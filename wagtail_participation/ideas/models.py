"""Idea boards: residents propose ideas, support them, and the council answers each one.

``IdeaBoardPage`` is the page editors add; ``Idea`` is a moderated contribution
(it extends the core ``Contribution`` table, so the shared moderation queue,
reports and comments work on it); ``IdeaVote`` holds one vote per resident and
idea, enforced by the database.
"""

from __future__ import annotations

import datetime
import uuid
from typing import TYPE_CHECKING, Any, ClassVar

from django import forms
from django.conf import settings as django_settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from wagtail_participation.core import converters  # noqa: F401  (registers <wp_id:...>, used by the routes)
from wagtail_participation.core.api import METHOD_PAGE_API_FIELDS, NamesField
from wagtail_participation.core.models import (
    Contribution,
    ContributionQuerySet,
    ModerationState,
    Participant,
    ParticipationMethodPageMixin,
    Thumbnail,
)
from wagtail_participation.core.permissions import moderatable_contributions
from wagtail_participation.core.policy import Action, Reason
from wagtail_participation.core.preview import as_visitor
from wagtail_participation.core.translations import canonical_page_id, in_active_language

from .conf import settings
from .feeds import IdeaBoardFeed
from .maps import map_tiles
from .panels import IdeaBoardSummaryPanel


def idea_status_choices() -> list[tuple[str, StrOrPromise]]:
    """The configured statuses (``WAGTAIL_PARTICIPATION_IDEA_STATUSES``), in display order."""
    return [(value, label) for value, label in settings.IDEA_STATUSES]


def default_idea_status() -> str:
    return settings.IDEA_STATUSES[0][0]


def idea_status_label(value: str) -> StrOrPromise:
    return dict(idea_status_choices()).get(value, value)


if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def _views():
    # cycle: views imports models (the routes below call the views with the board).
    from . import views

    return views


class VotingMode(models.TextChoices):
    NONE = "none", _("No voting")
    SUPPORT = "support", _("Support only")
    UP_DOWN = "updown", _("Support and oppose")


class IdeaBoardPageMixin(RoutablePageMixin, ParticipationMethodPageMixin):
    """What makes a page an idea board; mix into your own page type to restyle or extend it.

    The board's URLs are routes of the page (``board.url + board.reverse_subpage("idea",
    args=[pk])``); each calls a function in ``wagtail_participation.ideas.views``.
    """

    intro = RichTextField(
        _("introduction"),
        blank=True,
        features=["bold", "italic", "link", "ul", "ol", "h2", "h3"],
    )
    question = models.CharField(
        _("question"),
        max_length=255,
        help_text=_(
            "The question residents answer with their ideas, e.g. 'How can we make the park safer?'"
        ),
    )
    voting_mode = models.CharField(
        _("voting"),
        max_length=10,
        choices=VotingMode.choices,
        default=VotingMode.SUPPORT,
    )
    categories = ParentalManyToManyField(
        "wagtail_participation_projects.Topic",
        verbose_name=_("categories"),
        blank=True,
        related_name="+",
        help_text=_(
            "Topics residents choose from when they post an idea. None: no category is asked."
        ),
    )
    ask_location = models.BooleanField(
        _("ask for a location"),
        default=False,
        help_text=_("Residents may give an address (and map coordinates) for their idea."),
    )
    allow_images = models.BooleanField(_("residents may attach an image"), default=False)
    max_ideas_per_participant = models.PositiveIntegerField(
        _("ideas per resident"),
        null=True,
        blank=True,
        help_text=_("Leave empty for no limit. Withdrawn and rejected ideas still count."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("question"),
        FieldPanel("intro"),
        IdeaBoardSummaryPanel(),
    ]
    idea_panels = [
        MultiFieldPanel(
            [
                FieldPanel("voting_mode"),
                FieldPanel("categories", widget=forms.CheckboxSelectMultiple),
                FieldPanel("ask_location"),
                FieldPanel("allow_images"),
                FieldPanel("max_ideas_per_participant"),
            ],
            heading=_("Ideas"),
        )
    ]
    settings_panels = (
        Page.settings_panels
        + ParticipationMethodPageMixin.dates_panels
        + ParticipationMethodPageMixin.participation_panels
        + idea_panels
    )

    api_fields = [
        *METHOD_PAGE_API_FIELDS,
        APIField("intro"),
        APIField("question"),
        APIField("voting_mode"),
        APIField("categories", serializer=NamesField()),
    ]
    search_fields = Page.search_fields + [index.SearchField("question"), index.SearchField("intro")]

    class Meta:
        abstract = True

    # Routes: the views live in views.py so a site's own board page type gets them unchanged.
    # Ids beyond what a database key holds do not match (core.converters): not found.

    # Preview: the board and its submit form; nothing is posted (core.preview)

    @property
    def preview_modes(self) -> list[tuple[str, StrOrPromise]]:
        return [("", _("Idea board")), ("submit", _("Form to post an idea"))]

    def serve_preview(self, request: HttpRequest, mode_name: str) -> HttpResponse:
        if mode_name == "submit":
            return _views().submit_preview(request, self)
        as_visitor(request)
        return super().serve_preview(request, mode_name)

    @path("", name="listing")
    def listing_route(self, request: HttpRequest) -> HttpResponse:
        return _views().board_listing(request, self)

    @path("<wp_id:idea_id>/", name="idea")
    def idea_route(self, request: HttpRequest, idea_id: int) -> HttpResponse:
        return _views().idea_detail(request, self, idea_id)

    @path("submit/", name="submit")
    def submit_route(self, request: HttpRequest) -> HttpResponse:
        return _views().submit_idea(request, self)

    @path("<wp_id:idea_id>/edit/", name="edit")
    def edit_route(self, request: HttpRequest, idea_id: int) -> HttpResponse:
        return _views().edit_idea(request, self, idea_id)

    @path("<wp_id:idea_id>/withdraw/", name="withdraw")
    def withdraw_route(self, request: HttpRequest, idea_id: int) -> HttpResponse:
        return _views().withdraw_idea(request, self, idea_id)

    @path("<wp_id:idea_id>/vote/", name="vote")
    def vote_route(self, request: HttpRequest, idea_id: int) -> HttpResponse:
        return _views().vote(request, self, idea_id)

    @path("ideas/<wp_id:idea_id>/", name="old_idea")
    @path("ideas/<wp_id:idea_id>/<slug:action>/", name="old_idea_action")
    def old_idea_route(self, request: HttpRequest, idea_id: int, action: str = "") -> HttpResponse:
        """Addresses of ideas before 0.1 (``ideas/<id>/...``): moved permanently."""
        return _views().moved_idea(request, self, idea_id, action)

    @path("similar/", name="similar")
    def similar_route(self, request: HttpRequest) -> HttpResponse:
        return _views().similar(request, self)

    @path("feed/", name="feed")
    def feed_route(self, request: HttpRequest) -> HttpResponse:
        return IdeaBoardFeed()(request, board=self)

    def public_ideas(self) -> IdeaQuerySet:
        """The ideas anyone may see on this board (``Idea.objects.on_board(board).public()``)."""
        return Idea.objects.on_board(self).public()

    @property
    def submit_url(self) -> str:
        return (self.url or "") + self.reverse_subpage("submit")

    def reached_idea_limit(self, participant: Participant) -> bool:
        """Whether ``participant`` has posted as many ideas here as the board allows (withdrawn
        and rejected ones count too)."""
        limit = self.max_ideas_per_participant
        if not limit:
            return False
        return Idea.objects.on_board(self).by_author(participant).count() >= limit

    @property
    def voting_enabled(self) -> bool:
        return self.voting_mode != VotingMode.NONE

    # core.policy: posting ideas (Action.CONTRIBUTE) and voting (Action.VOTE) follow the board's
    # dates and "who may contribute"; voting only where the board uses it.

    def offers_action(self, action: Action | str) -> bool:
        if action == Action.VOTE:
            return self.voting_enabled
        return super().offers_action(action)

    def refusal_message(self, action: Action | str, reason: Reason) -> StrOrPromise:
        if action == Action.CONTRIBUTE and reason in (Reason.NOT_OPEN_YET, Reason.CLOSED):
            return _("This idea board is not taking new ideas at the moment.")
        if action == Action.CONTRIBUTE and reason == Reason.SITE_LOGIN_REQUIRED:
            return _("Posting ideas here needs a login on this site.")
        if action == Action.VOTE:
            if reason == Reason.NOT_OFFERED:
                return _("Voting is not used on this idea board.")
            if reason in (Reason.NOT_OPEN_YET, Reason.CLOSED):
                return _("This idea board is closed, so ideas can no longer be supported.")
            if reason == Reason.SIGN_IN_REQUIRED:
                return _("Please sign in to vote.")
            if reason == Reason.SITE_LOGIN_REQUIRED:
                return _("Voting here needs a login on this site.")
        return super().refusal_message(action, reason)

    @property
    def allows_opposing(self) -> bool:
        return self.voting_mode == VotingMode.UP_DOWN


class IdeaQuerySet(ContributionQuerySet["Idea"]):
    """Which ideas who may see: ``public()`` for anyone, ``visible_to(participant)`` for a
    resident (inherited: published ones plus their own pending ones), ``for_moderator(user)``."""

    def on_board(self, board: Page) -> IdeaQuerySet:
        """The ideas of ``board`` and of its translations (``core.translations``)."""
        return self.filter(page_id=canonical_page_id(board))

    def public(self) -> IdeaQuerySet:
        """What anyone may see: published and not withdrawn."""
        return self.filter(moderation_state=ModerationState.PUBLISHED, withdrawn_at__isnull=True)

    def by_author(self, participant: Participant) -> IdeaQuerySet:
        return self.filter(author=participant)

    def for_moderator(self, user: AbstractBaseUser) -> IdeaQuerySet:
        """The ideas on pages ``user`` may moderate (core.permissions)."""
        return moderatable_contributions(user, self)


def idea_image_path(instance, filename):
    # A random name: an idea's image is not guessable while the idea is pending.
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "jpg"
    return f"participation/ideas/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{extension}"


IdeaManager = models.Manager.from_queryset(IdeaQuerySet)


class Idea(index.Indexed, Contribution):
    """A resident's idea on a board, with its status and the council's answer."""

    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("description"), max_length=2000)
    #: What a moderator may redact personal data from (the council's response is not the resident's).
    redactable_field_names = ("title", "description", "address", "image_alt")
    category = models.ForeignKey(
        "wagtail_participation_projects.Topic",
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    address = models.CharField(_("address or place"), max_length=200, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    image = models.ImageField(_("image"), upload_to=idea_image_path, blank=True, max_length=200)
    image_alt = models.CharField(_("image description"), max_length=200, blank=True)
    status = models.CharField(
        _("status"),
        max_length=40,
        choices=idea_status_choices,
        default=default_idea_status,
        db_index=True,
    )
    status_changed_at = models.DateTimeField(_("status changed"), null=True, blank=True)
    response = RichTextField(
        _("official response"),
        blank=True,
        features=["bold", "italic", "link", "ul", "ol"],
    )
    response_date = models.DateField(_("response date"), null=True, blank=True)
    responder = models.ForeignKey(
        django_settings.AUTH_USER_MODEL,
        verbose_name=_("responded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    responder_name = models.CharField(
        _("responder's name or role"),
        max_length=120,
        blank=True,
        help_text=_("Shown with the response, e.g. 'Parks team'."),
    )
    #: Bumped each time staff send residents an update; emails are sent once per version.
    update_version = models.PositiveIntegerField(default=0, editable=False)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    #: When its author last changed it after it was published (shown as "edited").
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)
    # Cached counts, kept exact by atomic updates in votes.py and comments.py.
    support_count = models.PositiveIntegerField(_("supporters"), default=0, editable=False)
    oppose_count = models.PositiveIntegerField(_("opponents"), default=0, editable=False)
    score = models.IntegerField(_("score"), default=0, editable=False, db_index=True)
    comment_count = models.PositiveIntegerField(_("comments"), default=0, editable=False)

    objects: ClassVar[IdeaManager] = IdeaManager()

    search_fields = [
        index.SearchField("title", boost=2),
        index.SearchField("description"),
        index.AutocompleteField("title"),
        index.FilterField("page"),
        index.FilterField("moderation_state"),
        index.FilterField("status"),
        index.FilterField("withdrawn_at"),
    ]

    class Meta:
        verbose_name = _("idea")
        verbose_name_plural = _("ideas")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["score", "contribution_ptr"], name="wp_idea_score")]

    def __str__(self) -> str:
        return self.title

    def get_summary(self) -> str:
        return f"{self.title}: {self.description}"

    def get_export_text(self) -> str:
        return f"{self.title}\n\n{self.description}"

    moderation_template = "wagtail_participation_ideas/admin/idea_details.html"

    def get_moderation_context(self) -> dict[str, Any]:
        return {"map_tiles": map_tiles(self), "map_attribution": settings.MAP_ATTRIBUTION}

    def get_thumbnail(self) -> Thumbnail | None:
        if not self.image:
            return None
        return Thumbnail(url=self.image.url, alt=self.image_alt)

    def author_may_edit(self, now: datetime.datetime | None = None) -> bool:
        """Its author may change it: while it waits for moderation, and for
        ``IDEA_EDIT_PUBLISHED_MINUTES`` after it was published; never once withdrawn."""
        if self.is_withdrawn:
            return False
        if self.moderation_state == ModerationState.PENDING:
            return True
        if self.moderation_state != ModerationState.PUBLISHED:
            return False
        window = datetime.timedelta(minutes=settings.IDEA_EDIT_PUBLISHED_MINUTES)
        published = self.moderated_at or self.created_at
        return bool(window) and (now or timezone.now()) < published + window

    def get_absolute_url(self) -> str:
        board = in_active_language(self.page.specific)  # the board in the reader's language
        if not board.url:
            return ""
        return board.url + board.reverse_subpage("idea", args=[self.pk])

    # Replaces Django's generated method: the label of the configured status.
    def get_status_display(self) -> StrOrPromise:  # type: ignore[no-redef]
        return idea_status_label(self.status)

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    @property
    def has_location(self) -> bool:
        return self.latitude is not None and self.longitude is not None


class IdeaVote(models.Model):
    """One resident's support (+1) or opposition (-1) for one idea."""

    SUPPORT = 1
    OPPOSE = -1

    idea = models.ForeignKey(
        Idea, verbose_name=_("idea"), on_delete=models.CASCADE, related_name="votes"
    )
    participant = models.ForeignKey(
        Participant,
        verbose_name=_("participant"),
        on_delete=models.CASCADE,
        related_name="idea_votes",
    )
    value = models.SmallIntegerField(
        _("vote"),
        choices=[(SUPPORT, _("Support")), (OPPOSE, _("Oppose"))],
        default=SUPPORT,
    )
    wants_updates = models.BooleanField(
        _("wants updates"),
        default=False,
        help_text=_(
            "Email this resident when the council changes the idea's status or answers it."
        ),
    )
    created_at = models.DateTimeField(_("voted"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("idea vote")
        verbose_name_plural = _("idea votes")
        constraints = [
            models.UniqueConstraint(
                fields=["idea", "participant"], name="wp_ideavote_once_per_participant"
            ),
        ]
        indexes = [models.Index(fields=["idea", "created_at"], name="wp_ideavote_idea_created")]

    def __str__(self):
        return f"{self.get_value_display()}: {self.idea}"


class IdeaNotification(models.Model):
    """A record that one update email about one idea went to one resident.

    The unique constraint is what makes a notification task safe to run twice:
    a second run finds the row and sends nothing.
    """

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="notifications")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    version = models.PositiveIntegerField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("idea notification")
        verbose_name_plural = _("idea notifications")
        constraints = [
            models.UniqueConstraint(
                fields=["idea", "participant", "version"],
                name="wp_ideanotification_once",
            ),
        ]


# Wagtail's Page is untyped: django-stubs cannot resolve its managers (objects, milestones).
class IdeaBoardPage(IdeaBoardPageMixin, Page):  # type: ignore[django-manager-missing]
    """An idea board, under a participation project or anywhere in the page tree."""

    subpage_types: list[str] = []
    template = "wagtail_participation_ideas/idea_board_page.html"

    class Meta:
        verbose_name = _("idea board")
        verbose_name_plural = _("idea boards")
