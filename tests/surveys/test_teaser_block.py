"""Issue 14, point 9: ``SurveyTeaserBlock`` announces a survey from any page (a news article),
like the project, idea board, poll and petition blocks."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from tests.page_privacy import KINDS, let_in, page_with_blocks, restrict
from tests.surveys.factories import make_survey, question
from wagtail_participation.surveys.blocks import SurveyTeaserBlock
from wagtail_participation.surveys.models import ResultsVisibility

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)
QUESTIONS = [question("short_text", "Your favourite tree?")]


def teaser(survey, heading="", summary=""):
    return ("survey_teaser", {"heading": heading, "survey": survey, "summary": summary})


def test_an_open_survey_is_announced_with_its_dates_and_a_link_to_take_it():
    closes = timezone.now() + 3 * DAY
    survey = make_survey(
        QUESTIONS,
        title="zqTrees survey",
        intro="<p>Tell us which <b>trees</b> to plant along the river this winter.</p>",
        closes_at=closes,
    )
    article = page_with_blocks(teaser(survey, heading="Have your say"))
    html = Client().get(article.url).content.decode()
    assert "<h2>Have your say</h2>" in html and '<h3 class="wp-card__title">' in html
    assert f'<a href="{survey.url}">zqTrees survey</a>' in html
    assert "Open until" in html and "Take the survey" in html
    # No summary given: the start of the introduction, as plain text.
    assert "Tell us which trees to plant along the river this winter." in html
    assert "See the results" not in html


def test_the_editors_summary_replaces_the_introduction_and_results_are_linked_when_public():
    survey = make_survey(
        QUESTIONS,
        intro="<p>zqintro</p>",
        results_visibility=ResultsVisibility.LIVE,
    )
    article = page_with_blocks(teaser(survey, summary="zqsummary: five questions"))
    html = Client().get(article.url).content.decode()
    assert "zqsummary: five questions" in html and "zqintro" not in html
    assert '<h2 class="wp-card__title">' in html  # no heading: the title is the heading
    assert f'href="{survey.results_url}"' in html and "See the results" in html


@pytest.mark.parametrize(
    "dates, words",
    [
        ({"opens_at": timezone.now() + DAY}, ["Opens on", "About the survey"]),
        (
            {"closes_at": timezone.now() - DAY},
            ["Closed: it no longer takes answers", "About the survey"],
        ),
    ],
)
def test_a_survey_not_open_says_so(dates, words):
    survey = make_survey(QUESTIONS, **dates)
    html = Client().get(page_with_blocks(teaser(survey)).url).content.decode()
    for word in words:
        assert word in html
    assert "Take the survey" not in html


def test_an_unpublished_survey_shows_nothing():
    survey = make_survey(QUESTIONS, title="zqdraft survey")
    survey.unpublish()
    html = Client().get(page_with_blocks(teaser(survey)).url).content.decode()
    assert "zqdraft" not in html and "wp-survey-teaser" not in html


@pytest.mark.parametrize("kind", KINDS)
def test_a_survey_behind_a_view_restriction_shows_only_to_visitors_let_in(kind):
    survey = make_survey(QUESTIONS, title="zqsecret survey", intro="<p>zqsecret intro</p>")
    restrict(survey, kind)
    public = page_with_blocks(teaser(survey))
    assert "zqsecret" not in Client().get(public.url).content.decode()
    member = let_in(Client(), survey, kind)
    assert "zqsecret survey" in member.get(public.url).content.decode()


def test_the_block_without_a_request_shows_no_restricted_survey():
    survey = make_survey(QUESTIONS, title="zqsecret survey")
    restrict(survey, "login")
    block = SurveyTeaserBlock()
    value = block.to_python({"heading": "", "survey": survey.pk, "summary": ""})
    assert block.render(value).strip() == ""


def test_the_chooser_offers_survey_page_types_and_migrations_record_the_packages():
    from wagtail_participation.surveys.models import SurveyPage

    block = SurveyTeaserBlock()
    chooser = block.child_blocks["survey"]
    assert SurveyPage in chooser.target_models
    assert chooser.deconstruct()[2]["page_type"] == ["wagtail_participation_surveys.SurveyPage"]


def test_the_example_sites_pages_offer_the_block():
    from example_site.council.models import InformationPage, NewsArticlePage

    for model in (NewsArticlePage, InformationPage):
        blocks = model._meta.get_field("body").stream_block.child_blocks
        assert isinstance(blocks["survey_teaser"], SurveyTeaserBlock)
