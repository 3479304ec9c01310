"""Page and site history hold no resident text (issue 22, item 5).

The attack: an editor of a project (add and edit, not publish) opens the board's page history
and Wagtail's site history report after a moderator rejected a pending idea and answered it.
The log entries carried the idea's title and description, so the editor read text that was
never published, and kept reading it after the author used "forget me". Entries now name the
idea by id; the moderator reads the text on the moderate view, which checks the permission.
"""

import importlib

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse
from wagtail.models import GroupPagePermission, PageLogEntry

from tests.factories import (
    ParticipantFactory,
    UserFactory,
    antispam_fields,
    make_index,
    make_project,
    sign_in_client,
)
from tests.ideas.factories import IdeaFactory, make_board
from tests.ideas.test_admin import contentstate
from wagtail_participation.core.models import ModerationState

pytestmark = pytest.mark.django_db

TITLE_MARKER, TEXT_MARKER = "zqxylophones", "zqmarimbas"


def _staff(name, page, codenames):
    group = Group.objects.create(name=name)
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    for codename in codenames:
        GroupPagePermission.objects.create(
            group=group,
            page=page,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            ),
        )
    user = UserFactory(username=name.lower().replace(" ", "-"))
    user.groups.add(group)
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def board_x():
    project = make_project(make_index(), title="Project X", slug="project-x")
    board = make_board(parent=project, title="Ideas for X", slug="ideas")
    editor = _staff("Editor of X", project, ["add_page", "change_page"])
    moderator = _staff("Moderator of X", project, ["add_page", "change_page", "publish_page"])
    author = ParticipantFactory(email="author@example.org", display_name="Ann Avery")
    idea = IdeaFactory(
        page=board,
        author=author,
        title=f"{TITLE_MARKER} in the square",
        description=f"Play {TEXT_MARKER} every Sunday at noon.",
        moderation_state=ModerationState.PENDING,
    )
    return board, editor, moderator, author, idea


def _history_pages(board):
    return [
        f"/admin/pages/{board.pk}/history/",
        f"/admin/pages/{board.pk}/history/results/",
        "/admin/reports/site-history/",
        "/admin/reports/site-history/results/",
    ]


def _assert_editor_reads_no_text(editor, board, idea):
    for url in _history_pages(board):
        response = editor.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert TITLE_MARKER not in html and TEXT_MARKER not in html, url
        if "results" not in url:
            continue
        # The entries are there, naming the idea by id.
        assert f"Rejected idea #{idea.pk}" in html, url
        assert f"Answered idea #{idea.pk} (status: Not feasible)" in html, url


def test_editor_reads_no_idea_text_in_the_histories_after_rejection_and_forget_me(board_x):
    board, editor, moderator, author, idea = board_x
    assert (
        moderator.post(
            f"/admin/participation/moderate/{idea.pk}/", {"action": "reject"}
        ).status_code
        == 302
    )
    moderator.get("/admin/")  # the moderator's own flash message names the idea; not what is tested
    response = moderator.post(
        f"/admin/participation/ideas/{idea.pk}/respond/",
        {
            "status": "not_feasible",
            "response": contentstate("Not on this square."),
            "responder_name": "Parks team",
        },
    )
    assert response.status_code == 302
    moderator.get("/admin/")
    idea.refresh_from_db()
    assert idea.moderation_state == ModerationState.REJECTED and idea.status == "not_feasible"
    for entry in PageLogEntry.objects.filter(page=board):
        assert TITLE_MARKER not in str(entry.data) and TEXT_MARKER not in str(entry.data)

    _assert_editor_reads_no_text(editor, board, idea)

    # The author asks to be forgotten; the entries were already free of the text, and stay so.
    resident = sign_in_client(Client(), author)
    assert (
        resident.post(reverse("wagtail_participation:forget_me"), antispam_fields()).status_code
        == 302
    )
    _assert_editor_reads_no_text(editor, board, idea)

    # The moderator reads the text, as it is now, on the moderate view, with the idea's history.
    html = moderator.get(f"/admin/participation/moderate/{idea.pk}/").content.decode()
    assert TITLE_MARKER in html and TEXT_MARKER in html
    assert f"Rejected idea #{idea.pk}" in html and f"Answered idea #{idea.pk}" in html
    # The queue's search finds the idea by the id the history names.
    html = moderator.get(
        "/admin/wagtail_participation/contribution/", {"q": f"#{idea.pk}"}
    ).content.decode()
    assert TITLE_MARKER in html
    # The editor may not open it.
    response = editor.get(f"/admin/participation/moderate/{idea.pk}/")
    assert response.status_code in (302, 403) and TITLE_MARKER not in response.content.decode()


def test_a_deleted_idea_leaves_no_text_behind(board_x):
    board, editor, moderator, author, idea = board_x
    moderator.post(f"/admin/participation/moderate/{idea.pk}/", {"action": "reject"}, follow=True)
    pk = idea.pk
    idea.delete()
    assert moderator.get(f"/admin/participation/moderate/{pk}/").status_code == 404
    for url in _history_pages(board):
        html = moderator.get(url).content.decode()
        assert TITLE_MARKER not in html and TEXT_MARKER not in html


def test_migration_scrubs_titles_from_existing_status_entries(board_x):
    """Entries written before the fix held the idea's title: the data migration removes it."""
    board, editor, moderator, author, idea = board_x
    entry = PageLogEntry.objects.log_action(
        board,
        "wagtail_participation.idea_status",
        data={
            "contribution_id": idea.pk,
            "title": idea.title,
            "old_status": "submitted",
            "status": "accepted",
            "responded": True,
        },
    )
    migration = importlib.import_module(
        "wagtail_participation.ideas.migrations.0002_scrub_idea_titles_from_log_entries"
    )
    migration.scrub_log_entries(apps, None)
    entry.refresh_from_db()
    assert entry.data == {
        "contribution_id": idea.pk,
        "old_status": "submitted",
        "status": "accepted",
        "responded": True,
    }
    assert entry.message == f"Answered idea #{idea.pk} (status: Accepted)"
