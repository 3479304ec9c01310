"""Question types are classes in a registry; a type registered only in tests/testapp
("yes or no, with a reason") works in the editor, the form, the results and the export."""

import csv
import io
import json

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from tests.factories import ParticipantFactory, antispam_fields, sign_in_client
from tests.surveys.editor import post_questions, question_value
from tests.surveys.factories import make_survey, question
from tests.testapp.question_types import YesNoWithReasonType
from wagtail_participation.surveys import results as results_module
from wagtail_participation.surveys.blocks import QuestionBlock
from wagtail_participation.surveys.models import SurveyPage, SurveyResponse
from wagtail_participation.surveys.questions import (
    QuestionType,
    get_question_type,
    question_types,
    register_question_type,
    unregister_question_type,
)

pytestmark = pytest.mark.django_db

BUILT_IN = [
    "short_text",
    "long_text",
    "single_choice",
    "multiple_choice",
    "scale",
    "rating",
    "ranking",
    "number",
    "date",
    "email",
    "matrix",
    "information",
    "page_break",
]
AGREE = "f0000000-0000-4000-8000-000000000001"
FOLLOW_UP = "f0000000-0000-4000-8000-000000000002"
WARD = "f0000000-0000-4000-8000-000000000003"


# The registry


def test_the_built_in_types_and_the_test_apps_are_registered():
    names = list(question_types())
    assert names[:13] == BUILT_IN
    assert get_question_type("yes_no_reason") is YesNoWithReasonType
    field = SurveyPage._meta.get_field("questions")
    assert list(field.stream_block.child_blocks) == names  # the editor offers every registered type


class PostcodeQuestion(QuestionType):
    block_type = "postcode"
    block_class = QuestionBlock


def test_registering_and_unregistering():
    try:
        assert register_question_type(PostcodeQuestion) is PostcodeQuestion
        assert "postcode" in SurveyPage._meta.get_field("questions").stream_block.child_blocks
        with pytest.raises(ImproperlyConfigured, match="registered already"):
            register_question_type(type("Other", (PostcodeQuestion,), {}))
        replacement = register_question_type(replace=True)(
            type("Replacement", (PostcodeQuestion,), {})
        )
        assert get_question_type("postcode") is replacement
    finally:
        unregister_question_type("postcode")
    assert get_question_type("postcode") is None
    assert "postcode" not in SurveyPage._meta.get_field("questions").stream_block.child_blocks


@pytest.mark.parametrize(
    "attributes",
    [
        {"block_type": "Post code", "block_class": QuestionBlock},
        {"block_type": "x" * 31, "block_class": QuestionBlock},
        {"block_type": None, "block_class": QuestionBlock},
        {"block_type": "postcode", "block_class": None},
    ],
)
def test_a_misconfigured_type_is_refused(attributes):
    with pytest.raises(ImproperlyConfigured):
        register_question_type(type("Broken", (QuestionType,), attributes))
    assert get_question_type("postcode") is None


def test_registering_a_type_needs_no_migration():
    field = SurveyPage._meta.get_field("questions")
    name, path, args, kwargs = field.deconstruct()
    assert path == "wagtail_participation.surveys.fields.SurveyQuestionsField" and args == []
    assert "yes_no_reason" not in repr(kwargs)


# The test app's type, everywhere


def yes_no(label="Do you agree?", **value):
    return question(
        "yes_no_reason", label, id=AGREE, reason_label="Tell us why", reason_required=True, **value
    )


def survey(**fields):
    return make_survey(
        [
            yes_no(required=True),
            question(
                "short_text",
                "What would change your mind?",
                id=FOLLOW_UP,
                max_length=200,
                show_if_question=AGREE,
                show_if_answer="no",
            ),
            question("single_choice", "Ward", id=WARD, choices=["North", "South"], display="radio"),
        ],
        **fields,
    )


def post(client, page, data):
    return client.post(page.url, {**antispam_fields(), "step": "1", "next": "1", **data})


def test_the_editor_offers_the_block_and_saves_it(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("ed", "ed@example.org", "pw"))
    page = make_survey([question("short_text", "Name", id=FOLLOW_UP)])
    html = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    assert "yes_no_reason" in html and "Yes or no, with a reason" in html
    items = [
        (
            "yes_no_reason",
            AGREE,
            question_value("Do you agree?", reason_label="Why not?", reason_required="on"),
        ),
        (
            "short_text",
            FOLLOW_UP,
            question_value(
                "Say more", max_length=100, show_if_question=AGREE, show_if_answer="Yes"
            ),
        ),
    ]
    assert post_questions(client, page, items, publish=True).status_code == 302
    page = SurveyPage.objects.get(pk=page.pk)
    [agree, follow_up] = page.structure.questions
    assert isinstance(agree, YesNoWithReasonType) and agree.value["reason_label"] == "Why not?"
    assert follow_up.source is agree  # a condition on the new type
    items[1][2]["show_if_answer"] = "Maybe"
    response = post_questions(client, page, items)
    assert (
        response.status_code == 200 and "is not one of that question" in response.content.decode()
    )


def test_the_form_renders_validates_and_stores(client):
    page = survey()
    html = client.get(page.url).content.decode()
    assert "Do you agree?" in html and "Tell us why" in html and 'type="radio"' in html
    assert post(client, page, {f"q-{AGREE}": "maybe"}).status_code == 400
    response = post(client, page, {f"q-{AGREE}": "no"})
    assert response.status_code == 400 and "Please say why." in response.content.decode()
    assert post(client, page, {f"q-{WARD}": "North"}).status_code == 400  # required
    response = post(
        client,
        page,
        {
            f"q-{AGREE}": "no",
            f"q-{AGREE}-reason": "Too costly",
            f"q-{FOLLOW_UP}": "A cheaper plan",
            f"q-{WARD}": "North",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert SurveyResponse.objects.get().answers == {
        AGREE: "no",
        f"{AGREE}:reason": "Too costly",
        FOLLOW_UP: "A cheaper plan",
        WARD: "North",
    }


def test_a_condition_on_the_new_type_hides_its_question(client):
    page = survey(one_response_per_resident=False)
    response = post(
        client, page, {f"q-{AGREE}": "yes", f"q-{FOLLOW_UP}": "Nothing", f"q-{WARD}": "South"}
    )
    assert response.status_code == 302
    assert SurveyResponse.objects.get().answers == {AGREE: "yes", WARD: "South"}


def answered_survey():
    page = survey(results_visibility="live")
    for n, (agree, reason, ward) in enumerate(
        [
            ("yes", "", "North"),
            ("yes", "Good for the park", "North"),
            ("no", "Too costly", "South"),
            ("no", "Too costly", "North"),
            ("yes", "", "South"),
            ("yes", "Trees", "North"),
        ]
    ):
        answers = {AGREE: agree, WARD: ward}
        if reason:
            answers[f"{AGREE}:reason"] = reason
        SurveyResponse.objects.create(
            page=page, answers=answers, participant=None if n else ParticipantFactory()
        )
    return page


def figures(result):
    by_label = {r.label: r for r in result["questions"]}
    agree = by_label["Do you agree?"]
    return (
        result["matched"],
        [(b["label"], b["count"]) for b in agree.bars],
        agree.answered,
        sorted(agree.texts),
    )


@pytest.mark.parametrize(
    "options", [{}, {"filter_question": WARD, "filter_answer": "North"}, {"search": "COST"}]
)
def test_results(options, monkeypatch):
    page = answered_survey()
    result = results_module.survey_results(page, **options)
    matched, bars, answered, reasons = figures(result)
    if not options:
        assert (matched, bars, answered) == (6, [("Yes", 4), ("No", 2)], 6)
        assert reasons == ["Good for the park", "Too costly", "Too costly", "Trees"]
    if options.get("filter_answer"):
        assert (matched, bars) == (4, [("Yes", 3), ("No", 1)])
    if options.get("search"):
        assert reasons == ["Too costly", "Too costly"]
    if connection.vendor == "postgresql":  # the same figures from the Python pass
        monkeypatch.setattr(results_module, "connection", type("C", (), {"vendor": "sqlite"})())
        assert figures(results_module.survey_results(page, **options)) == (
            matched,
            bars,
            answered,
            reasons,
        )


def test_staff_results_show_reasons_and_public_results_do_not(client, django_user_model, settings):
    settings.WAGTAIL_PARTICIPATION_SURVEY_RESULTS_MIN_GROUP = 1
    page = answered_survey()
    public = client.get(page.results_url).content.decode()
    assert "Do you agree?" in public and "Yes" in public and "Too costly" not in public
    client.force_login(django_user_model.objects.create_superuser("ed", "ed@example.org", "pw"))
    staff = client.get(f"/admin/participation/surveys/{page.pk}/results/").content.decode()
    assert "Too costly" in staff and "Good for the park" in staff


def test_the_csv_export(client, django_user_model):
    page = answered_survey()
    client.force_login(django_user_model.objects.create_superuser("ed", "ed@example.org", "pw"))
    body = b"".join(
        client.get(f"/admin/participation/surveys/{page.pk}/export.csv").streaming_content
    )
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0][3:] == [
        "Do you agree?",
        "Do you agree? (reason)",
        "What would change your mind?",
        "Ward",
    ]
    by_id = {int(row[0]): row[3:] for row in rows[1:]}
    first, third = (
        SurveyResponse.objects.order_by("pk")[0],
        SurveyResponse.objects.order_by("pk")[2],
    )
    assert by_id[first.pk] == ["Yes", "", "", "North"]
    assert by_id[third.pk] == ["No", "Too costly", "", "South"]


def test_your_data_shows_the_answer_as_the_type_displays_it(client):
    resident = ParticipantFactory()
    page = survey()
    SurveyResponse.objects.create(
        page=page,
        participant=resident,
        answers={AGREE: "no", f"{AGREE}:reason": "Too costly", WARD: "North"},
    )
    sign_in_client(client, resident)
    data = json.loads(client.get("/participation/my-data/download/").content)
    [response] = data["survey_responses"]
    assert response["answers"] == {"Do you agree?": "No: Too costly", "Ward": "North"}
    assert response["answers_by_question_id"][AGREE] == "no"
    html = client.get("/participation/my-data/").content.decode()
    assert "Do you agree?: No: Too costly" in html
