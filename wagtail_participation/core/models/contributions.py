"""Contributions residents make, and the moderation they share.

``Contribution`` is a concrete table every moderated contribution type extends
(multi-table inheritance): one moderation queue, one report target and one
permission rule (the page) for comments and every method's contributions.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple, Self, TypeVar, cast

import swapper
from django.conf import settings as django_settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from ..permissions import moderatable_contributions
from ..translations import canonical_page_id
from .moderation import ModerationState
from .participants import Participant

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

PAGE_MODEL = swapper.get_model_name("wagtailcore", "Page")

_C = TypeVar("_C", bound="Contribution")


class ContributionQuerySet(models.QuerySet[_C]):
    """What the public, a resident and a moderator may see of contributions."""

    def published(self) -> Self:
        return self.filter(moderation_state=ModerationState.PUBLISHED)

    def public(self) -> Self:
        """What anyone may see: the published contributions (``published()``)."""
        return self.published()

    def awaiting_review(self) -> Self:
        return self.filter(moderation_state__in=[ModerationState.PENDING, ModerationState.HIDDEN])

    def visible_to(self, participant: Participant | None) -> Self:
        """Published contributions, plus the participant's own pending ones."""
        visible = models.Q(moderation_state=ModerationState.PUBLISHED)
        if participant is not None:
            visible |= models.Q(author=participant, moderation_state=ModerationState.PENDING)
        return self.filter(visible)

    def for_moderator(self, user: Any) -> Self:
        """The contributions on pages ``user`` may moderate (``core.permissions``' rule)."""
        return moderatable_contributions(user, self)

    def on_page(self, page: models.Model | int) -> Self:
        """The contributions on ``page`` (a page or its id); a page's translations share its
        contributions (``core.translations``: stored on the canonical translation)."""
        if isinstance(page, models.Model):
            return self.filter(page_id=canonical_page_id(page))
        return self.filter(page_id=page)


class CommentQuerySet(ContributionQuerySet["Comment"]):
    def thread(self, page: models.Model | int, target: Contribution | None = None) -> Self:
        """The comments on ``page``, or on contribution ``target`` there."""
        return self.on_page(page).filter(target=target)

    def top_level(self) -> Self:
        """Comments that start a thread (not replies)."""
        return self.filter(reply_to__isnull=True)

    def replies(self) -> Self:
        return self.filter(reply_to__isnull=False)


CommentManager = models.Manager.from_queryset(CommentQuerySet)


class ReportQuerySet(models.QuerySet["Report"]):
    def unresolved(self) -> Self:
        return self.filter(resolved_at__isnull=True)

    def by(self, participant: Participant | None) -> Self:
        """The reports ``participant`` made."""
        return self.filter(participant=participant)


class Thumbnail(NamedTuple):
    """A contribution's image in the moderation queue: the file's URL and its text alternative."""

    url: str
    alt: str = ""


class Contribution(models.Model):
    page = models.ForeignKey(
        PAGE_MODEL,
        verbose_name=_("page"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    content_type = models.ForeignKey(
        ContentType,
        verbose_name=_("type"),
        on_delete=models.CASCADE,
        related_name="+",
        editable=False,
    )
    author = models.ForeignKey(
        Participant,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contributions",
    )
    summary = models.CharField(_("summary"), max_length=255, blank=True, editable=False)
    moderation_state = models.CharField(
        _("moderation state"),
        max_length=12,
        choices=ModerationState.choices,
        default=ModerationState.PUBLISHED,
        db_index=True,
    )
    report_count = models.PositiveIntegerField(_("reports"), default=0, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    moderated_at = models.DateTimeField(_("moderated"), null=True, blank=True)
    moderated_by = models.ForeignKey(
        django_settings.AUTH_USER_MODEL,
        verbose_name=_("moderated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ContributionQuerySet.as_manager()

    class Meta:
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["page", "moderation_state", "created_at"])]

    def __str__(self) -> str:
        return self.summary or f"{self.content_type.name} #{self.pk}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self.content_type_id:
            self.content_type = ContentType.objects.get_for_model(self)
        # Truncator does not count combining marks: cap the code points too, the column's limit.
        summary = Truncator(self.get_summary()).chars(255)
        self.summary = summary if len(summary) <= 255 else summary[:254] + "…"
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        """Where a resident sees this contribution; subclasses with their own page override."""
        page = self.page.specific
        return f"{page.url}#contribution-{self.pk}" if page.url else ""

    def get_summary(self) -> str:
        """Text shown for this contribution in the moderation queue; subclasses override."""
        return self.summary

    def get_export_text(self) -> str:
        """The resident's whole text, for their personal-data download; subclasses override."""
        return self.summary

    #: The template that shows this contribution to moderators (the moderate view, a method's own
    #: admin views), with ``contribution`` and get_moderation_context() in its context. A type with
    #: more than text (an image, a place) names its own.
    moderation_template = "wagtail_participation/admin/includes/contribution_details.html"

    def get_moderation_context(self) -> dict[str, Any]:
        """Extra context for ``moderation_template``; subclasses override."""
        return {}

    #: The resident's text fields a moderator may redact personal data from (``moderation.redact``);
    #: None: every text field the type adds that has no choices.
    redactable_field_names: ClassVar[tuple[str, ...] | None] = None

    @classmethod
    def redactable_fields(cls) -> list[models.Field[Any, Any]]:
        """The fields of ``redactable_field_names`` (or the type's own free-text fields)."""
        if cls.redactable_field_names is not None:
            return [cls._meta.get_field(name) for name in cls.redactable_field_names]  # type: ignore[misc]
        return [
            field
            for field in cls._meta.concrete_fields
            if isinstance(field, models.CharField | models.TextField)
            and not field.choices
            and field.model is not Contribution
            and field.editable
        ]

    def get_thumbnail(self) -> Thumbnail | None:
        """The image residents attached, as a ``Thumbnail`` for the moderation queue, or None."""
        return None

    @cached_property
    def specific(self) -> Contribution:
        model = self.content_type.model_class()
        if model is None or isinstance(self, model):
            return self
        return cast(Contribution, model._default_manager.get(pk=self.pk))

    @property
    def type_name(self) -> StrOrPromise:
        """The contribution type's name; its content type's model name when its model is gone."""
        model = self.content_type.model_class()
        if model is None:
            return self.content_type.model
        return model._meta.verbose_name or self.content_type.model

    @property
    def is_published(self) -> bool:
        return self.moderation_state == ModerationState.PUBLISHED

    @property
    def author_name(self) -> str:
        return self.author.public_name if self.author else str(_("Former participant"))


def load_specific_pages(items: Iterable[Any]) -> list[Any]:
    """``items`` (anything with a ``page``) as a list, each ``page`` replaced by the specific
    page, fetched in one query for all of them (``page.specific`` costs a query a row)."""
    from django.apps import apps

    items = list(items)
    ids = {item.page_id for item in items}
    model = apps.get_model(PAGE_MODEL)
    pages = {page.pk: page for page in model.objects.filter(pk__in=ids).specific()}
    for item in items:
        if item.page_id in pages:
            item.page = pages[item.page_id]
    return items


def load_specific(contributions: Iterable[Contribution]) -> list[Contribution]:
    """``contributions`` as a list whose ``specific`` (and its page, as the specific page) are
    fetched in one query per type and one for the pages, instead of two queries a row."""
    items = load_specific_pages(contributions)
    wanted: dict[type[Contribution], list[int]] = {}
    for item in items:
        model = item.content_type.model_class()
        if model is not None and not isinstance(item, model):
            wanted.setdefault(model, []).append(item.pk)
    found: dict[int, Contribution] = {}
    for model, pks in wanted.items():
        found.update(model._default_manager.in_bulk(pks))
    for item in items:
        specific = found.get(item.pk, item)
        specific.page = item.page
        item.__dict__["specific"] = specific
    return items


class ReportReason(models.TextChoices):
    SPAM = "spam", _("Spam or advertising")
    OFFENSIVE = "offensive", _("Offensive or abusive")
    OFF_TOPIC = "off_topic", _("Off topic")
    PERSONAL_DATA = "personal_data", _("Shares someone's personal details")
    OTHER = "other", _("Something else")


class Report(models.Model):
    """A resident telling moderators that a contribution breaks the rules."""

    contribution = models.ForeignKey(
        Contribution,
        verbose_name=_("contribution"),
        on_delete=models.CASCADE,
        related_name="reports",
    )
    participant = models.ForeignKey(
        Participant,
        verbose_name=_("reported by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reports",
    )
    reason = models.CharField(_("reason"), max_length=20, choices=ReportReason.choices)
    details = models.TextField(_("details"), max_length=1000, blank=True)
    created_at = models.DateTimeField(_("reported"), default=timezone.now)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["contribution", "participant"], name="wp_report_once_per_participant"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()}: {self.contribution}"


class Comment(Contribution):
    """A comment on a page or on another contribution, with one level of replies."""

    target = models.ForeignKey(
        Contribution,
        verbose_name=_("on contribution"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="comments",
    )
    reply_to = models.ForeignKey(
        "self",
        verbose_name=_("reply to"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="replies",
    )
    body = models.TextField(_("comment"))

    objects: ClassVar[CommentManager] = CommentManager()
    redactable_field_names = ("body",)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at"]

    def get_absolute_url(self) -> str:
        target = self.target  # None for a comment on the page itself
        if target is not None:
            base = target.specific.get_absolute_url().split("#")[0]
        else:
            base = self.page.specific.url or ""
        return f"{base}#comment-{self.pk}" if base else ""

    def get_summary(self) -> str:
        return self.body

    def get_export_text(self) -> str:
        return self.body
