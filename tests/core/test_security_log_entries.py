"""Page and site history hold no resident text (issue 22, item 5): comments and reports.

The attack: an editor of a project (add and edit, not publish) opens the page history and the
site history report after a moderator hid and rejected residents' comments and a resident
reported one. The moderation entries held each comment's first 120 characters, so the editor
read text never published (or taken down), after "forget me" too. Entries now name the comment
by type and id; the existing entries are scrubbed by a data migration.
"""

import importlib

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse
from wagtail.models import GroupPagePermission, PageLogEntry

from tests.factories import (
    CommentFactory,
    ParticipantFactory,
    UserFactory,
    antispam_fields,
    make_index,
    make_method_page,
    make_project,
    sign_in_client,
)
from wagtail_participation.core import moderation
from wagtail_participation.core.models import ModerationState, ReportReason

pytestmark = pytest.mark.django_db

PENDING_MARKER, HIDDEN_MARKER, REPORT_MARKER = "zqpendingbins", "zqhiddenbins", "zqreportdetails"


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
def project_x():
    project = make_project(make_index(), title="Project X", slug="project-x")
    page = make_method_page(parent=project, title="Consultation X")
    editor = _staff("Editor of X", project, ["add_page", "change_page"])
    moderator = _staff("Moderator of X", project, ["add_page", "change_page", "publish_page"])
    author = ParticipantFactory()
    pending = CommentFactory(
        page=page,
        author=author,
        body=f"{PENDING_MARKER}: the bins on Elm Street",
        moderation_state=ModerationState.PENDING,
    )
    published = CommentFactory(page=page, author=author, body=f"{HIDDEN_MARKER}: more bins")
    return page, editor, moderator, author, pending, published


def _assert_no_text(client, page):
    for url in (
        f"/admin/pages/{page.pk}/history/",
        "/admin/reports/site-history/",
        "/admin/reports/site-history/results/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        for marker in (PENDING_MARKER, HIDDEN_MARKER, REPORT_MARKER):
            assert marker not in html, (url, marker)


def test_editor_reads_no_comment_text_in_the_histories(project_x):
    page, editor, moderator, author, pending, published = project_x
    moderation.report(
        published, ParticipantFactory(), ReportReason.OTHER, details=f"{REPORT_MARKER}: rude"
    )
    moderator.post(
        f"/admin/participation/moderate/{pending.pk}/", {"action": "reject"}, follow=True
    )
    moderator.post(
        f"/admin/participation/moderate/{published.pk}/", {"action": "hide"}, follow=True
    )
    actions = set(PageLogEntry.objects.filter(page=page).values_list("action", flat=True))
    assert {
        "wagtail_participation.reject",
        "wagtail_participation.hide",
        "wagtail_participation.report",
    } <= actions

    _assert_no_text(editor, page)
    html = editor.get("/admin/reports/site-history/results/").content.decode()
    assert f"Rejected comment #{pending.pk}" in html and f"Hid comment #{published.pk}" in html
    assert f"A resident reported comment #{published.pk} (Something else)" in html

    resident = sign_in_client(Client(), author)
    assert (
        resident.post(reverse("wagtail_participation:forget_me"), antispam_fields()).status_code
        == 302
    )
    _assert_no_text(editor, page)
    _assert_no_text(moderator, page)  # the histories show no text to anyone

    # The moderator reads each text on its moderate view (with the report and the history).
    html = moderator.get(f"/admin/participation/moderate/{published.pk}/").content.decode()
    assert (
        HIDDEN_MARKER in html and REPORT_MARKER in html and f"Hid comment #{published.pk}" in html
    )


def test_migration_scrubs_text_from_existing_moderation_entries(project_x):
    """Entries written before the fix held ``summary``: the data migration keeps only id, type and codes."""
    page, editor, moderator, author, pending, published = project_x
    old = [
        PageLogEntry.objects.log_action(
            page,
            "wagtail_participation.reject",
            data={
                "contribution_id": pending.pk,
                "type": "comment",
                "summary": pending.summary[:120],
            },
        ),
        PageLogEntry.objects.log_action(
            page,
            "wagtail_participation.report",
            data={
                "contribution_id": published.pk,
                "type": "comment",
                "summary": published.summary[:120],
                "reason": "other",
                "details": REPORT_MARKER,
            },
        ),
        PageLogEntry.objects.log_action(
            page,
            "wagtail_participation.auto_hide",
            data={
                "contribution_id": published.pk,
                "type": "comment",
                "summary": published.summary[:120],
                "reports": 3,
            },
        ),
    ]
    unrelated = PageLogEntry.objects.log_action(page, "wagtail.edit", data={"summary": "kept"})
    migration = importlib.import_module(
        "wagtail_participation.core.migrations.0004_scrub_resident_text_from_log_entries"
    )
    migration.scrub_log_entries(apps, None)
    for entry in old:
        entry.refresh_from_db()
        assert "summary" not in entry.data and "details" not in entry.data
    assert old[1].data == {"contribution_id": published.pk, "type": "comment", "reason": "other"}
    assert old[2].data["reports"] == 3
    assert [str(entry.message) for entry in old] == [
        f"Rejected comment #{pending.pk}",
        f"A resident reported comment #{published.pk} (Something else)",
        f"Comment #{published.pk} was hidden automatically after reaching the report threshold",
    ]
    unrelated.refresh_from_db()
    assert unrelated.data == {"summary": "kept"}  # Wagtail's own entries are not ours to change
    _assert_no_text(editor, page)
