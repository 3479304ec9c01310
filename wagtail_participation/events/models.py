"""Events and meetings: the event page, the events index, registrations and their seats.

``EventPageMixin`` is what makes a page an event (a site composes its own page from it);
``EventPage`` is the concrete page. Registration runs from the page's ``opens_at`` to its
``closes_at`` (by default until the event starts). ``Registration`` is one resident's place at
one event (registered, waiting or cancelled); ``EventSeats`` is the one row per event that
registrations lock while they count places, so capacity holds under concurrency.
"""

from __future__ import annotations

import datetime
import uuid
from typing import TYPE_CHECKING, Any

import swapper
from django import forms
from django.db import models
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page

from wagtail_participation.core import converters  # noqa: F401  (registers <wp_id:...>)
from wagtail_participation.core.api import METHOD_PAGE_API_FIELDS, NamesField
from wagtail_participation.core.models import Participant, ParticipationMethodPageMixin
from wagtail_participation.core.permissions import moderatable_contributions
from wagtail_participation.core.phases import Phase, phase_for
from wagtail_participation.core.policy import Action, Reason
from wagtail_participation.surveys.fields import SurveyQuestionsField

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

PAGE_MODEL = swapper.get_model_name("wagtailcore", "Page")

#: Registering for an event (core.policy's actions are strings).
REGISTER = "register"


def _views():
    # cycle: views imports models (the routes below call the views with the page).
    from . import views

    return views


class EventMode(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("In person and online")


class EventPageMixin(RoutablePageMixin, ParticipationMethodPageMixin):
    """A meeting, workshop or online session residents register for.

    ``opens_at`` and ``closes_at`` (core's dates) bound registration; without ``closes_at``
    registration closes when the event starts."""

    starts_at = models.DateTimeField(_("starts"), default=timezone.now)
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    mode = models.CharField(
        _("how people take part"), max_length=10, choices=EventMode.choices, default="in_person"
    )
    address = models.TextField(
        _("place"), blank=True, help_text=_("The venue's name and address, as people look for it.")
    )
    online_url = models.URLField(
        _("online meeting link"),
        blank=True,
        help_text=_("Shown only to registered attendees, on the page and in their emails."),
    )
    intro = RichTextField(_("about the event"), blank=True)
    agenda = RichTextField(_("agenda"), blank=True)
    event_language = models.CharField(
        _("language"), max_length=100, blank=True, help_text=_("For example: English and Welsh.")
    )
    topics = ParentalManyToManyField(
        "wagtail_participation_projects.Topic",
        verbose_name=_("topics"),
        blank=True,
        related_name="+",
    )
    areas = ParentalManyToManyField(
        "wagtail_participation_projects.Area", verbose_name=_("areas"), blank=True, related_name="+"
    )
    step_free = models.BooleanField(_("step-free access"), default=False)
    hearing_loop = models.BooleanField(_("hearing loop"), default=False)
    sign_language = models.BooleanField(_("sign-language interpretation"), default=False)
    childcare = models.BooleanField(_("childcare"), default=False)
    capacity = models.PositiveIntegerField(
        _("places"), null=True, blank=True, help_text=_("Leave empty for no limit.")
    )
    max_guests = models.PositiveSmallIntegerField(
        _("guests per registration"),
        default=0,
        help_text=_("How many people a resident may bring; each takes a place."),
    )
    registration_questions = SurveyQuestionsField(
        blank=True,
        verbose_name=_("questions at registration"),
        help_text=_(
            "Optional, as in a survey: for example access needs or dietary requirements. "
            "Only staff see the answers."
        ),
    )
    minutes = RichTextField(
        _("minutes and outcomes"), blank=True, help_text=_("What was said and decided.")
    )
    attended_count = models.PositiveIntegerField(_("number who attended"), null=True, blank=True)

    event_panels = [
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")], heading=_("When")),
        FieldPanel("mode"),
        FieldPanel("address"),
        FieldPanel("online_url"),
        FieldPanel("event_language"),
        MultiFieldPanel(
            [
                FieldPanel("step_free"),
                FieldPanel("hearing_loop"),
                FieldPanel("sign_language"),
                FieldPanel("childcare"),
            ],
            heading=_("Accessibility"),
        ),
        FieldPanel("intro"),
        FieldPanel("agenda"),
        MultiFieldPanel(
            [
                FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
                FieldPanel("areas", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("Topics and areas"),
        ),
    ]
    registration_panels = [
        MultiFieldPanel(
            [
                FieldPanel("capacity"),
                FieldPanel("max_guests"),
                FieldPanel("opens_at", heading=_("Registration opens")),
                FieldPanel("closes_at", heading=_("Registration closes")),
                FieldPanel("registration_questions"),
            ],
            heading=_("Registration"),
        )
    ]
    # Wagtail's API (v2): the public facts, never the online link (for registered attendees
    # only), the registrations or the questions' answers.
    api_fields = [
        *METHOD_PAGE_API_FIELDS,
        APIField("starts_at"),
        APIField("ends_at"),
        APIField("mode"),
        APIField("address"),
        APIField("intro"),
        APIField("agenda"),
        APIField("event_language"),
        APIField("step_free"),
        APIField("hearing_loop"),
        APIField("sign_language"),
        APIField("childcare"),
        APIField("capacity"),
        APIField("topics", serializer=NamesField()),
        APIField("areas", serializer=NamesField()),
        APIField("minutes"),
        APIField("attended_count"),
    ]
    after_panels = [
        MultiFieldPanel(
            [FieldPanel("attended_count"), FieldPanel("minutes")], heading=_("After the event")
        )
    ]

    class Meta:
        abstract = True

    # Routes: thin, the views take the page.

    @path("", name="event")
    def event_route(self, request: HttpRequest) -> HttpResponse:
        return _views().event_page(request, self)

    @path("register/", name="register")
    def register_route(self, request: HttpRequest) -> HttpResponse:
        return _views().register(request, self)

    @path("cancel/<uuid:key>/", name="cancel")
    def cancel_route(self, request: HttpRequest, key: uuid.UUID) -> HttpResponse:
        return _views().cancel(request, self, key)

    # Wagtail's page URLs take no dots: the .ics file's address ends in calendar/.
    @path("calendar/", name="ics")
    def ics_route(self, request: HttpRequest) -> HttpResponse:
        return _views().event_ics(request, self)

    def subpage_url(self, name: str, *args: Any) -> str:
        return (self.url or "") + self.reverse_subpage(name, args=args)

    @property
    def ics_url(self) -> str:
        return self.subpage_url("ics")

    @property
    def register_url(self) -> str:
        return self.subpage_url("register")

    # What the event is now

    @property
    def end(self) -> datetime.datetime:
        return self.ends_at or self.starts_at

    @property
    def is_past(self) -> bool:
        return self.end < timezone.now()

    @property
    def has_place(self) -> bool:
        return self.mode in (EventMode.IN_PERSON, EventMode.HYBRID)

    @property
    def is_online(self) -> bool:
        return self.mode in (EventMode.ONLINE, EventMode.HYBRID)

    def accessibility(self) -> list[StrOrPromise]:
        """What the venue offers, as short phrases (shown on the page and in listings)."""
        offers = {
            "step_free": _("step-free access"),
            "hearing_loop": _("hearing loop"),
            "sign_language": _("sign-language interpretation"),
            "childcare": _("childcare"),
        }
        return [label for name, label in offers.items() if getattr(self, name)]

    def question_labels(self) -> dict[str, str]:
        """The registration questions' labels by id (for staff's lists and exports)."""
        from wagtail_participation.surveys.questions import SurveyStructure

        return {q.id: q.label for q in SurveyStructure(self.registration_questions).questions}

    def places_left(self) -> int | None:
        """Free places now (None: no limit)."""
        if self.capacity is None:
            return None
        seats = EventSeats.objects.filter(page_id=self.pk).values_list("taken", flat=True).first()
        return max(self.capacity - (seats or 0), 0)

    # core.policy: registration is the page's one action

    def offers_action(self, action: Action | str) -> bool:
        if action == REGISTER:
            return True
        return super().offers_action(action)

    def participation_phase(
        self, action: Action | str | None, now: datetime.datetime | None = None
    ) -> Phase:
        """Registration runs from ``opens_at`` to ``closes_at``, by default until the start."""
        return phase_for(self.opens_at, self.closes_at or self.starts_at, now)

    def refusal_message(self, action: Action | str, reason: Reason) -> StrOrPromise:
        if action == REGISTER:
            if reason == Reason.NOT_OPEN_YET:
                return _("Registration has not opened yet.")
            if reason == Reason.CLOSED:
                return _("Registration has closed.")
            if reason in (Reason.SIGN_IN_REQUIRED, Reason.VERIFIED_EMAIL_REQUIRED):
                return _("Please sign in with your email address to register.")
        return super().refusal_message(action, reason)

    def timeline_entries(self) -> list[dict[str, Any]]:
        """The event on its project's timeline (``projects``' ``timeline()``), on its day."""
        day = timezone.localdate(self.starts_at)
        return [
            {
                "label": self.title,
                "start": day,
                "end": timezone.localdate(self.end),
                "phase": phase_for(self.starts_at, self.end),
                "url": self.url or "",
                "description": "",
            }
        ]


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    WAITING = "waiting", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")


class RegistrationQuerySet(models.QuerySet["Registration"]):
    def on_event(self, page: Any) -> RegistrationQuerySet:
        return self.filter(page_id=page.pk)

    def active(self) -> RegistrationQuerySet:
        return self.exclude(status=RegistrationStatus.CANCELLED)

    def registered(self) -> RegistrationQuerySet:
        return self.filter(status=RegistrationStatus.REGISTERED)

    def waiting(self) -> RegistrationQuerySet:
        """The waiting list in arrival order (the order they are promoted in)."""
        return self.filter(status=RegistrationStatus.WAITING).order_by("pk")

    def for_moderator(self, user: Any) -> RegistrationQuerySet:
        """Registrations for events ``user`` may moderate (core.permissions' rule, by page)."""
        return moderatable_contributions(user, self)

    def of(self, participant: Participant | None) -> RegistrationQuerySet:
        if participant is None or participant.pk is None:
            return self.none()
        return self.filter(participant=participant)


class Registration(models.Model):
    """One resident's place at one event: registered, waiting for a place, or cancelled.

    One active registration per resident and event (a database constraint); its ``places``
    (the resident and their guests) count against the event's capacity in ``EventSeats``."""

    page = models.ForeignKey(PAGE_MODEL, on_delete=models.CASCADE, related_name="+")
    participant = models.ForeignKey(
        Participant,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="event_registrations",
    )
    name = models.CharField(_("name"), max_length=120, blank=True)
    email = models.EmailField(_("email"), blank=True)
    guests = models.PositiveSmallIntegerField(_("guests"), default=0)
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=RegistrationStatus.choices, db_index=True
    )
    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(_("registered"), default=timezone.now)
    promoted_at = models.DateTimeField(_("given a place"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    attended = models.BooleanField(_("attended"), default=False)
    anonymised = models.BooleanField(default=False, editable=False)

    objects = RegistrationQuerySet.as_manager()
    # Many rows, none an editor's content: kept out of Wagtail's reference index.
    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("event registration")
        verbose_name_plural = _("event registrations")
        constraints = [
            models.UniqueConstraint(
                fields=["page", "participant"],
                condition=Q(participant__isnull=False) & ~Q(status="cancelled"),
                name="wp_event_registration_once",
            )
        ]
        indexes = [models.Index(fields=["page", "status"], name="wp_event_reg_status")]

    def __str__(self) -> str:
        return f"{self.name or self.email or self.pk} ({self.get_status_display()})"

    def readable_answers(self, labels: dict[str, str]) -> list[tuple[str, str]]:
        """``(question, answer)`` pairs for staff, from the page's ``question_labels()``."""
        from wagtail_participation.surveys.answers import plain_text

        return [
            (label, plain_text(self.answers.get(qid), self.answers.get(f"{qid}-other")))
            for qid, label in labels.items()
            if self.answers.get(qid) not in (None, "", [])
        ]

    @property
    def places(self) -> int:
        return 1 + self.guests

    @property
    def is_registered(self) -> bool:
        return self.status == RegistrationStatus.REGISTERED

    @property
    def is_waiting(self) -> bool:
        return self.status == RegistrationStatus.WAITING


class EventSeats(models.Model):
    """The places taken at one event: the row registrations lock (``select_for_update``) while
    they count, so two residents never take the last place twice."""

    page = models.OneToOneField(PAGE_MODEL, on_delete=models.CASCADE, related_name="+")
    taken = models.PositiveIntegerField(default=0)
    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("event places")
        verbose_name_plural = _("event places")

    def __str__(self) -> str:
        return f"{self.page_id}: {self.taken}"


# Wagtail's Page is untyped: django-stubs cannot resolve its managers.
class EventPage(EventPageMixin, Page):  # type: ignore[django-manager-missing]
    """A meeting, workshop or online session, under a project, an events index or anywhere."""

    subpage_types: list[str] = []
    template = "wagtail_participation_events/event_page.html"

    content_panels = Page.content_panels + EventPageMixin.event_panels
    settings_panels = (
        Page.settings_panels
        + EventPageMixin.registration_panels
        + EventPageMixin.participation_panels
    )

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")


class EventIndexPage(RoutablePageMixin, Page):
    """Upcoming and past events below it, a month view and a calendar feed."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    api_fields = [APIField("intro")]
    subpage_types = ["wagtail_participation_events.EventPage"]
    template = "wagtail_participation_events/event_index_page.html"

    class Meta:
        verbose_name = _("events index")
        verbose_name_plural = _("events indexes")

    @path("", name="index")
    def index_route(self, request: HttpRequest) -> HttpResponse:
        return _views().event_index(request, self)

    @path("<wp_id:year>/<wp_id:month>/", name="month")
    def month_route(self, request: HttpRequest, year: int, month: int) -> HttpResponse:
        return _views().month(request, self, year, month)

    @path("calendar/", name="feed")
    def feed_route(self, request: HttpRequest) -> HttpResponse:
        return _views().feed(request, self)

    @property
    def feed_url(self) -> str:
        return (self.url or "") + self.reverse_subpage("feed")
