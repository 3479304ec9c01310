import csv
import io

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client
from wagtail.models import GroupPagePermission, PageLogEntry

from tests.factories import CommentFactory, UserFactory, make_method_page
from wagtail_participation.core.models import ModerationState

pytestmark = pytest.mark.django_db
QUEUE = "/admin/wagtail_participation/contribution/"


def moderator_of(page, name):
    group = Group.objects.create(name=name)
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    GroupPagePermission.objects.create(
        group=group, page=page, permission=Permission.objects.get(codename="publish_page")
    )
    user = UserFactory(username=name)
    user.groups.add(group)
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def two_projects():
    x, y = make_method_page(title="Project X"), make_method_page(title="Project Y")
    return x, y, CommentFactory(page=x, body="Comment on X"), CommentFactory(page=y, body="Comment on Y")


def test_moderators_see_only_their_pages(two_projects):
    x, y, on_x, on_y = two_projects
    html = moderator_of(x, "mod-x").get(QUEUE).content.decode()
    assert "Comment on X" in html and "Comment on Y" not in html
    html = moderator_of(y, "mod-y").get(QUEUE).content.decode()
    assert "Comment on Y" in html and "Comment on X" not in html


def test_moderator_of_one_project_cannot_moderate_another(two_projects):
    x, y, on_x, on_y = two_projects
    client = moderator_of(x, "mod-x")
    # Wagtail's admin answers PermissionDenied with a redirect to the dashboard and a message.
    for response in [
        client.get(f"/admin/participation/moderate/{on_y.pk}/"),
        client.post(f"/admin/participation/moderate/{on_y.pk}/", {"action": "hide"}),
    ]:
        assert response.status_code in (302, 403)
        assert "Comment on Y" not in response.content.decode()
    on_y.refresh_from_db()
    assert on_y.moderation_state == ModerationState.PUBLISHED


def test_moderate_view_writes_the_page_history(two_projects, admin_client):
    x, _, on_x, _ = two_projects
    assert admin_client.get(f"/admin/participation/moderate/{on_x.pk}/").status_code == 200
    for action, state in [("hide", "hidden"), ("reject", "rejected"), ("publish", "published")]:
        response = admin_client.post(f"/admin/participation/moderate/{on_x.pk}/", {"action": action})
        assert response.status_code == 302
        on_x.refresh_from_db()
        assert on_x.moderation_state == state
    logged = list(PageLogEntry.objects.filter(page=x).order_by("timestamp").values_list("action", flat=True))
    assert logged[-3:] == ["wagtail_participation.hide", "wagtail_participation.reject",
                           "wagtail_participation.publish"]
    history = admin_client.get(f"/admin/pages/{x.pk}/history/").content.decode()
    assert "Contribution hidden" in history and "Contribution published" in history
    assert admin_client.post(f"/admin/participation/moderate/{on_x.pk}/", {"action": "nuke"}).status_code == 400
    assert admin_client.get("/admin/participation/moderate/999999/").status_code == 404


def test_bulk_action_skips_what_the_user_may_not_moderate(two_projects):
    x, y, on_x, on_y = two_projects
    another_x = CommentFactory(page=x)
    client = moderator_of(x, "mod-x")
    response = client.post(
        "/admin/participation/moderate/bulk/",
        {"action": "hide", "selected": [on_x.pk, another_x.pk, on_y.pk]}, follow=True,
    )
    assert response.status_code == 200
    states = {c.pk: c.moderation_state for c in [on_x, another_x, on_y] if not c.refresh_from_db()}
    assert states == {on_x.pk: "hidden", another_x.pk: "hidden", on_y.pk: "published"}
    text = response.content.decode()
    assert "2 items are now hidden" in text and "1 item was skipped" in text
    bad = client.post("/admin/participation/moderate/bulk/", {"action": "hide", "selected": ["x"]})
    assert bad.status_code == 400


def test_csv_export_is_restricted_and_neutralises_formulas(two_projects):
    x, y, on_x, on_y = two_projects
    CommentFactory(page=x, body="=HYPERLINK(\"http://evil\")")
    content = b"".join(moderator_of(x, "mod-x").get("/admin/participation/moderate/export.csv").streaming_content)
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    texts = [row[4] for row in rows[1:]]
    assert "'=HYPERLINK(\"http://evil\")" in texts and "Comment on Y" not in texts


def test_the_public_and_editors_without_publish_permission_are_kept_out(two_projects):
    assert Client().get(QUEUE).status_code == 302  # to the admin login
    editor = UserFactory()
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client = Client()
    client.force_login(editor)
    assert client.get(QUEUE).status_code in (302, 403)
    assert client.get("/admin/participation/moderate/export.csv").status_code in (302, 403)
    assert client.get("/admin/wagtail_participation/participant/").status_code in (302, 403)


def test_participants_listing_for_superusers(admin_client, two_projects):
    html = admin_client.get("/admin/wagtail_participation/participant/").content.decode()
    assert "@example.org" in html
    assert admin_client.get("/admin/wagtail_participation/report/").status_code == 200


def test_summary_panel_on_the_page_editor(admin_client, two_projects):
    x, _, on_x, _ = two_projects
    CommentFactory(page=x, moderation_state=ModerationState.PENDING)
    from tests.factories import make_index, make_project

    project = make_project(make_index())
    CommentFactory(page=project, body="Panel comment")
    html = admin_client.get(f"/admin/pages/{project.pk}/edit/").content.decode()
    assert "Panel comment" in html and f"?page_id={project.pk}" in html
    listing = admin_client.get(f"{QUEUE}?page_id={project.pk}").content.decode()
    assert "Panel comment" in listing and "Comment on X" not in listing
