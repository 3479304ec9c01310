"""Issue 22, item 2: the report form, the "reported" page and comments follow Wagtail's page
privacy.

The attack: any signed-in resident opened ``/participation/contributions/<id>/report/`` for ids
one after another and read the published ideas and comments of password-, login- and
group-restricted boards; the "reported" page confirmed that any id existed and gave its URL,
pending ones included.
"""

import pytest
from django.test import Client, RequestFactory

from tests.factories import (
    CommentFactory,
    ParticipantFactory,
    make_method_page,
    post_form,
    sign_in_client,
)
from tests.ideas.factories import IdeaFactory, make_board
from tests.page_privacy import KINDS, let_in, restrict
from wagtail_participation.core.models import Comment, ModerationState, Report
from wagtail_participation.core.page_privacy import contribution_is_viewable, page_is_viewable

pytestmark = pytest.mark.django_db


def report_url(contribution):
    return f"/participation/contributions/{contribution.pk}/report/"


def thanks_url(contribution):
    return f"/participation/contributions/{contribution.pk}/reported/"


def restricted_board(kind):
    board = make_board(title=f"Board behind a {kind} restriction", slug=f"board-{kind}")
    restrict(board, kind)
    idea = IdeaFactory(page=board, title=f"zqsecretidea {kind}")
    comment = CommentFactory(page=board, target=idea, body=f"zqsecretcomment {kind}")
    return board, idea, comment


def resident_client():
    return sign_in_client(Client(), ParticipantFactory())


@pytest.mark.parametrize("kind", KINDS)
def test_walking_ids_reads_nothing_behind_a_view_restriction(kind):
    board, idea, comment = restricted_board(kind)
    client = resident_client()
    for contribution in (idea, comment):
        for response in (
            client.get(report_url(contribution)),
            post_form(client, report_url(contribution), {"reason": "spam", "details": ""}),
            client.get(thanks_url(contribution)),
        ):
            assert response.status_code == 404
            assert "zqsecret" not in response.content.decode()
            assert board.url not in response.content.decode()
    assert not Report.objects.exists()
    # Anonymous visitors get the same answer (no sign-in redirect that confirms the id).
    assert Client().get(report_url(idea)).status_code == 404


@pytest.mark.parametrize("kind", KINDS)
def test_visitors_the_restriction_lets_in_may_report(kind):
    board, idea, comment = restricted_board(kind)
    client = let_in(resident_client(), board, kind)
    for contribution in (idea, comment):
        response = client.get(report_url(contribution))
        assert response.status_code == 200 and "zqsecret" in response.content.decode()
        response = post_form(client, report_url(contribution), {"reason": "spam", "details": ""})
        assert response.status_code == 302
        assert client.get(response["Location"]).status_code == 200
    assert Report.objects.count() == 2


def test_a_restriction_on_an_ancestor_counts():
    project = make_method_page(title="Restricted project")
    restrict(project, "login")
    board = make_board(parent=project)
    idea = IdeaFactory(page=board, title="zqsecretidea under the project")
    assert resident_client().get(report_url(idea)).status_code == 404


def test_the_reported_page_confirms_only_what_the_visitor_may_see():
    board = make_board()
    published = IdeaFactory(page=board)
    pending = IdeaFactory(page=board, moderation_state=ModerationState.PENDING)
    rejected = IdeaFactory(page=board, moderation_state=ModerationState.REJECTED)
    client = resident_client()
    assert client.get(thanks_url(published)).status_code == 200
    assert Client().get(thanks_url(published)).status_code == 200
    for contribution in (pending, rejected):
        response = client.get(thanks_url(contribution))
        assert response.status_code == 404 and board.url not in response.content.decode()
    assert client.get("/participation/contributions/99999999/reported/").status_code == 404


def test_the_reporter_is_thanked_after_the_report_hid_the_contribution():
    comment = CommentFactory()
    client = resident_client()
    assert (
        post_form(client, report_url(comment), {"reason": "spam", "details": ""}).status_code == 302
    )
    Comment.objects.filter(pk=comment.pk).update(moderation_state=ModerationState.HIDDEN)
    assert client.get(thanks_url(comment)).status_code == 200
    assert resident_client().get(thanks_url(comment)).status_code == 404


def test_a_comment_on_a_hidden_idea_is_not_shown_by_the_report_form():
    board = make_board()
    idea = IdeaFactory(page=board, moderation_state=ModerationState.HIDDEN)
    comment = CommentFactory(page=board, target=idea, body="zqsecretcomment on a hidden idea")
    assert resident_client().get(report_url(comment)).status_code == 404


@pytest.mark.parametrize("kind", KINDS)
def test_comments_on_restricted_pages_follow_the_restriction(kind):
    board, idea, _comment = restricted_board(kind)
    outsider = resident_client()
    for url in (
        f"/participation/comments/page/{board.pk}/",
        f"/participation/comments/contribution/{idea.pk}/",
    ):
        assert post_form(outsider, url, {"body": "Let me in"}).status_code == 404
    assert not Comment.objects.filter(body="Let me in").exists()
    member = let_in(resident_client(), board, kind)
    response = post_form(
        member, f"/participation/comments/contribution/{idea.pk}/", {"body": "A member's comment"}
    )
    assert response.status_code == 302
    assert Comment.objects.filter(body="A member's comment", target=idea).exists()


# The helper itself


def _request(user=None, session=None):
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/")
    request.user = user or AnonymousUser()
    request.session = session if session is not None else {}
    return request


@pytest.mark.parametrize("kind", KINDS)
def test_page_is_viewable(kind):
    public, restricted = make_board(), make_board()
    restrict(restricted, kind)
    assert page_is_viewable(public, None) and page_is_viewable(public, _request())
    # Without a request (a block rendered on its own) and for an anonymous visitor: not viewable.
    assert not page_is_viewable(restricted, None)
    assert not page_is_viewable(restricted, _request())
    assert not page_is_viewable(restricted, RequestFactory().get("/"))  # no session, no user
    assert not page_is_viewable(None, _request())
    public.unpublish()
    assert not page_is_viewable(public, _request())


def test_contribution_is_viewable():
    board = make_board()
    idea = IdeaFactory(page=board)
    assert contribution_is_viewable(idea, _request())
    idea.moderation_state = ModerationState.PENDING
    assert not contribution_is_viewable(idea, _request())
    restrict(board, "login")
    assert not contribution_is_viewable(IdeaFactory(page=board), _request())
