"""The example council's own pages: home, news and information."""

from django.db import models
from modelcluster.fields import ParentalKey
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.contrib.forms.models import AbstractForm, AbstractFormField
from wagtail.fields import RichTextField, StreamField
from wagtail.images.blocks import ImageChooserBlock
from wagtail.models import Page
from wagtail.search import index

from wagtail_participation.events.blocks import UpcomingEventsBlock
from wagtail_participation.ideas.blocks import IdeaBoardTeaserBlock
from wagtail_participation.petitions.blocks import PetitionBlock
from wagtail_participation.projects.blocks import ProjectTeaserBlock
from wagtail_participation.surveys.blocks import PollBlock, SurveyTeaserBlock


def body_blocks():
    return [
        (
            "heading",
            blocks.CharBlock(
                form_classname="title", icon="title", template="council/blocks/heading.html"
            ),
        ),
        ("paragraph", blocks.RichTextBlock(icon="pilcrow")),
        ("image", ImageChooserBlock(template="council/blocks/image.html")),
        ("project_teaser", ProjectTeaserBlock()),
        ("idea_board_teaser", IdeaBoardTeaserBlock()),
        ("poll", PollBlock()),
        ("petition", PetitionBlock()),
        ("upcoming_events", UpcomingEventsBlock()),
        ("survey_teaser", SurveyTeaserBlock()),
    ]


class HomePage(Page):
    intro = models.TextField(blank=True)
    body = StreamField(body_blocks(), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["latest_news"] = (
            NewsArticlePage.objects.live().public().order_by("-date", "-pk")[:3]
        )
        return context


class NewsIndexPage(Page):
    intro = RichTextField(blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["council.NewsArticlePage"]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["articles"] = (
            NewsArticlePage.objects.child_of(self).live().public().order_by("-date", "-pk")
        )
        return context


class NewsArticlePage(Page):
    date = models.DateField("Published on")
    intro = models.TextField(max_length=300)
    body = StreamField(body_blocks(), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("date"),
        FieldPanel("intro"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["council.NewsIndexPage"]
    subpage_types = []


class InformationPage(Page):
    intro = models.TextField(blank=True)
    body = StreamField(body_blocks(), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("body")]


class FormField(AbstractFormField):
    page = ParentalKey("FormPage", on_delete=models.CASCADE, related_name="form_fields")


class FormPage(AbstractForm):
    """Wagtail's own form builder, as councils use it today (and the benchmarks' peer)."""

    intro = RichTextField(blank=True)
    thank_you_text = RichTextField(blank=True)

    content_panels = AbstractForm.content_panels + [
        FieldPanel("intro"),
        InlinePanel("form_fields", label="Form fields"),
        FieldPanel("thank_you_text"),
    ]
