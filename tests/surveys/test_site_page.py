"""A site's own survey page, built from ``SurveyPageMixin`` (issue 13, item 6).

``tests.testapp.models.SiteSurveyPage`` gets every route, the editor's panel, the staff
results and exports, public results, the poll block, "your data" and "forget me", as the
package's own ``SurveyPage`` does: the package never looks its own page up.
"""

import csv
import io
import json

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from tests.factories import ParticipantFactory, antispam_fields, sign_in_client
from tests.surveys.factories import COMMENTS, CYCLE, RATING, ROUTE, WARD, three_step_survey
from tests.testapp.models import SiteSurveyPage
from wagtail_participation.surveys.models import (
    Poll,
    PollChoice,
    PollVote,
    ResultsVisibility,
    SurveyQuestionRecord,
    SurveyResponse,
)

pytestmark = pytest.mark.django_db


def site_survey(**fields):
    fields.setdefault("department", "Highways")
    fields.setdefault("thank_you_text", "<p>The highways team reads every answer.</p>")
    page = three_step_survey(model=SiteSurveyPage, **fields)
    assert type(page) is SiteSurveyPage
    return page


def post(client, page, step, data):
    return client.post(page.url, {**antispam_fields(), "step": step, **data})


def answer_all(client, page, cycle="Yes", ward="North"):
    response = post(client, page, 1, {f"q-{WARD}": ward, f"q-{CYCLE}": cycle, "next": "1"})
    assert response.status_code == 302 and response["Location"] == page.url + "?step=2"
    data = {f"q-{RATING}": "4", "next": "1"}
    if cycle == "Yes":
        data[f"q-{ROUTE}"] = "River path"
    assert post(client, page, 2, data)["Location"] == page.url + "?step=3"
    return post(client, page, 3, {f"q-{COMMENTS}": "More benches", "next": "1"})


@pytest.fixture
def staff(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("s", "s@example.org", "pw"))
    return client


def test_multi_step_survey_answered_and_submitted_with_its_confirmation(client):
    page = site_survey()
    html = client.get(page.url).content.decode()
    assert "site-survey-department" in html and "Highways" in html  # the site's template
    assert "Step 1 of 3" in html
    response = answer_all(client, page)
    assert response.status_code == 302 and response["Location"] == page.url + "thanks/"
    stored = SurveyResponse.objects.get()
    assert stored.page_id == page.pk
    assert stored.answers == {
        WARD: "North",
        CYCLE: "Yes",
        ROUTE: "River path",
        RATING: 4,
        COMMENTS: "More benches",
    }
    thanks = client.get(response["Location"])
    assert thanks.status_code == 200
    assert "The highways team reads every answer." in thanks.content.decode()
    # One response per browser: the survey says so.
    assert "already" in client.get(page.url).content.decode()


def test_conditions_skip_the_question_that_does_not_apply(client):
    page = site_survey()
    post(client, page, 1, {f"q-{WARD}": "South", f"q-{CYCLE}": "No", "next": "1"})
    html = client.get(page.url + "?step=2").content.decode()
    assert "Which route do you cycle most?" not in html
    assert "How safe do you feel on the roads?" in html
    answer_all(Client(REMOTE_ADDR="198.51.100.8"), page, cycle="No")
    assert ROUTE not in SurveyResponse.objects.get().answers


def test_paper_entry_by_an_editor(staff):
    page = site_survey()
    assert staff.get(page.url + "?paper=1")["Location"] == page.url
    answer_all(staff, page)
    response = SurveyResponse.objects.get()
    assert response.is_paper and response.participant is None and response.entered_by is not None


def test_public_results(client):
    page = site_survey(results_visibility=ResultsVisibility.LIVE)
    for n in range(6):
        SurveyResponse.objects.create(
            page=page, answers={WARD: "North", CYCLE: "Yes", RATING: n % 5 + 1}
        )
    response = client.get(page.url + "results/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Which ward do you live in?" in html and "North" in html
    closed = site_survey(results_visibility=ResultsVisibility.NEVER)
    assert client.get(closed.url + "results/").status_code == 403


def test_staff_results_panel_and_exports(staff):
    page = site_survey()
    SurveyResponse.objects.create(
        page=page,
        answers={WARD: "North", CYCLE: "Yes", ROUTE: "River path", RATING: 4, COMMENTS: "=1+1"},
    )
    SurveyResponse.objects.create(
        page=page, answers={WARD: "South", CYCLE: "No", RATING: 2}, is_paper=True
    )

    edit = staff.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert edit.status_code == 200
    assert "2 responses" in edit.content.decode()
    assert "Browse the responses" in edit.content.decode()

    listing = reverse("wagtail_participation_surveys_surveyresponse_modeladmin_index")
    assert staff.get(listing, {"survey": page.pk}).context["paginator"].count == 2
    exported = b"".join(
        staff.get(listing, {"survey": page.pk, "export": "csv"}).streaming_content
    ).decode("utf-8-sig")
    assert exported.splitlines()[0].startswith("Response,Submitted,From paper,Which ward")

    results = staff.get(reverse("wagtail_participation_surveys_admin:results", args=[page.pk]))
    assert results.status_code == 200
    assert "How safe do you feel on the roads?" in results.content.decode()

    body = b"".join(
        staff.get(
            reverse("wagtail_participation_surveys_admin:export_csv", args=[page.pk])
        ).streaming_content
    )
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0][:4] == ["Response", "Submitted", "From paper", "Which ward do you live in?"]
    assert [row[3] for row in rows[1:]] == ["North", "South"]
    assert "'=1+1" in rows[1]

    response = staff.get(reverse("wagtail_participation_surveys_admin:export_xlsx", args=[page.pk]))
    sheet = list(load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.values)
    assert [list(row) for row in sheet[:1]] == [rows[0]]
    assert len(sheet) == 3


def test_published_questions_are_recorded():
    page = site_survey()
    assert set(
        SurveyQuestionRecord.objects.for_survey(page).values_list("question_id", flat=True)
    ) == {
        WARD,
        CYCLE,
        ROUTE,
        RATING,
        COMMENTS,
    }


def test_poll_block_and_poll_endpoint_on_the_site_page(client):
    poll = Poll.objects.create(question="Should the library open on Sundays?")
    yes = PollChoice.objects.create(poll=poll, label="Yes")
    PollChoice.objects.create(poll=poll, label="No")
    page = site_survey(sidebar=[("poll", {"poll": poll})])
    html = client.get(page.url).content.decode()
    assert "Should the library open on Sundays?" in html and 'type="radio"' in html

    response = client.post(
        reverse("wagtail_participation_surveys:poll_vote", args=[poll.pk]),
        {"choice": yes.pk, "next": page.url},
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 200 and response.json()["counted"] is True
    assert PollVote.objects.get().choice == yes
    html = client.get(page.url).content.decode()
    assert "You have voted." in html


def test_your_data_lists_the_answers_and_forget_me_clears_them(client):
    resident = ParticipantFactory()
    page = site_survey(response_requirement="email")
    sign_in_client(client, resident)
    answer_all(client, page)
    assert SurveyResponse.objects.get().participant == resident

    data = json.loads(client.get("/participation/my-data/download/").content)
    [answered] = data["survey_responses"]
    assert answered["survey"] == page.title
    assert answered["answers"]["Which ward do you live in?"] == "North"
    assert answered["answers"]["Which route do you cycle most?"] == "River path"
    html = client.get("/participation/my-data/").content.decode()
    assert "Surveys you answered" in html and "Which route do you cycle most?: River path" in html

    assert client.post("/participation/my-data/forget/").status_code == 302
    assert SurveyResponse.objects.get().participant_id is None
