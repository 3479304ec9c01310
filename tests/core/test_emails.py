"""Templated email (core.emails): two templates, one normalised subject, queued in the outbox."""

import pytest
from django.core import mail
from django.template.loader import render_to_string

from wagtail_participation.core.emails import (
    normalise_subject,
    render_email,
    send_templated_email,
    send_templated_emails,
)
from wagtail_participation.core.models import OutgoingEmail

pytestmark = pytest.mark.django_db
HELLO = "testapp/emails/hello"


@pytest.mark.parametrize(
    "raw, subject",
    [
        ("  Hello\n", "Hello"),
        ("Two\nlines", "Two lines"),
        ("tabs\t\tand  spaces ", "tabs and spaces"),
        ("", ""),
        ("\r\nInjected: header\r\n", "Injected: header"),
    ],
)
def test_subjects_are_one_line(raw, subject):
    assert normalise_subject(raw) == subject


def test_render_email_normalises_the_subject_and_keeps_the_body_as_rendered():
    subject, body = render_email(HELLO, {"name": "Ann <ann@example.org>", "topic": "Trees"})
    assert subject == "Hello Ann <ann@example.org>, about Trees"
    assert body == render_to_string(
        f"{HELLO}_body.txt", {"name": "Ann <ann@example.org>", "topic": "Trees"}
    )
    assert body == "Dear Ann <ann@example.org>,\n\n  Trees & more.\n"


def test_one_email_waits_in_the_outbox_until_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        row = send_templated_email("ann@example.org", HELLO, {"name": "Ann", "topic": "Trees"})
        assert not mail.outbox  # sent only once the transaction commits
    assert isinstance(row, OutgoingEmail) and row.to == "ann@example.org"
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["ann@example.org"], "Hello Ann, about Trees")
    ]
    assert mail.outbox[0].body == "Dear Ann,\n\n  Trees & more.\n"


def test_the_same_email_to_a_list_is_rendered_once_and_inserted_once(
    django_assert_num_queries, monkeypatch
):
    from wagtail_participation.core import emails

    renders = []
    real = emails.render_email
    monkeypatch.setattr(emails, "render_email", lambda *args: renders.append(args) or real(*args))
    with django_assert_num_queries(1):  # one INSERT for all of them
        rows = send_templated_email(
            ["a@example.org", "b@example.org"], HELLO, {"name": "staff", "topic": "x"}
        )
    assert len(renders) == 1
    assert [row.to for row in rows] == ["a@example.org", "b@example.org"]
    assert {row.subject for row in rows} == {"Hello staff, about x"}


def test_a_batch_of_personal_emails(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        rows = send_templated_emails(
            [
                (f"{name.lower()}@example.org", HELLO, {"name": name, "topic": "the park"})
                for name in ("Ann", "Bob")
            ]
        )
    assert len(rows) == 2 == OutgoingEmail.objects.count()
    assert sorted(m.subject for m in mail.outbox) == [
        "Hello Ann, about the park",
        "Hello Bob, about the park",
    ]
    assert send_templated_emails([]) == []


def test_the_sign_in_email_is_what_it_was(client, django_capture_on_commit_callbacks):
    """The package's emails go through the one call: the sign-in email, end to end."""
    from tests.factories import post_form

    with django_capture_on_commit_callbacks(execute=True):
        post_form(
            client, "/participation/sign-in/", {"email": "ann@example.org", "display_name": ""}
        )
    (message,) = mail.outbox
    assert message.subject == "Your sign-in link for testserver"
    assert "\n" not in message.subject and "/participation/sign-in/" in message.body
