"""Participation projects: an index of projects and the project page itself.

Code finds projects by the mixins, never by the package's concrete pages: a site's own index
and project pages built from ``ParticipationIndexPageMixin`` and
``ParticipationProjectPageMixin`` list, filter, show their timeline and updates, are chosen
in the teaser block and are found by the method pages under them.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

import swapper
from django import forms
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.http import HttpRequest
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model
from wagtail.models import Orderable, Page, TranslatableMixin
from wagtail.search import index

from wagtail_participation.core.api import NamesField
from wagtail_participation.core.conf import settings
from wagtail_participation.core.models import ParticipationMethodPageMixin, ParticipationPageMixin
from wagtail_participation.core.page_types import page_models
from wagtail_participation.core.panels import ContributionsSummaryPanel
from wagtail_participation.core.phases import Phase, phase_for, phase_for_dates
from wagtail_participation.core.policy import Action, PolicyMixin, Reason, default_message

from .admin_forms import ProjectPageForm
from .body_blocks import project_body_blocks

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise
    from wagtail.query import PageQuerySet


class TaxonomyBase(TranslatableMixin, models.Model):
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100)

    panels = [FieldPanel("name"), FieldPanel("slug")]

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.name


class Topic(TaxonomyBase):
    """What a project is about (parks, transport, housing...)."""

    class Meta(TaxonomyBase.Meta, TranslatableMixin.Meta):
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        unique_together = [("translation_key", "locale"), ("slug", "locale")]


class Area(TaxonomyBase):
    """Where a project happens (a ward, a district, the whole borough)."""

    class Meta(TaxonomyBase.Meta, TranslatableMixin.Meta):
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        unique_together = [("translation_key", "locale"), ("slug", "locale")]


def method_page_models() -> list[type[Page]]:
    """Concrete page types built from ParticipationMethodPageMixin (a model's subclasses excluded)."""
    return page_models(ParticipationMethodPageMixin, subclasses=False)


def project_page_models() -> list[type[Page]]:
    """Concrete page types built from ParticipationProjectPageMixin: the package's and a site's."""
    return page_models(ParticipationProjectPageMixin, subclasses=False)


def project_of(page: Page) -> ParticipationProjectPageMixin | None:
    """The participation project ``page`` belongs to: the nearest ancestor built from
    ``ParticipationProjectPageMixin`` (of any page type), or None."""
    project_types = project_page_models()
    if not project_types:
        return None
    ancestor = page.get_ancestors().type(*project_types).order_by("-depth").first()
    return ancestor.specific if ancestor is not None else None


class ParticipationIndexPageMixin(models.Model):
    """Lists the child projects, filtered by status, topic and area."""

    #: Served in the page's own language on a multilingual site (``core.translations``).
    participation_page_language = True

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    api_fields = [APIField("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    class Meta:
        abstract = True

    #: The rendition the project cards use; prefetched for every card in one query.
    card_image_filter = "fill-480x270"

    if TYPE_CHECKING:  # Page's, which every concrete index page extends too
        locale: Any

    def get_project_models(self) -> list[type[Page]]:
        """The project page types listed here: every type built from
        ``ParticipationProjectPageMixin`` (a site may narrow it)."""
        return project_page_models()

    def get_projects(self) -> list[ParticipationProjectPageMixin]:
        """The live, public child projects, newest first, with what their cards show
        prefetched (one query per project page type)."""
        images = get_image_model().objects.prefetch_renditions(self.card_image_filter)
        projects = []
        for model in self.get_project_models():
            projects.extend(
                model.objects.child_of(self)
                .live()
                .public()
                .prefetch_related(models.Prefetch("image", queryset=images), "topics", "areas")
            )
        never = datetime.datetime.min.replace(tzinfo=datetime.UTC)
        projects.sort(key=lambda p: (p.first_published_at or never, p.pk), reverse=True)
        return projects

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)  # type: ignore[misc]  # Page's
        projects = list(self.get_projects())
        topics = list(Topic.objects.filter(locale=self.locale))
        areas = list(Area.objects.filter(locale=self.locale))
        status = request.GET.get("status", "")
        if status not in Phase.values:
            status = ""
        topic = next((t for t in topics if t.slug == request.GET.get("topic")), None)
        area = next((a for a in areas if a.slug == request.GET.get("area")), None)
        ParticipationProjectPageMixin.attach_children_dates(projects)
        # Open projects first, then upcoming, then closed; newest first within each.
        rank: dict[str, int] = {Phase.OPEN: 0, Phase.UPCOMING: 1, Phase.CLOSED: 2}
        projects.sort(key=lambda p: rank.get(p.status, 3))
        if status:
            projects = [p for p in projects if p.status == status]
        if topic:
            projects = [p for p in projects if topic in p.topics.all()]
        if area:
            projects = [p for p in projects if area in p.areas.all()]
        paginator = Paginator(projects, settings.PAGE_SIZE)
        try:
            page_obj = paginator.page(request.GET.get("page", 1))
        except PageNotAnInteger:
            page_obj = paginator.page(1)
        except EmptyPage:
            page_obj = paginator.page(paginator.num_pages)
        query = request.GET.copy()
        query.pop("page", None)
        context.update(
            projects=page_obj,
            paginator=paginator,
            statuses=Phase.choices,
            topics=topics,
            areas=areas,
            selected_status=status,
            selected_topic=topic,
            selected_area=area,
            filter_query=query.urlencode(),
            filtered=bool(status or topic or area),
        )
        return context


# Wagtail's Page is untyped: django-stubs cannot resolve its managers (objects, milestones).
class ParticipationIndexPage(ParticipationIndexPageMixin, Page):  # type: ignore[django-manager-missing]
    subpage_types = ["wagtail_participation_projects.ParticipationProjectPage"]
    template = "wagtail_participation_projects/participation_index_page.html"

    class Meta:
        verbose_name = _("participation index page")
        verbose_name_plural = _("participation index pages")


class ParticipationProjectPageMixin(models.Model):
    #: Served in the page's own language on a multilingual site (``core.translations``).
    participation_page_language = True

    summary = models.TextField(
        _("summary"),
        max_length=300,
        help_text=_(
            "One or two sentences shown in project lists and teasers (up to 300 characters)."
        ),
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(project_body_blocks(), verbose_name=_("body"), blank=True)
    topics = ParentalManyToManyField(Topic, verbose_name=_("topics"), blank=True)
    areas = ParentalManyToManyField(Area, verbose_name=_("areas"), blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(
        _("end date"),
        null=True,
        blank=True,
        help_text=_(
            "Leave both dates empty to take them from the participation pages under this project."
        ),
    )

    #: Topics and areas offered in the page's own language (admin_forms.py).
    base_form_class = ProjectPageForm

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("image"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
                FieldPanel("areas", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("Topics and areas"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("start_date"),
                FieldPanel("end_date"),
                InlinePanel("milestones", label=_("Milestones")),
            ],
            heading=_("Timeline"),
        ),
        InlinePanel("updates", label=_("Updates: what happened with residents' input")),
        ContributionsSummaryPanel(),
    ]
    settings_panels = Page.settings_panels + ParticipationPageMixin.participation_panels

    api_fields = [
        APIField("summary"),
        APIField("image"),
        APIField("body"),
        APIField("start_date"),
        APIField("end_date"),
        APIField("topics", serializer=NamesField()),
        APIField("areas", serializer=NamesField()),
    ]
    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("body")]

    class Meta:
        abstract = True

    @classmethod
    def allowed_subpage_models(cls) -> list[type[Page]]:
        """Under a project, "Add child page" offers participation pages only: the page types
        built from a participation method (an idea board, a survey, a budget; the package's
        and a site's own) and other pages residents take part on (a petitions index), not
        the site's ordinary pages, nor another project."""
        return [
            model
            for model in super().allowed_subpage_models()  # type: ignore[misc]
            if issubclass(model, ParticipationMethodPageMixin)
            or (
                issubclass(model, PolicyMixin)
                and not issubclass(
                    model, ParticipationProjectPageMixin | ParticipationIndexPageMixin
                )
            )
        ]

    if TYPE_CHECKING:
        # Page's, which every concrete project page extends too.
        path: str
        depth: int
        #: ProjectMilestone rows (modelcluster's related manager, untyped).
        milestones: Any

        def get_children(self) -> PageQuerySet: ...

        #: ``attach_children_dates``' ``(opens_at, closes_at)`` of the live method pages.
        _child_dates: list[tuple[datetime.datetime | None, datetime.datetime | None]]

    @staticmethod
    def attach_children_dates(projects: list[ParticipationProjectPageMixin]) -> None:
        """Give each project the dates of its live child method pages.

        One query per method page type, however many projects: the index uses this
        so that listing (and filtering by status) does not query once per project.
        """
        by_path = {p.path: p for p in projects}
        for project in projects:
            project._child_dates = []
        if not projects:
            return
        parent_paths = {path[: -Page.steplen] for path in by_path}
        depths = {p.depth + 1 for p in projects}
        within = models.Q()
        for parent_path in parent_paths:
            within |= models.Q(path__startswith=parent_path)
        for model in method_page_models():
            rows = (
                model.objects.live()
                .filter(within, depth__in=depths)
                .values_list("path", "opens_at", "closes_at")
            )
            for path, opens_at, closes_at in rows:
                parent = by_path.get(path[: -Page.steplen])
                if parent is not None:
                    parent._child_dates.append((opens_at, closes_at))

    @cached_property
    def method_pages(self) -> list[ParticipationMethodPageMixin]:
        return [
            page
            for page in self.get_children().live().specific()
            if isinstance(page, ParticipationMethodPageMixin)
        ]

    def _children_span(self):
        dates = getattr(self, "_child_dates", None)
        if dates is None:
            dates = [(p.opens_at, p.closes_at) for p in self.method_pages]
        if not dates:
            return None, None
        starts = [s for s, _ in dates]
        ends = [e for _, e in dates]
        start = None if None in starts else min(starts)
        end = None if None in ends else max(ends)
        return start, end

    # core.policy: a project's end date closes its comments (what was said stays on the page).

    def participation_phase(self, action: Any, now: datetime.datetime | None = None) -> Phase:
        """Comments close after the project's end date (the day itself still takes them);
        every other action as the page it is mixed with says."""
        if action == Action.COMMENT and self.end_date is not None:
            today = timezone.localdate(now) if now is not None else timezone.localdate()
            if today > self.end_date:
                return Phase.CLOSED
        parent = getattr(super(), "participation_phase", None)
        return parent(action, now) if parent is not None else Phase.OPEN

    def refusal_message(self, action: Any, reason: Reason) -> StrOrPromise:
        """After the end date: a sentence naming the day, not a bare "closed"."""
        if action == Action.COMMENT and reason == Reason.CLOSED and self.end_date is not None:
            return _("This project ended on %(date)s, so it no longer takes comments.") % {
                "date": date_format(self.end_date, "DATE_FORMAT")
            }
        parent = getattr(super(), "refusal_message", None)
        return parent(action, reason) if parent is not None else default_message(reason)

    @property
    def status(self) -> str:
        if self.start_date or self.end_date:
            return phase_for_dates(self.start_date, self.end_date)
        return phase_for(*self._children_span())

    def get_status_display(self) -> StrOrPromise:
        return Phase(self.status).label

    def timeline(self) -> list[dict[str, Any]]:
        """Steps of the project in date order: its method pages and the editor's milestones.

        ``current`` marks each step whose dates include today: a method page open now, a
        milestone dated today. Several may be current at once, or none.
        """
        today = timezone.localdate()
        entries: list[dict[str, Any]] = []
        for page in self.method_pages:
            # A method with stages of its own (a budget) gives its entries itself.
            own_entries = getattr(page, "timeline_entries", None)
            if callable(own_entries):
                entries.extend(own_entries())
                continue
            start = timezone.localdate(page.opens_at) if page.opens_at else None
            end = timezone.localdate(page.closes_at) if page.closes_at else None
            entries.append(
                {
                    "label": page.title,
                    "start": start,
                    "end": end,
                    "phase": page.phase,
                    "url": page.url,
                    "description": "",
                }
            )
        for milestone in self.milestones.all():
            entries.append(
                {
                    "label": milestone.title,
                    "start": milestone.date,
                    "end": None,
                    "phase": phase_for_dates(milestone.date, milestone.date, today),
                    "url": "",
                    "description": milestone.description,
                }
            )
        entries.sort(key=lambda e: (e["start"] or datetime.date.min, e["label"]))
        # "Now": every step running today (a method page open now, a milestone on today's
        # date), and nothing else: no step is "now" between two steps.
        for entry in entries:
            entry["current"] = entry["phase"] == Phase.OPEN
        # aria-current names one item of a set: given only when a single step is current.
        single = sum(entry["current"] for entry in entries) == 1
        for entry in entries:
            entry["aria_current"] = entry["current"] and single
        return entries


# Wagtail's Page is untyped: django-stubs cannot resolve its managers (objects, milestones).
class ParticipationProjectPage(  # type: ignore[django-manager-missing]
    ParticipationProjectPageMixin, ParticipationPageMixin, Page
):
    parent_page_types = ["wagtail_participation_projects.ParticipationIndexPage"]
    template = "wagtail_participation_projects/participation_project_page.html"

    class Meta:
        verbose_name = _("participation project page")
        verbose_name_plural = _("participation project pages")


#: Milestones and updates belong to a page of any type built from ParticipationProjectPageMixin
#: (``page.milestones``, ``page.updates``), so they point at Wagtail's page model.
PAGE_MODEL = swapper.get_model_name("wagtailcore", "Page")


class ProjectMilestone(Orderable):
    page = ParentalKey(PAGE_MODEL, on_delete=models.CASCADE, related_name="milestones")
    date = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=120)
    description = models.CharField(_("description"), max_length=300, blank=True)

    panels = [FieldPanel("date"), FieldPanel("title"), FieldPanel("description")]

    class Meta(Orderable.Meta):
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")


class ProjectUpdate(Orderable):
    """What happened with residents' input: "you said, we did"."""

    page = ParentalKey(PAGE_MODEL, on_delete=models.CASCADE, related_name="updates")
    date = models.DateField(_("date"), default=timezone.localdate)
    title = models.CharField(_("title"), max_length=150)
    body = RichTextField(_("text"), features=["bold", "italic", "link", "ul", "ol", "h3"])

    panels = [FieldPanel("date"), FieldPanel("title"), FieldPanel("body")]

    class Meta(Orderable.Meta):
        verbose_name = _("update")
        verbose_name_plural = _("updates")
        ordering = ["-date", "sort_order"]
