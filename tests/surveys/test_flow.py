"""Answering a survey: steps, conditions, one response each, closing, bad input."""

import datetime

import pytest
from django.utils import timezone

from tests.factories import ParticipantFactory, antispam_fields, sign_in_client
from tests.surveys.factories import (
    COMMENTS,
    CYCLE,
    RATING,
    ROUTE,
    WARD,
    make_survey,
    question,
    three_step_survey,
)
from wagtail_participation.surveys.models import SurveyResponse

pytestmark = pytest.mark.django_db


def post(client, page, step, data, **extra):
    return client.post(page.url, {**antispam_fields(), "step": step, **data}, **extra)


def field(qid):
    return f"q-{qid}"


def answer_all(client, page, cycle="Yes"):
    assert (
        post(client, page, 1, {field(WARD): "North", field(CYCLE): cycle, "next": "1"})["Location"]
        == page.url + "?step=2"
    )
    data = {field(RATING): "4", "next": "1"}
    if cycle == "Yes":
        data[field(ROUTE)] = "River path"
    assert post(client, page, 2, data)["Location"] == page.url + "?step=3"
    return post(client, page, 3, {field(COMMENTS): "More benches", "next": "1"})


def test_three_steps_with_the_conditional_question(client):
    page = three_step_survey()
    response = client.get(page.url)
    assert response.status_code == 200 and "Step 1 of 3" in response.content.decode()
    response = answer_all(client, page)
    assert response.status_code == 302 and response["Location"] == page.url + "thanks/"
    stored = SurveyResponse.objects.get()
    assert stored.answers == {
        WARD: "North",
        CYCLE: "Yes",
        ROUTE: "River path",
        RATING: 4,
        COMMENTS: "More benches",
    }
    assert client.get(response["Location"]).status_code == 200


def test_conditional_question_skipped_for_the_other_answer(client):
    page = three_step_survey()
    post(client, page, 1, {field(WARD): "South", field(CYCLE): "No", "next": "1"})
    html = client.get(page.url + "?step=2").content.decode()
    assert "Which route do you cycle most?" not in html
    # A tampered post answers the hidden question anyway: it is ignored.
    post(client, page, 2, {field(RATING): "2", field(ROUTE): "High Street", "next": "1"})
    post(client, page, 3, {"next": "1"})
    assert SurveyResponse.objects.get().answers == {WARD: "South", CYCLE: "No", RATING: 2}


def test_required_questions_and_errors_keep_answers(client):
    page = three_step_survey()
    response = post(client, page, 1, {field(WARD): "North", "next": "1"})
    assert response.status_code == 400
    html = response.content.decode()
    assert (
        "Please answer this question." in html
        and 'value="North" checked' in html.replace("checked value", "value")
        or "checked" in html
    )


def test_back_keeps_answers(client):
    page = three_step_survey()
    post(client, page, 1, {field(WARD): "Old Town", field(CYCLE): "Yes", "next": "1"})
    response = post(client, page, 2, {field(RATING): "5", "back": "1"})
    assert response["Location"] == page.url
    html = client.get(page.url).content.decode()
    assert 'value="Old Town"' in html and "checked" in html
    html = client.get(page.url + "?step=2").content.decode()
    assert 'value="5" ' in html or 'value="5"' in html


def test_tampered_step_number_goes_back_to_the_first_unanswered_step(client):
    page = three_step_survey()
    assert client.get(page.url + "?step=3")["Location"] == page.url
    assert (
        post(client, page, 3, {field(COMMENTS): "Skip ahead", "next": "1"})["Location"] == page.url
    )
    assert client.get(page.url + "?step=abc").status_code in (200, 302)
    assert not SurveyResponse.objects.exists()


def test_second_response_from_the_same_resident_is_refused(client):
    page = three_step_survey(response_requirement="email")
    sign_in_client(client, ParticipantFactory())
    answer_all(client, page)
    html = client.get(page.url).content.decode()
    assert "You have already answered this survey" in html
    assert SurveyResponse.objects.count() == 1


def test_anonymous_one_response_per_browser(client):
    page = three_step_survey()
    answer_all(client, page)
    assert "You have already answered this survey" in client.get(page.url).content.decode()
    assert SurveyResponse.objects.count() == 1


def test_several_responses_when_allowed(client):
    page = three_step_survey(one_response_per_resident=False)
    answer_all(client, page)
    answer_all(client, page, cycle="No")
    assert SurveyResponse.objects.count() == 2


def test_closed_survey_refuses_answers(client):
    page = three_step_survey(closes_at=timezone.now() - datetime.timedelta(hours=1))
    assert "This survey is closed" in client.get(page.url).content.decode()
    post(client, page, 1, {field(WARD): "North", field(CYCLE): "No", "next": "1"})
    assert not SurveyResponse.objects.exists()


def test_survey_needing_sign_in(client):
    page = three_step_survey(response_requirement="email")
    assert "Sign in to answer" in client.get(page.url).content.decode()
    assert (
        post(client, page, 1, {field(WARD): "North", field(CYCLE): "No", "next": "1"}).status_code
        == 403
    )


QUESTION_TYPES = [
    question(
        "short_text", "Name a street", id="a0000000-0000-4000-8000-000000000001", max_length=20
    ),
    question(
        "multiple_choice",
        "What do you use?",
        id="a0000000-0000-4000-8000-000000000002",
        choices=["Bus", "Train", "Bike"],
        min_choices=1,
        max_choices=2,
        allow_other=True,
    ),
    question(
        "scale",
        "The park is clean",
        id="a0000000-0000-4000-8000-000000000003",
        points=5,
        min_label="Disagree",
        max_label="Agree",
    ),
    question(
        "ranking",
        "Rank these",
        id="a0000000-0000-4000-8000-000000000004",
        choices=["Trees", "Paths", "Toilets"],
    ),
    question(
        "number",
        "How many children?",
        id="a0000000-0000-4000-8000-000000000005",
        min_value=0,
        max_value=20,
    ),
    question("date", "When did you visit?", id="a0000000-0000-4000-8000-000000000006"),
    question("email", "Your email for a reply", id="a0000000-0000-4000-8000-000000000007"),
    question(
        "matrix",
        "Rate each",
        id="a0000000-0000-4000-8000-000000000008",
        rows=["Paths", "Lights"],
        columns=["Poor", "Good"],
    ),
    question("information", "<p>Thank you for your time.</p>"),
]


def q(n):
    return f"q-a0000000-0000-4000-8000-00000000000{n}"


def test_every_question_type(client):
    page = make_survey(QUESTION_TYPES)
    assert client.get(page.url).status_code == 200
    response = post(
        client,
        page,
        1,
        {
            q(1): "Mill Lane",
            q(2): ["Bus", "__other__"],
            f"{q(2)}-other": "Tram",
            q(3): "4",
            f"{q(4)}-rank-0": "2",
            f"{q(4)}-rank-1": "1",
            f"{q(4)}-rank-2": "3",
            q(5): "2",
            q(6): "2026-05-01",
            q(7): "me@example.org",
            f"{q(8)}-row-0": "Poor",
            f"{q(8)}-row-1": "Good",
            "next": "1",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    answers = SurveyResponse.objects.get().answers
    ids = [item["id"] for item in QUESTION_TYPES]
    assert answers[ids[0]] == "Mill Lane"
    assert answers[ids[1]] == ["Bus", "__other__"] and answers[ids[1] + ":other"] == "Tram"
    assert answers[ids[2]] == 4
    assert answers[ids[3]] == ["Paths", "Trees", "Toilets"]
    assert answers[ids[4]] == "2"
    assert answers[ids[5]] == "2026-05-01"
    assert answers[ids[6]] == "me@example.org"
    assert answers[ids[7]] == {"Paths": "Poor", "Lights": "Good"}


@pytest.mark.parametrize(
    "data",
    [
        {q(1): "x" * 21},
        {q(2): ["Bus", "Train", "Bike"]},
        {q(2): ["Plane"]},
        {q(2): ["__other__"]},
        {q(3): "9"},
        {f"{q(4)}-rank-0": "1", f"{q(4)}-rank-1": "1", f"{q(4)}-rank-2": "2"},
        {f"{q(4)}-rank-0": "1"},
        {q(5): "21"},
        {q(5): "lots"},
        {q(6): "2026-13-45"},
        {q(7): "not-an-email"},
        {f"{q(8)}-row-0": "Excellent"},
        {q(1): "bad\x00"},
    ],
)
def test_bad_input_gets_a_form_error(client, data):
    page = make_survey(QUESTION_TYPES)
    response = post(client, page, 1, {**data, "next": "1"})
    assert response.status_code == 400
    assert "wp-error-message" in response.content.decode()
    assert not SurveyResponse.objects.exists()


def test_public_results(client):
    from django.test import Client

    page = three_step_survey(results_visibility="live")
    for n, cycle in enumerate(["Yes"] * 5 + ["No"] * 5):  # ten residents, each on their own network
        answer_all(Client(REMOTE_ADDR=f"198.51.100.{n + 1}"), page, cycle=cycle)
    html = client.get(page.url + "results/").content.decode()
    assert "10 responses" in html and "Which ward do you live in?" in html
    assert "More benches" not in html  # written answers are not published
    html = client.get(page.url + f"results/?filter={CYCLE}|Yes").content.decode()
    assert "showing 5 who answered" in html and "average 4" in html


def test_results_not_public_by_default(client):
    page = three_step_survey()
    assert client.get(page.url + "results/").status_code == 403


# Staff: results, export, paper responses


@pytest.fixture
def editor(client, django_user_model):
    user = django_user_model.objects.create_superuser("editor", "editor@example.org", "pw")
    client.force_login(user)
    return user


def test_admin_results_and_csv_export(client, editor):
    from django.test import Client

    from tests.factories import ParticipantFactory

    page = three_step_survey()
    for cycle in ("Yes", "No", "Yes"):
        resident = Client()
        sign_in_client(resident, ParticipantFactory())
        answer_all(resident, page, cycle=cycle)
    html = client.get(f"/admin/participation/surveys/{page.pk}/results/").content.decode()
    assert "3 responses" in html and "More benches" in html  # staff see written answers
    assert "average 4" in html
    response = client.get(f"/admin/participation/surveys/{page.pk}/export.csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    lines = text.strip().splitlines()
    assert len(lines) == 4
    assert "Which ward do you live in?" in lines[0] and "Which route do you cycle most?" in lines[0]
    edit = client.get(f"/admin/pages/{page.pk}/edit/")
    assert edit.status_code == 200 and "3 responses" in edit.content.decode()


def test_results_and_export_need_edit_permission(client, django_user_model):
    page = three_step_survey()
    user = django_user_model.objects.create_user("someone", "s@example.org", "pw")
    from django.contrib.auth.models import Permission

    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    assert client.get(f"/admin/participation/surveys/{page.pk}/results/").status_code in (302, 403)
    assert client.get(f"/admin/participation/surveys/{page.pk}/export.csv").status_code in (
        302,
        403,
    )


def test_question_text_edits_and_deletions_keep_answers(client, editor):
    from django.test import Client

    from wagtail_participation.surveys.models import SurveyPage

    page = three_step_survey()
    answer_all(Client(), page)
    page = SurveyPage.objects.get(pk=page.pk)
    stream = page.questions.raw_data
    data = [dict(item) for item in stream]
    for item in data:
        if item["id"] == WARD:
            item["value"] = {**item["value"], "label": "Your ward"}
    data = [item for item in data if item["id"] != COMMENTS]
    page.questions = data
    page.save_revision().publish()
    page = SurveyPage.objects.get(pk=page.pk)
    html = client.get(f"/admin/participation/surveys/{page.pk}/results/").content.decode()
    assert "Your ward" in html and "North" in html
    text = b"".join(
        client.get(f"/admin/participation/surveys/{page.pk}/export.csv").streaming_content
    ).decode("utf-8-sig")
    header, row = text.strip().splitlines()[:2]
    assert "Your ward" in header and "Which ward do you live in?" not in header
    assert "Anything else you want to tell us? (deleted question)" in header
    assert "North" in row and "More benches" in row


def test_paper_responses_through_the_same_form(client, editor):
    page = three_step_survey()
    response = client.get(page.url + "?paper=1")
    assert response.status_code == 302
    assert "paper form" in client.get(page.url).content.decode()
    answer_all(client, page)
    answer_all(client, page)  # the next paper form: no "already answered"
    responses = SurveyResponse.objects.all()
    assert responses.count() == 2 and all(
        r.is_paper and r.entered_by == editor and r.participant is None for r in responses
    )


def test_formulas_neutralised_in_export(client, editor):
    page = make_survey(
        [question("short_text", "Say", id="b0000000-0000-4000-8000-000000000001", max_length=100)]
    )
    from django.test import Client

    post(
        Client(),
        page,
        1,
        {"q-b0000000-0000-4000-8000-000000000001": '=HYPERLINK("http://x")', "next": "1"},
    )
    text = b"".join(
        client.get(f"/admin/participation/surveys/{page.pk}/export.csv").streaming_content
    ).decode("utf-8-sig")
    assert "'=HYPERLINK" in text
    import io

    from openpyxl import load_workbook

    response = client.get(f"/admin/participation/surveys/{page.pk}/export.xlsx")
    rows = list(load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.values)
    assert rows[0][3] == "Say" and rows[1][3] == '\'=HYPERLINK("http://x")'


def test_only_the_first_step_is_timed(client, settings):
    settings.WAGTAIL_PARTICIPATION_MIN_FILL_SECONDS = 30
    page = three_step_survey()
    assert (
        post(client, page, 1, {field(WARD): "North", field(CYCLE): "No", "next": "1"}).status_code
        == 400
    )
    settings.WAGTAIL_PARTICIPATION_MIN_FILL_SECONDS = 0
    post(client, page, 1, {field(WARD): "North", field(CYCLE): "No", "next": "1"})
    settings.WAGTAIL_PARTICIPATION_MIN_FILL_SECONDS = 30
    assert post(client, page, 2, {field(RATING): "3", "next": "1"}).status_code == 302
    assert post(client, page, 3, {"next": "1"}).status_code == 302
    assert SurveyResponse.objects.count() == 1
