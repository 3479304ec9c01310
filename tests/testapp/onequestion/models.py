"""One-question pages: a page asks one question, residents answer it.

``OneQuestionPageMixin`` is what makes a page a one-question page (a site composes its own page
from it); ``OneQuestionPage`` is the concrete page of this app. ``Answer`` extends core's
``Contribution`` table (multi-table inheritance), so core's moderation queue, reports, comments,
"Your data" and "forget me" take it with no change to core.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page

from wagtail_participation.core.models import (
    Contribution,
    ContributionQuerySet,
    ParticipationMethodPageMixin,
)
from wagtail_participation.core.permissions import moderatable_contributions
from wagtail_participation.core.policy import Action, Reason


class OneQuestionPageMixin(RoutablePageMixin, ParticipationMethodPageMixin):
    """A page asking residents one question between its dates (``opens_at``, ``closes_at``).

    Its URLs are routes of the page; each calls a function in ``views.py``, so a site's own page
    built from this mixin gets them unchanged.
    """

    question = models.CharField(_("question"), max_length=255)

    content_panels = Page.content_panels + [FieldPanel("question")]
    settings_panels = (
        Page.settings_panels
        + ParticipationMethodPageMixin.dates_panels
        + ParticipationMethodPageMixin.participation_panels
    )

    class Meta:
        abstract = True

    @path("", name="question")
    def question_route(self, request):
        from . import views  # cycle: views imports models

        return views.question(request, self)

    @path("answer/", name="answer")
    def answer_route(self, request):
        from . import views  # cycle: views imports models

        return views.answer(request, self)

    @property
    def answer_url(self) -> str:
        return (self.url or "") + self.reverse_subpage("answer")

    # core.policy: answering (Action.ANSWER) follows the page's dates and "who may contribute".

    def offers_action(self, action: str) -> bool:
        if action in (Action.CONTRIBUTE, Action.VOTE, Action.SIGN):
            return False
        return super().offers_action(action)

    def refusal_message(self, action: str, reason: str) -> str:
        if action == Action.ANSWER:
            if reason in (Reason.NOT_OPEN_YET, Reason.CLOSED):
                return _("This question is not taking answers at the moment.")
            if reason in (Reason.SIGN_IN_REQUIRED, Reason.VERIFIED_EMAIL_REQUIRED):
                return _("Please sign in to answer.")
        return super().refusal_message(action, reason)


class OneQuestionPage(OneQuestionPageMixin, Page):
    """A one-question page, anywhere in the page tree."""

    subpage_types = []
    template = "testapp_onequestion/one_question_page.html"

    class Meta:
        verbose_name = _("one-question page")
        verbose_name_plural = _("one-question pages")


class AnswerQuerySet(ContributionQuerySet):
    """What the public, a resident and a moderator may see (``visible_to`` is core's)."""

    def public(self):
        return self.published()

    def on_page(self, page):
        return self.filter(page_id=page.pk)

    def by(self, participant):
        return self.filter(author=participant) if participant is not None else self.none()

    def for_moderator(self, user):
        """Answers on pages ``user`` may publish (core.permissions)."""
        return moderatable_contributions(user, self)


class Answer(Contribution):
    """A resident's answer to a one-question page (a moderated contribution)."""

    body = models.TextField(_("answer"))
    neighbourhood = models.CharField(
        _("neighbourhood"),
        max_length=100,
        blank=True,
        help_text=_(
            "Where the resident lives, if they said; removed when they ask to be forgotten."
        ),
    )

    objects = AnswerQuerySet.as_manager()

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["created_at"]

    def __str__(self):
        return self.summary or self.body[:80]

    def get_summary(self):
        return self.body

    def get_export_text(self):
        return self.body
