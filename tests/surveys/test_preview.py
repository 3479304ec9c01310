"""Wagtail's preview walks every step of a survey without a 500 and keeps nothing."""

import re

import pytest
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from tests.surveys.editor import post_questions, stream
from tests.surveys.factories import COMMENTS, RATING, ROUTE, WARD, three_step_survey
from wagtail_participation.core.models import Participant
from wagtail_participation.surveys.models import SurveyResponse

pytestmark = pytest.mark.django_db


def _editor_data(page):
    items = [(block.block_type, block.id, dict(block.value)) for block in page.questions]
    items = [
        (kind, block_id, {k: (list(v) if k == "choices" else v) for k, v in value.items()})
        for kind, block_id, value in items
    ]
    return nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "intro": rich_text(""),
            "thank_you_text": rich_text(""),
            "questions": stream(items),
            "response_requirement": page.response_requirement,
            "results_visibility": page.results_visibility,
            "one_response_per_resident": "on" if page.one_response_per_resident else "",
            "comments": inline_formset([]),
        }
    )


def _form(html):
    match = re.search(r"<form [^>]*wp-survey__form[^>]*>", html)
    assert match, html[:3000]
    return match.group(0)


def test_the_preview_walks_every_step_and_keeps_nothing(admin_client, admin_user):
    page = three_step_survey()
    assert post_questions  # the same form data the editor posts
    preview = f"/admin/pages/{page.pk}/edit/preview/"
    answer = admin_client.post(preview, _editor_data(page))
    assert answer.json() == {"is_valid": True, "is_available": True}
    modes = [mode for mode, _label in page.preview_modes]
    assert modes == ["", "step-2", "step-3", "thanks"]
    expected = {
        "": [WARD],
        "step-2": [ROUTE, RATING],
        "step-3": [COMMENTS],
        "thanks": [],
    }
    for mode in modes:
        response = admin_client.get(preview, {"mode": mode, "in_preview_panel": "true"})
        assert response.status_code == 200, (mode, response.content[:1000])
        html = response.content.decode()
        for question_id in expected[mode]:
            assert f'id="item-{question_id}"' in html, mode
        if mode != "thanks":
            form = _form(html)
            assert 'method="get"' in form  # never posts to the preview's address
            assert "csrfmiddlewaretoken" not in html
            assert 'name="in_preview_panel" value="true"' in html
    # "Next" as the browser sends it from step 1 (GET, with the answers) shows step 2.
    step_1 = admin_client.get(preview, {"mode": "", "in_preview_panel": "true"}).content.decode()
    next_mode = re.search(r'name="mode" value="([^"]*)"', step_1).group(1)
    assert next_mode == "step-2"
    response = admin_client.get(
        preview, {"mode": next_mode, "step": "1", WARD: "North", "in_preview_panel": "true"}
    )
    assert response.status_code == 200 and f'id="item-{ROUTE}"' in response.content.decode()
    # "Back" from step 3 leads to step 2.
    step_3 = admin_client.get(preview, {"mode": "step-3"}).content.decode()
    assert 'name="mode" value="step-2"' in step_3
    # Nothing kept: no response, no participant for the editor, nothing in the session.
    assert not SurveyResponse.objects.exists()
    assert not Participant.objects.filter(user=admin_user).exists()
    assert not any(key.startswith("wp_survey:") for key, _value in admin_client.session.items())


def test_a_revision_preview_shows_every_step(admin_client):
    page = three_step_survey()
    revision = page.latest_revision
    for mode in ["", "step-2", "step-3", "thanks", "step-99", "nonsense"]:
        response = admin_client.get(
            f"/admin/pages/{page.pk}/revisions/{revision.pk}/view/", {"mode": mode}
        )
        assert response.status_code == 200, mode
    assert not SurveyResponse.objects.exists()


def test_a_survey_page_is_served_as_before(client):
    page = three_step_survey()
    html = client.get(page.url).content.decode()
    assert 'method="post"' in _form(html) and "csrfmiddlewaretoken" in html
