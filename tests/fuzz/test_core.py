"""Generated input against core's public forms: sign-in, comments, reports, a resident's data."""

import pytest
from django.core import mail
from hypothesis import given
from hypothesis import strategies as st

from tests.factories import CommentFactory, ParticipantFactory, make_method_page, sign_in_client
from tests.ideas.factories import IdeaFactory, make_board
from wagtail_participation.core.conf import settings
from wagtail_participation.core.models import Comment, ModerationState, Participant, Report
from wagtail_participation.core.participants import make_sign_in_token
from wagtail_participation.core.sanitize import CONTROL_CHARACTERS, clean_text

from .checks import (
    assert_clean_mail,
    assert_clean_text,
    assert_no_server_error,
    last_pk,
    new_rows,
)
from .helpers import accept_json, antispam, is_spam, send
from .strategies import form_data, text_value, value_for

pytestmark = pytest.mark.django_db

NEXT = st.one_of(
    text_value,
    st.sampled_from(
        [
            "/",
            "/participation/my-data/",
            "//evil.example/",
            "https://evil.example/",
            "javascript:alert(1)",
            "/\\evil.example",
            "\\\\evil",
            "/%0d%0aX: y",
        ]
    ),
)


@given(
    data=form_data(
        {
            "email": value_for(
                [
                    "ann@example.org",
                    "B@EXAMPLE.ORG",
                    "x@[127.0.0.1]",
                    "a+1@ｇmail.com",
                    "ann@xn--zz.example",
                    "ann@München.de",
                    '"q"@example.org',
                ]
            ),
            "display_name": value_for(["Ann", ""]),
            "next": NEXT,
        }
    ),
    spam=antispam(),
    query=st.sampled_from(["", "?next=/x/", "?next=//evil.example/"]),
)
def test_sign_in(client, run_on_commit, failed_tasks, fuzz_cases, data, spam, query):
    fuzz_cases()
    since, outbox = last_pk(Participant), len(mail.outbox)
    response = run_on_commit(
        send, client, "post", "/participation/sign-in/" + query, {**data, **spam}
    )
    assert_no_server_error(response)
    if response.status_code == 302:
        assert response["Location"] == "/participation/sign-in/sent/"
    assert not failed_tasks
    assert_clean_mail(outbox)
    for participant in new_rows(Participant, since):
        assert not is_spam({**data, **spam})
        assert_clean_text(participant.email, limit=254, what="email")
        assert_clean_text(
            participant.display_name, limit=settings.DISPLAY_NAME_MAX_LENGTH, what="display_name"
        )
    for participant in Participant.objects.all():  # a name given later for a known address
        assert_clean_text(
            participant.display_name, limit=settings.DISPLAY_NAME_MAX_LENGTH, what="display_name"
        )


@given(
    token=st.one_of(text_value.filter(lambda t: "/" not in t and t.strip()), st.just("valid")),
    method=st.sampled_from(["get", "post"]),
    next_url=NEXT,
)
def test_sign_in_confirm_and_out(client, fuzz_cases, token, method, next_url):
    fuzz_cases()
    from urllib.parse import quote

    if token == "valid":
        token = make_sign_in_token(ParticipantFactory())
    response = send(
        client, method, f"/participation/sign-in/{quote(token, safe='')}/", {"next": next_url}
    )
    assert_no_server_error(response)
    response = send(client, "post", "/participation/sign-out/", {"next": next_url})
    assert_no_server_error(response)
    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith("/") and not location.startswith(("//", "/\\")), location


@pytest.fixture
def comment_world(client):
    resident = ParticipantFactory()
    sign_in_client(client, resident)
    page = make_method_page()
    board = make_board()
    idea = IdeaFactory(page=board)
    parent = CommentFactory(page=page, author=ParticipantFactory())
    on_idea = CommentFactory(page=board, target=idea, author=ParticipantFactory())
    return {"page": page, "idea": idea, "parent": parent, "on_idea": on_idea}


@given(
    data=form_data(
        {"body": text_value, "reply_to": value_for(["", "1", "0", "-1", str(2**63), str(2**64)])}
    ),
    spam=antispam(),
    target=st.sampled_from(["page", "idea", "nowhere"]),
    reply=st.booleans(),
)
def test_comment(client, comment_world, fuzz_cases, data, spam, target, reply):
    fuzz_cases()
    if target == "page":
        url = f"/participation/comments/page/{comment_world['page'].pk}/"
        if reply:
            data["reply_to"] = [str(comment_world["parent"].pk)]
    elif target == "idea":
        url = f"/participation/comments/contribution/{comment_world['idea'].pk}/"
        if reply:
            data["reply_to"] = [str(comment_world["on_idea"].pk)]
    else:
        url = "/participation/comments/page/99999999999999999999/"
    since = last_pk(Comment)
    response = send(client, "post", url, {**data, **spam})
    assert_no_server_error(response)
    for comment in new_rows(Comment, since):
        assert not is_spam({**data, **spam})
        assert_clean_text(
            comment.body, multiline=True, limit=settings.COMMENT_MAX_LENGTH, what="comment"
        )
        assert comment.body.strip()


@given(
    data=form_data(
        {
            "reason": value_for(["spam", "offensive", "off_topic", "personal", "other"]),
            "details": text_value,
        }
    ),
    spam=antispam(),
    method=st.sampled_from(["post", "post", "get"]),
    accept=accept_json(),
)
def test_report(client, comment_world, fuzz_cases, data, spam, method, accept):
    fuzz_cases()
    # A fresh resident each time: a resident's second report changes nothing.
    sign_in_client(client, ParticipantFactory())
    idea = comment_world["idea"]
    since = last_pk(Report)
    response = send(
        client,
        method,
        f"/participation/contributions/{idea.pk}/report/",
        {**data, **spam},
        **accept,
    )
    assert_no_server_error(response)
    for report in new_rows(Report, since):
        assert not is_spam({**data, **spam})
        assert_clean_text(report.details, multiline=True, limit=1000, what="report details")
    assert_no_server_error(send(client, "get", f"/participation/contributions/{idea.pk}/reported/"))


@given(
    data=form_data({"display_name": value_for(["Ann", ""])}),
    spam=antispam(),
    method=st.sampled_from(["post", "get"]),
)
def test_my_name(client, fuzz_cases, data, spam, method):
    """A resident's new name: whatever is posted, stored clean or refused with a form error."""
    fuzz_cases()
    resident = ParticipantFactory(display_name="Before")
    sign_in_client(client, resident)
    response = send(client, method, "/participation/my-data/name/", {**data, **spam})
    assert_no_server_error(response)
    resident.refresh_from_db()
    if resident.display_name != "Before":
        assert method == "post" and response.status_code == 302 and not is_spam({**data, **spam})
    assert_clean_text(
        resident.display_name, limit=settings.DISPLAY_NAME_MAX_LENGTH, what="display_name"
    )


@given(
    name=text_value,
    body=text_value,
    forget=st.booleans(),
    query=st.sampled_from(["", "?next=/", "?format=json"]),
)
def test_my_data(client, fuzz_cases, name, body, forget, query):
    """A resident's data shows and downloads whatever they managed to store; forgetting works."""
    import json

    fuzz_cases()
    # What the forms let through: no forbidden characters (PostgreSQL refuses NUL anyway).
    name, body = (CONTROL_CHARACTERS.sub("", clean_text(text)) for text in (name, body))
    resident = ParticipantFactory(display_name=name[:80])
    sign_in_client(client, resident)
    CommentFactory(author=resident, body=body, moderation_state=ModerationState.PENDING)
    assert_no_server_error(send(client, "get", "/participation/my-data/" + query))
    download = send(client, "get", "/participation/my-data/download/" + query)
    assert download.status_code == 200
    json.loads(download.content)
    assert_no_server_error(send(client, "get", "/participation/my-data/forget/"))
    if forget:
        response = send(client, "post", "/participation/my-data/forget/", {"confirm": body})
        assert response.status_code == 302
        resident.refresh_from_db()
        assert resident.email is None and resident.display_name == ""
