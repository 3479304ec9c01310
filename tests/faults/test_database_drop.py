"""Fault: the database connection drops in the middle of a resident's submission.

The resident gets a "please try again" page (HTTP 503, what they typed kept in the page) instead
of a server error, and nothing of the submission is stored: the insert before the drop is rolled
back with it. Sending the page's form again stores the submission once.

On every database the drop is simulated by an ``execute_wrapper`` raising Django's
``OperationalError`` at the last insert of the submission (for a signature: its email, written
after the signature in the same transaction). On PostgreSQL a second test really drops the
connection: ``pg_terminate_backend`` from another connection, just before that insert.
"""

import html
import re

import pytest
from django.core import mail
from django.db import OperationalError, connection
from django.test import Client

from tests.factories import ParticipantFactory, post_form, sign_in_client
from tests.faults.smtp import report
from tests.ideas.factories import make_board
from tests.petitions.factories import make_petition
from tests.surveys.factories import COMMENTS, CYCLE, RATING, ROUTE, WARD, three_step_survey
from wagtail_participation.core.models import OutgoingEmail
from wagtail_participation.ideas.models import Idea
from wagtail_participation.petitions.models import Signature
from wagtail_participation.surveys.models import SurveyResponse

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)">')


def drop_at_insert(model, drop=None):
    """An execute wrapper: at the first INSERT into ``model``'s table the connection "drops"."""
    table = model._meta.db_table

    def wrapper(execute, sql, params, many, context):
        if sql.startswith(f'INSERT INTO "{table}"'):
            if drop is None:
                raise OperationalError("server closed the connection unexpectedly")
            drop()  # really: the next statement finds the connection gone
        return execute(sql, params, many, context)

    return wrapper


def kept_fields(response):
    return {
        html.unescape(name): html.unescape(value)
        for name, value in HIDDEN.findall(response.content.decode())
    }


def assert_retry_page(response):
    text = response.content.decode()
    assert response.status_code == 503 and response["Retry-After"], response.status_code
    assert "Please try again" in text and "Nothing was saved" in text
    return kept_fields(response)


def sign_data(email):
    return {"name": "Ann Lee", "email": email, "area": "RB1 2AB", "wants_updates": "on"}


def test_signing_when_the_database_drops_keeps_nothing_and_the_retry_signs_once(caplog):
    petition = make_petition()
    client = Client(REMOTE_ADDR="10.1.0.1")
    with connection.execute_wrapper(drop_at_insert(OutgoingEmail)):
        response = post_form(client, petition.sign_url, sign_data("ann@example.org"))
    kept = assert_retry_page(response)
    assert kept["email"] == "ann@example.org" and kept["name"] == "Ann Lee"
    assert (
        Signature.objects.count() == 0 and OutgoingEmail.objects.count() == 0
    )  # the signature's insert was undone
    assert any("database unavailable" in r.getMessage() for r in caplog.records)
    retried = client.post(petition.sign_url, kept)
    assert retried.status_code == 302 and retried["Location"].endswith("/signed/")
    assert Signature.objects.count() == 1 and len(mail.outbox) == 1
    report(
        "database drop while signing (simulated)",
        first_status=503,
        rows_after_drop=0,
        retry_status=retried.status_code,
        signatures=1,
        emails=len(mail.outbox),
    )


def test_an_idea_when_the_database_drops_keeps_nothing():
    board = make_board()
    client = Client()
    sign_in_client(client, ParticipantFactory())
    url = board.url + board.reverse_subpage("submit")
    with connection.execute_wrapper(drop_at_insert(Idea)):
        response = post_form(client, url, {"title": "Pond fountain", "description": "A fountain."})
    kept = assert_retry_page(response)
    assert kept["title"] == "Pond fountain" and Idea.objects.count() == 0
    assert client.post(url, kept).status_code == 302 and Idea.objects.count() == 1
    report(
        "database drop while posting an idea (simulated)",
        first_status=503,
        rows_after_drop=0,
        ideas_after_retry=1,
    )


def test_a_survey_when_the_database_drops_keeps_nothing_and_the_answers():
    from tests.factories import antispam_fields

    page = three_step_survey()
    client = Client()

    def post(step, data):
        return client.post(page.url, {**antispam_fields(), "step": step, **data})

    post(1, {f"q-{WARD}": "North", f"q-{CYCLE}": "Yes", "next": "1"})
    post(2, {f"q-{RATING}": "4", f"q-{ROUTE}": "River path", "next": "1"})
    with connection.execute_wrapper(drop_at_insert(SurveyResponse)):
        response = post(3, {f"q-{COMMENTS}": "More benches", "next": "1"})
    kept = assert_retry_page(response)
    assert kept[f"q-{COMMENTS}"] == "More benches" and SurveyResponse.objects.count() == 0
    # The earlier steps' answers are still in the session: sending the last step again is enough.
    assert client.post(page.url, kept).status_code == 302
    assert SurveyResponse.objects.get().answers[WARD] == "North"
    report(
        "database drop while answering a survey (simulated)",
        first_status=503,
        rows_after_drop=0,
        responses_after_retry=SurveyResponse.objects.count(),
    )


def test_a_real_dropped_connection_while_signing_on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL) to terminate a connection")
    import psycopg

    petition = make_petition()
    client = Client(REMOTE_ADDR="10.1.0.2")
    settings = connection.settings_dict

    def terminate_my_backend():
        pid = connection.connection.info.backend_pid
        with psycopg.connect(
            dbname=settings["NAME"],
            host=settings["HOST"],
            port=settings["PORT"] or 5432,
            user=settings["USER"],
            password=settings["PASSWORD"] or None,
            autocommit=True,
        ) as other:
            other.execute("SELECT pg_terminate_backend(%s)", [pid])

    with connection.execute_wrapper(drop_at_insert(OutgoingEmail, drop=terminate_my_backend)):
        response = post_form(client, petition.sign_url, sign_data("bo@example.org"))
    kept = assert_retry_page(response)
    # A new connection: the server rolled the signature's insert back when the connection went.
    assert Signature.objects.count() == 0 and OutgoingEmail.objects.count() == 0
    retried = client.post(petition.sign_url, kept)
    assert retried.status_code == 302 and Signature.objects.count() == 1 and len(mail.outbox) == 1
    report(
        "database connection terminated while signing (PostgreSQL)",
        first_status=503,
        rows_after_drop=0,
        retry_status=retried.status_code,
        signatures=1,
        emails=len(mail.outbox),
    )
