import pytest

from tests.factories import (
    CommentFactory,
    ParticipantFactory,
    UserFactory,
    make_method_page,
    post_form,
    sign_in_client,
)
from wagtail_participation.core.models import (
    AccessRequirement,
    Comment,
    ModerationMode,
    ModerationState,
)

pytestmark = pytest.mark.django_db


def comment_url(page):
    return f"/participation/comments/page/{page.pk}/"


@pytest.fixture
def resident(client):
    participant = ParticipantFactory(display_name="Alice")
    sign_in_client(client, participant)
    return participant


def test_post_moderated_comment_is_published_and_shown(client, resident):
    page = make_method_page()
    response = post_form(
        client, comment_url(page), {"body": "Keep the  oak trees!\n\nhttps://example.org"}
    )
    comment = Comment.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"#comment-{comment.pk}")
    assert comment.moderation_state == ModerationState.PUBLISHED and comment.author == resident
    assert comment.summary.startswith("Keep the")
    html = client.get(page.url).content.decode()
    assert f'id="comment-{comment.pk}"' in html and "Keep the  oak trees!" in html
    assert 'href="https://example.org" rel="nofollow ugc noopener"' in html


def test_pre_moderated_comment_waits_and_only_its_author_sees_it(client, resident):
    page = make_method_page(moderation_mode=ModerationMode.PRE)
    post_form(client, comment_url(page), {"body": "Waiting for a moderator"})
    assert Comment.objects.get().moderation_state == ModerationState.PENDING
    html = client.get(page.url, follow=True).content.decode()
    assert "Waiting for a moderator" in html and "Awaiting moderation" in html
    assert "once a moderator has checked it" in html
    from django.test import Client

    assert "Waiting for a moderator" not in Client().get(page.url).content.decode()


def test_script_in_a_comment_is_stored_as_text_and_escaped(client, resident):
    page = make_method_page()
    post_form(client, comment_url(page), {"body": "<script>alert('x')</script>"})
    assert Comment.objects.get().body == "<script>alert('x')</script>"
    html = client.get(page.url).content.decode()
    assert "<script>alert" not in html and "&lt;script&gt;alert" in html


@pytest.mark.parametrize(
    "body, message",
    [
        ("", "This field is required"),
        ("x" * 2001, "at most 2000"),
        ("nul\x00byte", "control characters"),
    ],
)
def test_bad_comments_are_refused_with_the_text_kept(client, resident, body, message):
    page = make_method_page()
    response = post_form(client, comment_url(page), {"body": body})
    assert response.status_code == 400
    content = response.content.decode()
    assert message in content and "There is a problem" in content
    if body and "\x00" not in body:
        assert body[:100] in content
    assert not Comment.objects.exists()


def test_signed_out_residents_are_asked_to_sign_in(client):
    page = make_method_page()
    html = client.get(page.url).content.decode()
    assert "Sign in to comment" in html and 'name="body"' not in html
    assert "/participation/sign-in/?next=" + page.url.replace("/", "%2F") in html
    response = post_form(client, comment_url(page), {"body": "hello"})
    assert response.status_code == 403 and not Comment.objects.exists()


def test_site_login_requirement(client):
    page = make_method_page(contribution_requirement=AccessRequirement.SITE_LOGIN)
    sign_in_client(client, ParticipantFactory())
    assert post_form(client, comment_url(page), {"body": "by email"}).status_code == 403
    client.force_login(UserFactory())
    assert post_form(client, comment_url(page), {"body": "by login"}).status_code == 302


def test_closed_page_and_comments_off(client, resident):
    import datetime

    from django.utils import timezone

    closed = make_method_page(closes_at=timezone.now() - datetime.timedelta(days=1))
    off = make_method_page(allow_comments=False)
    for page in (closed, off):
        assert post_form(client, comment_url(page), {"body": "late"}).status_code == 403
    assert not Comment.objects.exists()


def test_unknown_unpublished_or_non_participation_pages_are_404(client, resident):
    from wagtail.models import Page

    draft = make_method_page(live=False)
    plain = Page.objects.get(depth=2)
    for url in [comment_url(draft), comment_url(plain), "/participation/comments/page/999999/"]:
        assert post_form(client, url, {"body": "hi"}).status_code == 404
    assert client.get(comment_url(plain)).status_code == 405


def test_replies_are_one_level_deep(client, resident):
    page = make_method_page()
    parent = CommentFactory(page=page)
    response = post_form(client, comment_url(page), {"body": "A reply", "reply_to": parent.pk})
    assert response.status_code == 302
    reply = Comment.objects.get(body="A reply")
    assert reply.reply_to == parent
    # No reply to a reply, to a hidden comment, or to another page's comment.
    hidden = CommentFactory(page=page, moderation_state=ModerationState.HIDDEN)
    elsewhere = CommentFactory()
    for target in (reply, hidden, elsewhere):
        response = post_form(client, comment_url(page), {"body": "nested", "reply_to": target.pk})
        assert response.status_code == 400
        assert "only reply to a published comment" in response.content.decode()
    html = client.get(page.url).content.decode()
    assert html.index(parent.body) < html.index("A reply")


def test_comment_on_a_contribution(client, resident):
    target = CommentFactory()
    response = post_form(
        client, f"/participation/comments/contribution/{target.pk}/", {"body": "On it"}
    )
    assert response.status_code == 302
    assert Comment.objects.get(body="On it").target_id == target.pk
    hidden = CommentFactory(moderation_state=ModerationState.HIDDEN)
    response = post_form(
        client, f"/participation/comments/contribution/{hidden.pk}/", {"body": "x"}
    )
    assert response.status_code == 404


def test_thread_query_count_does_not_grow(client):
    page = make_method_page()
    for _ in range(3):
        parent = CommentFactory(page=page)
        CommentFactory(page=page, reply_to=parent)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(page.url)  # warm caches (site, content types)
    with CaptureQueriesContext(connection) as few:
        client.get(page.url)
    for _ in range(10):
        parent = CommentFactory(page=page)
        CommentFactory(page=page, reply_to=parent)
    with CaptureQueriesContext(connection) as many:
        client.get(page.url)
    assert len(many) == len(few)


@pytest.mark.parametrize("reply_to", ["9" * 40, "-1", "abc", "1e5"])
def test_nonsense_reply_ids_are_a_form_error_not_a_crash(client, resident, reply_to):
    page = make_method_page()
    response = post_form(client, comment_url(page), {"body": "Kept text", "reply_to": reply_to})
    assert response.status_code == 400
    assert "Kept text" in response.content.decode()
    assert not Comment.objects.exists()


def test_core_factories_build_a_commentable_page_and_comment():
    from tests.core.factories import CommentablePageFactory, CommentFactory, make_superuser

    page = CommentablePageFactory(moderation_mode=ModerationMode.PRE)
    assert page.live and page.allow_comments and page.url
    comment = CommentFactory(page=page)
    assert comment.is_published and comment.author.is_verified
    assert CommentFactory().page.specific.comments_open()
    assert make_superuser().is_superuser
