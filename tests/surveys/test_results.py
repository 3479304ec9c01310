"""Survey results: the same figures from PostgreSQL's grouped query and from the Python pass."""

import pytest
from django.db import connection

from tests.surveys.factories import make_survey, question
from tests.surveys.test_flow import QUESTION_TYPES
from wagtail_participation.surveys import results as results_module
from wagtail_participation.surveys.models import SurveyResponse

pytestmark = pytest.mark.django_db

IDS = [item["id"] for item in QUESTION_TYPES]
TEXT = "c0000000-0000-4000-8000-000000000001"
CHOICE = "c0000000-0000-4000-8000-000000000002"


def survey_with_answers():
    page = make_survey(
        QUESTION_TYPES
        + [
            question("long_text", "Tell us more", id=TEXT, max_length=500),
            question(
                "single_choice",
                "Ward",
                id=CHOICE,
                choices=["North", "South"],
                display="radio",
                allow_other=True,
            ),
        ]
    )
    samples = [
        {
            IDS[0]: "Mill Lane",
            IDS[1]: ["Bus", "__other__"],
            IDS[1] + ":other": "Tram",
            IDS[2]: 4,
            IDS[3]: ["Paths", "Trees", "Toilets"],
            IDS[4]: "2",
            IDS[7]: {"Paths": "Poor", "Lights": "Good"},
            TEXT: "Safer crossings near the school",
            CHOICE: "North",
        },
        {
            IDS[1]: ["Train"],
            IDS[2]: 2,
            IDS[3]: ["Trees", "Paths", "Toilets"],
            IDS[4]: "3.5",
            IDS[7]: {"Paths": "Good"},
            TEXT: "More trees",
            CHOICE: "__other__",
            CHOICE + ":other": "East",
        },
        {IDS[1]: ["Bus"], IDS[2]: 5, TEXT: "trees and benches", CHOICE: "South"},
    ]
    for answers in samples:
        SurveyResponse.objects.create(page=page, answers=answers)
    return page


def figures(results):
    return {
        "total": results["total"],
        "matched": results["matched"],
        "questions": [
            (
                r.label,
                r.answered,
                r.counts,
                sorted(r.others),
                sorted(r.texts),
                r.text_total,
                r.average,
                r.ranking,
                r.matrix_rows,
                [b["percent"] for b in r.bars],
            )
            for r in results["questions"]
        ],
    }


@pytest.mark.parametrize(
    "options",
    [
        {},
        {"filter_question": CHOICE, "filter_answer": "North"},
        {"search": "TREES"},
        {"filter_question": IDS[1], "filter_answer": "Bus"},
    ],
)
def test_figures(options):
    page = survey_with_answers()
    result = results_module.survey_results(page, **options)
    by_label = {r.label: r for r in result["questions"]}
    if not options:
        assert result["total"] == result["matched"] == 3
        assert by_label["What do you use?"].counts == {"Bus": 2, "__other__": 1, "Train": 1}
        assert by_label["The park is clean"].average == round(11 / 3, 2)
        assert (
            by_label["Rank these"].ranking[0] == ("Paths", 1.5)
            or by_label["Rank these"].ranking[0][1] == 1.5
        )
        assert by_label["Tell us more"].text_total == 3
    if options.get("search"):
        assert sorted(by_label["Tell us more"].texts) == ["More trees", "trees and benches"]
    if options.get("filter_answer") == "North":
        assert result["matched"] == 1


@pytest.mark.parametrize(
    "options",
    [
        {},
        {"filter_question": CHOICE, "filter_answer": "North"},
        {"search": "trees"},
        {"filter_question": IDS[1], "filter_answer": "Bus"},
    ],
)
def test_postgresql_and_python_agree(options, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("compares PostgreSQL's aggregation with the Python pass")
    page = survey_with_answers()
    in_postgresql = figures(results_module.survey_results(page, **options))
    monkeypatch.setattr(results_module, "connection", type("C", (), {"vendor": "sqlite"})())
    in_python = figures(results_module.survey_results(page, **options))
    assert in_postgresql == in_python


def test_postgresql_csv_export_matches_the_python_export(client, django_user_model):
    """The COPY-based CSV on PostgreSQL has the same rows as the Python writer."""
    import csv
    import io

    from wagtail_participation.surveys.exports import export_rows
    from wagtail_participation.surveys.models import SurveyPage, SurveyQuestionRecord

    if connection.vendor != "postgresql":
        pytest.skip("compares PostgreSQL's COPY export with the Python export")
    page = survey_with_answers()
    SurveyResponse.objects.create(
        page=page, answers={IDS[0]: "=SUM(A1)", TEXT: 'line\nbreak, "quoted"'}, is_paper=True
    )
    SurveyQuestionRecord.objects.create(
        page=page,
        question_id="gone",
        question_type="multiple_choice",
        label="Removed question",
        position=99,
    )
    SurveyResponse.objects.create(
        page=page, answers={"gone": ["a", "__other__"], "gone:other": "zz"}
    )
    page = SurveyPage.objects.get(pk=page.pk)
    client.force_login(django_user_model.objects.create_superuser("x", "x@example.org", "pw"))
    body = b"".join(
        client.get(f"/admin/participation/surveys/{page.pk}/export.csv").streaming_content
    )
    from_postgresql = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    header, rows = export_rows(page)
    from wagtail_participation.core.exports import neutralise

    from_python = [[neutralise(h) for h in header]] + [[neutralise(c) for c in row] for row in rows]
    assert from_postgresql[0] == from_python[0]
    assert from_postgresql[1:] == sorted(from_python[1:], key=lambda r: int(r[0]))


def test_dates_and_emails_count_who_answered_the_same_in_postgresql_and_python(monkeypatch):
    """Dates and email addresses only count who answered; PostgreSQL counts them without
    reading one row per distinct answer. Empty answers of every shape do not count."""
    if connection.vendor != "postgresql":
        pytest.skip("compares PostgreSQL's aggregation with the Python pass")
    date_id, email_id = IDS[5], IDS[6]
    page = make_survey(QUESTION_TYPES)
    for answers in [
        {date_id: "2026-05-01", email_id: "a@example.org"},
        {date_id: "2026-05-02", email_id: "b@example.org"},
        {date_id: "", email_id: None},
        {date_id: [], email_id: {}},
        {},
    ]:
        SurveyResponse.objects.create(page=page, answers=answers)
    in_postgresql = figures(results_module.survey_results(page))
    monkeypatch.setattr(results_module, "connection", type("C", (), {"vendor": "sqlite"})())
    in_python = figures(results_module.survey_results(page))
    assert in_postgresql == in_python
    answered = {label: n for label, n, *_rest in in_postgresql["questions"]}
    assert answered["When did you visit?"] == answered["Your email for a reply"] == 2
