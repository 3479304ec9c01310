"""Issue 23, point 1: what tripped residents up on a survey step.

Each matrix row is its own field, named by its row, with its own error; the "Other" box says
when it applies (it shows without JavaScript; surveys.js hides it until "Other" is chosen);
a step's title is the editor's words and figures, in one language.
"""

import re

import pytest

from tests.factories import antispam_fields
from tests.surveys.factories import make_survey, question

pytestmark = pytest.mark.django_db
MATRIX = "66666666-6666-4666-8666-666666666666"
WAY = "77777777-7777-4777-8777-777777777777"


def survey(**fields):
    return make_survey(
        [
            question(
                "matrix",
                "How good are these?",
                id=MATRIX,
                required=True,
                rows=["Toilets", "Café", "Lighting"],
                columns=["Poor", "OK", "Good"],
            ),
            question(
                "single_choice",
                "How do you get there?",
                id=WAY,
                choices=["On foot", "By bus"],
                display="radio",
                allow_other=True,
            ),
            question("page_break", "What should change"),
            question("short_text", "Anything else?"),
        ],
        **fields,
    )


def row(i):
    return f"q-{MATRIX}-row-{i}"


def test_each_matrix_row_is_labelled_with_its_row_name(client):
    page = survey(title="Park survey")
    html = client.get(page.url).content.decode()
    legend = re.search(r"<legend[^>]*>(.*?)</legend>", html, re.S).group(1)
    assert "How good are these?" in legend
    for i, name in enumerate(["Toilets", "Café", "Lighting"]):
        assert f'<th scope="row" id="id_{row(i)}_label">{name}</th>' in html
        for j, column in enumerate(["Poor", "OK", "Good"]):
            label = re.search(rf'<label for="id_{row(i)}_{j}"[^>]*>(.*?)</label>', html).group(1)
            assert label == f"{name}: {column}"
    assert "How good are these?: " not in html  # the question never stands in for a row


def test_a_required_matrix_marks_each_row_left_out(client):
    page = survey()
    response = client.post(page.url, {**antispam_fields(), "step": 1, row(1): "OK", "next": "1"})
    assert response.status_code == 400
    html = response.content.decode()
    form = response.context["form"]
    assert set(form.errors) == {row(0), row(2)}
    for i, name in [(0, "Toilets"), (2, "Lighting")]:
        assert f'id="id_{row(i)}_error">Please choose an answer for “{name}”.' in html
        assert re.search(
            rf'id="id_{row(i)}_0"[^>]* aria-invalid="true" aria-describedby="id_{row(i)}_error"',
            html,
        )
        # The error summary links each row's message to its first answer.
        assert f'href="#id_{row(i)}_0">{name}: Please choose' in html
    assert 'class="wp-matrix__row wp-matrix__row--error"' in html
    assert f'id="id_{row(1)}_1" checked' in html  # the answer given is kept
    assert not re.search(rf'id="id_{row(1)}_0"[^>]*aria-invalid', html)


def test_the_other_box_says_when_it_applies(client):
    html = client.get(survey().url).content.decode()
    box = re.search(
        r'<div class="wp-field wp-field--other[^"]*" data-wp-other-for="([^"]+)">(.*?)</div>',
        html,
        re.S,
    )
    assert box.group(1) == f"q-{WAY}"
    assert "If you chose “Other”, please say what" in box.group(2)
    assert " hidden" not in box.group(0)  # without JavaScript it always shows


def test_the_other_answer_is_kept_and_required_when_other_is_chosen(client):
    page = survey()
    data = {**antispam_fields(), "step": 1, row(0): "OK", row(1): "OK", row(2): "OK", "next": "1"}
    response = client.post(page.url, {**data, f"q-{WAY}": "__other__"})
    assert response.status_code == 400
    assert "Please say what your other answer is." in response.content.decode()
    response = client.post(page.url, {**data, f"q-{WAY}": "__other__", f"q-{WAY}-other": "Canoe"})
    assert response.status_code == 302


def test_the_step_title_is_in_the_survey_language_only(client):
    page = survey(title="Park survey")
    html = client.get(page.url, HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "<title>Park survey (1/2)" in html
    data = {**antispam_fields(), "step": 1, row(0): "OK", row(1): "OK", row(2): "OK", "next": "1"}
    client.post(page.url, data)
    html = client.get(page.url + "?step=2", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "<title>Park survey – What should change (2/2)" in html
    assert "Schritt" not in re.search(r"<title>.*?</title>", html, re.S).group(0)
