"""High-volume records stay out of Wagtail's reference index (three queries per row saved)."""

from wagtail.models import ReferenceIndex

from wagtail_participation.petitions.models import Signature
from wagtail_participation.surveys.models import SurveyResponse


def test_responses_and_signatures_are_not_indexed():
    assert not ReferenceIndex.is_indexed(SurveyResponse)
    assert not ReferenceIndex.is_indexed(Signature)
