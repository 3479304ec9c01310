"""Generated input against surveys (every question type) and poll votes."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.page_privacy import page_with_blocks
from tests.surveys.factories import make_survey, question
from wagtail_participation.surveys.models import Poll, PollChoice, PollVote, SurveyResponse

from .checks import assert_clean_json, assert_clean_text, assert_no_server_error, last_pk, new_rows
from .helpers import accept_json, antispam, send
from .strategies import form_data, text_value, value_for

pytestmark = pytest.mark.django_db

Q = {
    name: f"{n:08x}-0000-4000-8000-000000000000"
    for n, name in enumerate(
        [
            "short",
            "long",
            "radio",
            "dropdown",
            "multi",
            "scale",
            "rating",
            "ranking",
            "number",
            "date",
            "email",
            "matrix",
        ],
        start=1,
    )
}
SHORT_LIMIT, LONG_LIMIT = 50, 400


@pytest.fixture
def survey():
    return make_survey(
        [
            question("short_text", "Your street", id=Q["short"], max_length=SHORT_LIMIT),
            question("long_text", "Tell us more", id=Q["long"], max_length=LONG_LIMIT),
            question(
                "single_choice",
                "Ward",
                id=Q["radio"],
                choices=["North", "South"],
                display="radio",
                allow_other=True,
            ),
            question(
                "single_choice",
                "Route",
                id=Q["dropdown"],
                choices=["River", "High St"],
                display="dropdown",
            ),
            question(
                "multiple_choice",
                "Transport",
                id=Q["multi"],
                choices=["Bus", "Bike", "Car"],
                allow_other=True,
                min_choices=1,
                max_choices=2,
            ),
            question("scale", "Agree?", id=Q["scale"], points=5),
            question("rating", "Stars", id=Q["rating"], max_rating=5),
            question("ranking", "Rank", id=Q["ranking"], choices=["Parks", "Roads", "Schools"]),
            question("number", "How many?", id=Q["number"], min_value=0, max_value=1000),
            question("date", "When?", id=Q["date"]),
            question("email", "Email (optional)", id=Q["email"]),
            question(
                "matrix", "Rate", id=Q["matrix"], rows=["Parks", "Roads"], columns=["Good", "Bad"]
            ),
        ],
        one_response_per_resident=False,
    )


def f(name, suffix=""):
    return f"q-{Q[name]}{suffix}"


ANSWERS = form_data(
    {
        f("short"): text_value,
        f("long"): text_value,
        f("radio"): value_for(["North", "South", "__other__"]),
        f("radio", "-other"): text_value,
        f("dropdown"): value_for(["River", "High St", ""]),
        f("multi"): value_for(["Bus", "Bike", "Car", "__other__"]),
        f("multi", "-other"): text_value,
        f("scale"): value_for(["1", "5", "6", "0"]),
        f("rating"): value_for(["1", "5"]),
        f("ranking", "-rank-0"): value_for(["1", "2", "3"]),
        f("ranking", "-rank-1"): value_for(["1", "2", "3"]),
        f("ranking", "-rank-2"): value_for(["1", "2", "3"]),
        f("number"): value_for(["0", "1000", "1000.000001", "3.14", "-1"]),
        f("date"): value_for(
            ["2024-02-29", "2023-02-29", "0001-01-01", "9999-12-31", "10000-01-01"]
        ),
        f("email"): value_for(["ann@example.org", '"a\x01"@example.org']),
        f("matrix", "-row-0"): value_for(["Good", "Bad"]),
        f("matrix", "-row-1"): value_for(["Good", "Bad"]),
        "step": value_for(["1", "2", "0", "-1", "99999999999999999999"]),
        "next": value_for(["1"]),
        "back": value_for(["1"]),
    }
)


@given(
    data=ANSWERS,
    spam=antispam(),
    query=st.sampled_from(["", "?step=1", "?step=2", "?paper=1", "?step=%00"]),
)
def test_answer_survey(client, survey, fuzz_cases, data, spam, query):
    fuzz_cases()
    since = last_pk(SurveyResponse)
    response = send(client, "post", survey.url + query, {**data, **spam})
    assert_no_server_error(response)
    assert_no_server_error(send(client, "get", survey.url + query))
    for stored in new_rows(SurveyResponse, since):
        answers = stored.answers
        assert_clean_json(answers, what="answers")
        for name in ("short", "email"):
            assert_clean_text(
                answers.get(Q[name]), limit=SHORT_LIMIT if name == "short" else 254, what=name
            )
        for key in (Q["radio"] + ":other", Q["multi"] + ":other"):
            assert_clean_text(answers.get(key), limit=255, what=key)
        assert_clean_text(answers.get(Q["long"]), multiline=True, limit=LONG_LIMIT, what="long")
        assert answers.get(Q["scale"]) in (None, 1, 2, 3, 4, 5)
        multi = answers.get(Q["multi"])
        assert multi is None or 1 <= len(multi) <= 2
        ranking = answers.get(Q["ranking"])
        assert ranking is None or sorted(ranking) == ["Parks", "Roads", "Schools"]
        if answers.get(Q["number"]) is not None:
            from decimal import Decimal

            assert 0 <= Decimal(answers[Q["number"]]) <= 1000


@pytest.fixture
def poll():
    poll = Poll.objects.create(question="Should the library open on Sundays?")
    for label in ("Yes", "No"):
        PollChoice.objects.create(poll=poll, label=label)
    page_with_blocks(("poll", {"poll": poll}))  # a poll takes votes when a page shows it
    return poll


@given(
    data=form_data(
        {
            "choice": value_for(["yes", "no", "0", str(2**64)]),
            "next": value_for(["/", "/news/", "0", "//evil.example/", "/news/#x"]),
        }
    ),
    accept=accept_json(),
    missing=st.booleans(),
)
def test_poll_vote(client, poll, fuzz_cases, data, accept, missing):
    fuzz_cases()
    choices = {
        "yes": str(poll.choices.get(label="Yes").pk),
        "no": str(poll.choices.get(label="No").pk),
    }
    if "choice" in data:
        data["choice"] = [choices.get(value, value) for value in data["choice"]]
    client.cookies.clear()  # a new browser: every vote may count
    response = send(
        client,
        "post",
        f"/participation/polls/{2**70 if missing else poll.pk}/vote/",
        data,
        **accept,
    )
    assert_no_server_error(response)
    if response.status_code == 302:
        assert response["Location"].startswith("/") and not response["Location"].startswith("//")
    assert (
        sum(poll.choices.values_list("vote_count", flat=True))
        == PollVote.objects.filter(poll=poll).count()
    )


# A question type registered only in tests/testapp ("yes or no, with a reason"), with a condition on it.

AGREE, FOLLOW_UP = "a9000000-0000-4000-8000-000000000001", "a9000000-0000-4000-8000-000000000002"


@pytest.fixture
def yes_no_survey():
    return make_survey(
        [
            question(
                "yes_no_reason",
                "Do you agree?",
                id=AGREE,
                reason_label="Why?",
                reason_required=True,
            ),
            question(
                "short_text",
                "What would change your mind?",
                id=FOLLOW_UP,
                max_length=SHORT_LIMIT,
                show_if_question=AGREE,
                show_if_answer="no",
            ),
        ],
        one_response_per_resident=False,
    )


YES_NO_ANSWERS = form_data(
    {
        f"q-{AGREE}": value_for(["yes", "no", "Yes", "maybe", ""]),
        f"q-{AGREE}-reason": text_value,
        f"q-{FOLLOW_UP}": text_value,
        "step": value_for(["1"]),
        "next": value_for(["1"]),
    }
)


@given(data=YES_NO_ANSWERS, spam=antispam())
def test_answer_a_registered_question_type(client, yes_no_survey, fuzz_cases, data, spam):
    fuzz_cases()
    since = last_pk(SurveyResponse)
    assert_no_server_error(send(client, "post", yes_no_survey.url, {**data, **spam}))
    for stored in new_rows(SurveyResponse, since):
        answers = stored.answers
        assert_clean_json(answers, what="answers")
        assert answers.get(AGREE) in (None, "yes", "no")
        assert_clean_text(answers.get(f"{AGREE}:reason"), limit=500, what="reason")
        if answers.get(AGREE) == "no":
            assert answers.get(f"{AGREE}:reason")  # a reason is required with "no"
        if answers.get(AGREE) != "no":
            assert FOLLOW_UP not in answers  # its condition was not met
