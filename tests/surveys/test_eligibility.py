"""Eligibility on a survey (core.eligibility): a site's survey page with ``EligibilityPageMixin``
refuses residents outside the area or too young, says what they can do, and takes their answers
once they are eligible. The survey's own pages and views are unchanged."""

import pytest

from tests.factories import ParticipantFactory, sign_in_client
from tests.surveys.factories import CYCLE, WARD, three_step_survey
from tests.surveys.test_site_page import answer_all, post
from tests.testapp.models import SiteSurveyPage
from wagtail_participation.core.eligibility import AgeBand, details_url
from wagtail_participation.surveys.models import SurveyResponse

pytestmark = pytest.mark.django_db


def area_survey(**fields):
    return three_step_survey(
        model=SiteSurveyPage,
        eligibility_postcodes="North: AB1*\nSouth: AB2*",
        eligibility_min_age_band=AgeBand.AGE_16_17,
        **fields,
    )


def test_a_survey_for_residents_of_the_area(client):
    page = area_survey()
    # Nobody signed in: sign in first (a postcode belongs to a resident).
    html = client.get(page.url).content.decode()
    assert 'data-reason="sign_in_required"' in html and "/participation/sign-in/" in html
    resident = ParticipantFactory()
    sign_in_client(client, resident)
    html = client.get(page.url).content.decode()
    assert 'data-reason="postcode_required"' in html
    assert details_url(page.url) in html
    resident.postcode, resident.age_band = "ZZ1 1ZZ", AgeBand.AGE_35_44
    resident.save()
    html = client.get(page.url).content.decode()
    assert 'data-reason="outside_area"' in html and "your postcode is outside it" in html
    response = post(client, page, 1, {f"q-{WARD}": "North", f"q-{CYCLE}": "No", "next": "1"})
    assert response.status_code == 403 and not SurveyResponse.objects.exists()

    resident.postcode = "ab2 9xy"
    resident.save()
    assert "Step 1 of 3" in client.get(page.url).content.decode()
    assert answer_all(client, page)["Location"] == page.url + "thanks/"
    assert SurveyResponse.objects.filter(page_id=page.pk).count() == 1


def test_a_survey_for_residents_of_an_age(client):
    page = area_survey()
    resident = ParticipantFactory(postcode="AB1 2CD")
    sign_in_client(client, resident)
    html = client.get(page.url).content.decode()
    assert 'data-reason="age_band_required"' in html and "Give your age band" in html
    resident.age_band = AgeBand.UNDER_16
    resident.save()
    html = client.get(page.url).content.decode()
    assert 'data-reason="too_young"' in html and "16 or older" in html
    resident.age_band = AgeBand.AGE_16_17
    resident.save()
    assert answer_all(client, page)["Location"] == page.url + "thanks/"


def test_a_survey_without_rules_is_unchanged(client):
    page = three_step_survey(model=SiteSurveyPage)
    assert "Step 1 of 3" in client.get(page.url).content.decode()
    assert answer_all(client, page)["Location"] == page.url + "thanks/"
