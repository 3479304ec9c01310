"""Survey steps: each step's form token is bound to its survey and used once (issue 22, item
16); the flow of several steps still works with real tokens, the later steps untimed."""

import html
import re

import pytest

from tests.factories import antispam_fields
from tests.surveys.factories import CYCLE, RATING, WARD, three_step_survey
from wagtail_participation.surveys.models import SurveyResponse

pytestmark = pytest.mark.django_db
TOKEN = re.compile(r'name="form_rendered" value="([^"]+)"')


def token_on(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return html.unescape(TOKEN.search(response.content.decode()).group(1))


def step_one(token):
    return {
        "step": 1,
        f"q-{WARD}": "North",
        f"q-{CYCLE}": "No",
        "next": "1",
        "form_rendered": token,
    }


def test_a_step_s_token_is_used_once(client):
    page = three_step_survey()
    token = token_on(client, page.url)
    assert client.post(page.url, step_one(token)).status_code == 302
    again = client.post(page.url, step_one(token))
    assert again.status_code == 400 and "This form was already sent" in again.content.decode()
    step_two = token_on(client, page.url + "?step=2")
    data = {"step": 2, f"q-{RATING}": "3", "next": "1", "form_rendered": step_two}
    assert client.post(page.url, data).status_code == 302
    assert client.post(page.url, data).status_code == 400


def test_a_token_from_another_survey_is_refused(client):
    page, other = three_step_survey(), three_step_survey()
    token = token_on(client, other.url)
    refused = client.post(page.url, step_one(token))
    assert (
        refused.status_code == 400
        and "This form was opened on another page" in refused.content.decode()
    )


def test_the_whole_flow_with_real_tokens_times_only_the_first_step(client, settings):
    from wagtail_participation.core.antispam import read_token

    page = three_step_survey()
    form_id = read_token(token_on(client, page.url))[2]
    settings.WAGTAIL_PARTICIPATION_MIN_FILL_SECONDS = 30
    assert (
        client.post(
            page.url, step_one(antispam_fields(form_id, seconds_ago=5)["form_rendered"])
        ).status_code
        == 400
    )
    assert (
        client.post(
            page.url, step_one(antispam_fields(form_id, seconds_ago=40)["form_rendered"])
        ).status_code
        == 302
    )
    # Later steps: sent as soon as shown (a step may hold one optional question), each token once.
    token = token_on(client, page.url + "?step=2")
    assert (
        client.post(
            page.url, {"step": 2, f"q-{RATING}": "3", "next": "1", "form_rendered": token}
        ).status_code
        == 302
    )
    token = token_on(client, page.url + "?step=3")
    assert (
        client.post(page.url, {"step": 3, "next": "1", "form_rendered": token}).status_code == 302
    )
    assert SurveyResponse.objects.count() == 1
