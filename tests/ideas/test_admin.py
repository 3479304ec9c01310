"""Moderators' ideas listing, bulk status, exports, the respond form and its emails."""

import io

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from openpyxl import load_workbook
from wagtail.models import GroupPagePermission, PageLogEntry

from tests.factories import ParticipantFactory, UserFactory
from tests.ideas.factories import IdeaFactory, make_board
from wagtail_participation.ideas.counts import cast_vote
from wagtail_participation.ideas.models import Idea, IdeaNotification, IdeaVote
from wagtail_participation.ideas.notifications import notify_idea_update

pytestmark = pytest.mark.django_db

LISTING = "/admin/wagtail_participation_ideas/idea/"


def moderator_of(page):
    user = UserFactory()
    group = Group.objects.create(name=f"Moderators of {page.title}")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    GroupPagePermission.objects.create(
        group=group, page=page, permission=Permission.objects.get(codename="publish_page")
    )
    user.groups.add(group)
    return user


@pytest.fixture
def admin_client(client, django_user_model):
    client.force_login(
        django_user_model.objects.create_superuser("admin", "admin@example.org", "pw")
    )
    return client


def test_listing_only_shows_boards_the_moderator_may_moderate(client):
    mine, theirs = make_board(), make_board()
    IdeaFactory(page=mine, title="Mine to moderate")
    IdeaFactory(page=theirs, title="Not mine")
    client.force_login(moderator_of(mine))
    html = client.get(LISTING).content.decode()
    assert "Mine to moderate" in html and "Not mine" not in html


def test_listing_refuses_non_moderators(client):
    user = UserFactory()
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    assert client.get(LISTING).status_code in (302, 403)
    assert client.get("/admin/participation/ideas/export.csv").status_code in (302, 403)


@pytest.mark.parametrize(
    "query", ["?board=abc", "?moderated_by__password__startswith=x", "?status__exact=nope"]
)
def test_bad_filters_never_fail(admin_client, query):
    IdeaFactory()
    assert admin_client.get(LISTING + query).status_code in (200, 400)


def test_filters_and_search(admin_client):
    board = make_board()
    IdeaFactory(page=board, title="Benches by the pond", status="accepted")
    IdeaFactory(page=board, title="A fountain")
    html = admin_client.get(LISTING + "?status__exact=accepted").content.decode()
    assert "Benches by the pond" in html and "A fountain" not in html
    html = admin_client.get(LISTING + "?q=fountain").content.decode()
    assert "A fountain" in html and "Benches by the pond" not in html


def test_bulk_status_change(client):
    mine, theirs = make_board(), make_board()
    a, b = IdeaFactory(page=mine), IdeaFactory(page=mine)
    other = IdeaFactory(page=theirs)
    client.force_login(moderator_of(mine))
    response = client.post(
        "/admin/participation/ideas/bulk-status/",
        {"status": "under_consideration", "selected": [a.pk, b.pk, other.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert set(Idea.objects.filter(status="under_consideration").values_list("pk", flat=True)) == {
        a.pk,
        b.pk,
    }
    assert "1 idea was skipped" in response.content.decode()
    assert PageLogEntry.objects.filter(action="wagtail_participation.idea_status").count() == 2
    assert (
        client.post(
            "/admin/participation/ideas/bulk-status/", {"status": "nope", "selected": [a.pk]}
        ).status_code
        == 302
    )
    assert (
        client.post(
            "/admin/participation/ideas/bulk-status/", {"status": "accepted", "selected": ["x"]}
        ).status_code
        == 400
    )


def test_csv_and_xlsx_exports_follow_filters_and_neutralise_formulas(admin_client):
    board = make_board()
    IdeaFactory(page=board, title='=HYPERLINK("http://evil.example","click")', status="accepted")
    IdeaFactory(page=board, title="Plain idea")
    response = admin_client.get("/admin/participation/ideas/export.csv?status__exact=accepted")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "Plain idea" not in text
    assert "@example.org" not in text  # no residents' email addresses
    response = admin_client.get("/admin/participation/ideas/export.xlsx")
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(workbook.active.values)
    assert rows[0][0] == "ID" and len(rows) == 3
    titles = {row[2] for row in rows[1:]}
    assert '\'=HYPERLINK("http://evil.example","click")' in titles and "Plain idea" in titles


def test_respond_sets_status_response_and_emails_once(
    admin_client, django_capture_on_commit_callbacks
):
    board = make_board()
    author = ParticipantFactory(email="author@example.org")
    idea = IdeaFactory(page=board, author=author, title="Fountain")
    asked, quiet = (
        ParticipantFactory(email="asked@example.org"),
        ParticipantFactory(email="quiet@example.org"),
    )
    cast_vote(idea, asked, IdeaVote.SUPPORT, wants_updates=True)
    cast_vote(idea, quiet, IdeaVote.SUPPORT)
    url = f"/admin/participation/ideas/{idea.pk}/respond/"
    assert admin_client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            url,
            {
                "status": "accepted",
                "response": contentstate("We will build it."),
                "responder_name": "Parks team",
                "notify": "on",
            },
        )
    assert response.status_code == 302
    idea.refresh_from_db()
    assert idea.status == "accepted" and "We will build it." in idea.response and idea.response_date
    assert idea.responder_name == "Parks team" and idea.status_changed_at
    assert sorted(m.to[0] for m in mail.outbox) == ["asked@example.org", "author@example.org"]
    assert "Accepted" in mail.outbox[0].subject and "We will build it." in mail.outbox[0].body
    assert "http://testserver" in mail.outbox[0].body
    # The same update again (a retried task) sends nothing more.
    notify_idea_update.call(idea_id=idea.pk, version=idea.update_version)
    assert len(mail.outbox) == 2
    # Saving without the box ticked emails nobody.
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            url,
            {
                "status": "in_progress",
                "response": contentstate("We will build it."),
                "responder_name": "",
            },
        )
    assert len(mail.outbox) == 2
    assert PageLogEntry.objects.filter(action="wagtail_participation.idea_status").count() == 2


def contentstate(text):
    """What the admin's rich text editor posts for one paragraph of ``text``."""
    import json

    return json.dumps(
        {
            "blocks": [
                {
                    "key": "a1b2c",
                    "type": "unstyled",
                    "text": text,
                    "depth": 0,
                    "inlineStyleRanges": [],
                    "entityRanges": [],
                }
            ],
            "entityMap": {},
        }
    )


def test_malformed_response_is_a_form_error(admin_client):
    idea = IdeaFactory()
    response = admin_client.post(
        f"/admin/participation/ideas/{idea.pk}/respond/",
        {"status": "accepted", "response": "<script>not json"},
    )
    assert response.status_code == 200 and "could not be read" in response.content.decode()
    idea.refresh_from_db()
    assert idea.status == "submitted"


def test_a_failing_mail_server_keeps_the_email_in_the_outbox(
    monkeypatch, django_capture_on_commit_callbacks
):
    from django.core.mail.backends import locmem
    from django.utils import timezone

    from wagtail_participation.core.models import OutgoingEmail
    from wagtail_participation.core.tasks import deliver

    idea = IdeaFactory(author=ParticipantFactory(email="author@example.org"))

    def broken(*args, **kwargs):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr(locmem.EmailBackend, "send_messages", broken)
    with django_capture_on_commit_callbacks(execute=True):
        assert notify_idea_update.call(idea_id=idea.pk, version=1) == 1
    assert IdeaNotification.objects.count() == 1 and not mail.outbox
    assert OutgoingEmail.objects.get().to == "author@example.org"
    monkeypatch.undo()
    assert notify_idea_update.call(idea_id=idea.pk, version=1) == 0  # written once
    OutgoingEmail.objects.update(due_at=timezone.now())
    assert deliver() == 1 and deliver() == 0
    assert len(mail.outbox) == 1


def test_author_without_email_or_forgotten_is_skipped():
    from wagtail_participation.core.privacy import anonymise_participant

    idea = IdeaFactory(author=ParticipantFactory(email=None))
    supporter = ParticipantFactory()
    cast_vote(idea, supporter, IdeaVote.SUPPORT, wants_updates=True)
    anonymise_participant(supporter)
    assert notify_idea_update.call(idea_id=idea.pk, version=1) == 0
    assert not mail.outbox


def test_respond_needs_moderation_rights(client):
    idea = IdeaFactory()
    client.force_login(moderator_of(make_board()))
    assert client.get(f"/admin/participation/ideas/{idea.pk}/respond/").status_code in (302, 403)
    assert client.post(
        f"/admin/participation/ideas/{idea.pk}/respond/", {"status": "rejected"}
    ).status_code in (302, 403)
    idea.refresh_from_db()
    assert idea.status == "submitted"


def test_board_editor_panel(admin_client):
    board = make_board()
    IdeaFactory(page=board, title="Shown in the panel")
    html = admin_client.get(f"/admin/pages/{board.pk}/edit/").content.decode()
    assert "Shown in the panel" in html and f"?board={board.pk}" in html
