"""A site's own survey page, built from the package's public mixin (issue 13, item 6).

Polls are snippets placed with ``PollBlock`` on any page, so a site needs no page type of its
own for them: ``SiteSurveyPage`` carries a StreamField with the poll block instead.
"""

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page

from wagtail_participation.core.eligibility import EligibilityPageMixin
from wagtail_participation.surveys.blocks import PollBlock
from wagtail_participation.surveys.models import SurveyPageMixin


class SiteSurveyPage(EligibilityPageMixin, SurveyPageMixin, Page):
    """A council's survey page: the package's survey plus a field and a poll of its own, and
    who may answer (``core.eligibility``, on the settings tab)."""

    department = models.CharField(max_length=100, blank=True)
    sidebar = StreamField([("poll", PollBlock())], blank=True)

    content_panels = SurveyPageMixin.content_panels + [
        FieldPanel("department"),
        FieldPanel("sidebar"),
    ]
    settings_panels = SurveyPageMixin.settings_panels + EligibilityPageMixin.eligibility_panels
    template = "testapp/site_survey_page.html"
    subpage_types = []
