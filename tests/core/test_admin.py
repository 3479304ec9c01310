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
    return (
        x,
        y,
        CommentFactory(page=x, body="Comment on X"),
        CommentFactory(page=y, body="Comment on Y"),
    )


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
        response = admin_client.post(
            f"/admin/participation/moderate/{on_x.pk}/", {"action": action}
        )
        assert response.status_code == 302
        on_x.refresh_from_db()
        assert on_x.moderation_state == state
    logged = list(
        PageLogEntry.objects.filter(page=x).order_by("timestamp").values_list("action", flat=True)
    )
    assert logged[-3:] == [
        "wagtail_participation.hide",
        "wagtail_participation.reject",
        "wagtail_participation.publish",
    ]
    history = admin_client.get(f"/admin/pages/{x.pk}/history/").content.decode()
    assert "Contribution hidden" in history and "Contribution published" in history
    assert (
        admin_client.post(
            f"/admin/participation/moderate/{on_x.pk}/", {"action": "nuke"}
        ).status_code
        == 400
    )
    assert admin_client.get("/admin/participation/moderate/999999/").status_code == 404


def test_bulk_action_skips_what_the_user_may_not_moderate(two_projects):
    x, y, on_x, on_y = two_projects
    another_x = CommentFactory(page=x)
    client = moderator_of(x, "mod-x")
    response = client.post(
        "/admin/participation/moderate/bulk/",
        {"action": "hide", "selected": [on_x.pk, another_x.pk, on_y.pk]},
        follow=True,
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
    CommentFactory(page=x, body='=HYPERLINK("http://evil")')
    content = b"".join(
        moderator_of(x, "mod-x").get("/admin/participation/moderate/export.csv").streaming_content
    )
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    texts = [row[4] for row in rows[1:]]
    assert '\'=HYPERLINK("http://evil")' in texts and "Comment on Y" not in texts


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


def user_with_perms(*codenames):
    user = UserFactory()
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    "url",
    [QUEUE, "/admin/wagtail_participation/report/", "/admin/wagtail_participation/participant/"],
)
@pytest.mark.parametrize(
    "query",
    [
        "foo=bar",
        "created_at__gte=notadate",
        "resolved_at__gte=notadate",
        "type=abc",
        "page_id=abc",
        "moderated_by__password__startswith=md5",
        "o=abc",
        "p=abc",
        "p=999",
    ],
)
def test_listings_answer_bad_parameters_without_an_error(admin_client, two_projects, url, query):
    response = admin_client.get(f"{url}?{query}")
    assert response.status_code in (200, 400)


def test_only_declared_filters_apply(admin_client, two_projects):
    # An arbitrary lookup must not filter (it would leak fields such as password hashes): refused.
    response = admin_client.get(f"{QUEUE}?moderated_by__username=nobody")
    assert response.status_code == 400 and "Comment on" not in response.content.decode()


def test_queue_filters_by_state_type_and_page(admin_client, two_projects):
    x, y, on_x, on_y = two_projects
    CommentFactory(page=y, body="Pending on Y", moderation_state=ModerationState.PENDING)
    html = admin_client.get(QUEUE).content.decode()
    assert "Project X" in html and "Project Y" in html  # the page filter's choices
    html = admin_client.get(f"{QUEUE}?moderation_state__exact=pending").content.decode()
    assert "Pending on Y" in html and "Comment on Y" not in html
    html = admin_client.get(f"{QUEUE}?page_id={x.pk}").content.decode()
    assert "Comment on X" in html and "Comment on Y" not in html
    from django.contrib.contenttypes.models import ContentType

    from wagtail_participation.core.models import Comment

    comment_type = ContentType.objects.get_for_model(Comment)
    html = admin_client.get(f"{QUEUE}?type={comment_type.pk}&q=Comment+on").content.decode()
    assert "Comment on X" in html and "Pending on Y" not in html
    assert admin_client.get(f"{QUEUE}?type=999999").status_code == 200


def test_queue_has_no_add_or_edit(admin_client, two_projects):
    _, _, on_x, _ = two_projects
    html = admin_client.get(QUEUE).content.decode()
    assert f"{QUEUE}create/" not in html
    assert admin_client.get(f"{QUEUE}create/").status_code in (302, 403)
    assert admin_client.get(f"{QUEUE}edit/{on_x.pk}/").status_code in (302, 403)
    assert admin_client.post(f"{QUEUE}delete/{on_x.pk}/").status_code in (302, 403)
    on_x.refresh_from_db()


def test_moderate_view_shows_the_contribution_and_its_reports(two_projects):
    from wagtail_participation.core import moderation
    from wagtail_participation.core.models import ReportReason

    x, _, on_x, _ = two_projects
    moderation.report(on_x, CommentFactory().author, ReportReason.OFFENSIVE, details="Rude words")
    client = moderator_of(x, "mod-x")
    html = client.get(f"/admin/participation/moderate/{on_x.pk}/").content.decode()
    assert "Comment on X" in html and "Offensive or abusive" in html and "Rude words" in html
    # It is published: it can be hidden or rejected.
    assert 'value="hide"' in html and 'value="reject"' in html and 'value="publish"' not in html
    response = client.post(f"/admin/participation/moderate/{on_x.pk}/", {"action": "reject"})
    assert response.status_code == 302
    on_x.refresh_from_db()
    assert on_x.moderation_state == ModerationState.REJECTED
    assert PageLogEntry.objects.filter(page=x, action="wagtail_participation.reject").exists()


def test_bulk_action_bad_and_empty_input(admin_client, two_projects):
    _, _, on_x, _ = two_projects
    bulk = "/admin/participation/moderate/bulk/"
    assert admin_client.post(bulk, {"action": "nuke", "selected": [on_x.pk]}).status_code == 400
    assert admin_client.get(bulk).status_code == 405
    response = admin_client.post(bulk, {"action": "", "selected": [on_x.pk]}, follow=True)
    assert response.status_code == 200 and "Choose what to do" in response.content.decode()
    response = admin_client.post(bulk, {"action": "hide"}, follow=True)
    assert "Select at least one item" in response.content.decode()
    # A foreign "next" is not followed.
    response = admin_client.post(
        bulk, {"action": "hide", "selected": [on_x.pk], "next": "https://evil.example/"}
    )
    assert response.status_code == 302 and "evil" not in response["Location"]
    # Ids that do not exist count as skipped, not as an error.
    response = admin_client.post(bulk, {"action": "hide", "selected": [999999]}, follow=True)
    assert response.status_code == 200


def test_csv_export_follows_the_queue_filters(admin_client, two_projects):
    x, y, on_x, on_y = two_projects
    CommentFactory(page=x, body="@SUM(A1)", moderation_state=ModerationState.PENDING)
    CommentFactory(page=x, body="\tTabbed")

    def texts(query=""):
        response = admin_client.get(f"/admin/participation/moderate/export.csv?{query}")
        assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
        rows = list(
            csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")))
        )
        return {row[4] for row in rows[1:]}

    assert texts() == {"Comment on X", "Comment on Y", "'@SUM(A1)", "'\tTabbed"}
    assert texts(f"page_id={y.pk}") == {"Comment on Y"}
    assert texts("moderation_state__exact=pending") == {"'@SUM(A1)"}
    assert texts("q=comment+on") == {"Comment on X", "Comment on Y"}
    assert texts("page_id=abc&type=x&moderation_state__exact=bogus") == texts()
    # The queue's download link carries its filters.
    html = admin_client.get(f"{QUEUE}?page_id={y.pk}&o=2").content.decode()
    assert f"export.csv?page_id={y.pk}" in html


def test_anonymous_visitors_go_to_the_admin_login(two_projects):
    _, _, on_x, _ = two_projects
    for url in [
        QUEUE,
        f"/admin/participation/moderate/{on_x.pk}/",
        "/admin/participation/moderate/export.csv",
        "/admin/wagtail_participation/report/",
        "/admin/wagtail_participation/participant/",
    ]:
        response = Client().get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
    response = Client().post(
        "/admin/participation/moderate/bulk/", {"action": "hide", "selected": [on_x.pk]}
    )
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    on_x.refresh_from_db()
    assert on_x.moderation_state == ModerationState.PUBLISHED


def test_reports_listing_shows_only_the_moderators_pages(two_projects):
    from wagtail_participation.core import moderation
    from wagtail_participation.core.models import ReportReason

    x, y, on_x, on_y = two_projects
    moderation.report(on_x, CommentFactory().author, ReportReason.SPAM, details="Report about X")
    moderation.report(on_y, CommentFactory().author, ReportReason.SPAM, details="Report about Y")
    html = moderator_of(x, "mod-x").get("/admin/wagtail_participation/report/").content.decode()
    assert "Report about X" in html and "Report about Y" not in html
    assert "/admin/wagtail_participation/report/create/" not in html


def test_participants_listing_needs_the_view_permission(two_projects):
    _, _, on_x, _ = two_projects
    on_x.author.email = "findme@example.org"
    on_x.author.save()
    url = "/admin/wagtail_participation/participant/"
    client = user_with_perms("access_admin", "view_participant")
    response = client.get(f"{url}?q=findme")
    assert response.status_code == 200 and "findme@example.org" in response.content.decode()
    assert client.get(f"{url}create/").status_code in (302, 403)
    # A moderator without the permission neither sees the menu item nor the listing.
    moderator = moderator_of(on_x.page, "mod-x")
    assert moderator.get(url).status_code in (302, 403)
    assert url not in moderator.get("/admin/").content.decode()
    assert url in client.get("/admin/").content.decode()


def test_summary_panel_counts_and_links(admin_client):
    from tests.factories import make_index, make_project

    project = make_project(make_index())
    CommentFactory(page=project, body="Visible one")
    CommentFactory(page=project, moderation_state=ModerationState.PENDING)
    CommentFactory(page=project, moderation_state=ModerationState.PENDING)
    html = admin_client.get(f"/admin/pages/{project.pk}/edit/").content.decode()
    assert '<li data-state="pending"><strong>2</strong>' in html
    assert '<li data-state="published"><strong>1</strong>' in html
    assert '<li data-state="hidden"><strong>0</strong>' in html
    assert "/admin/participation/moderate/" in html
    # An editor who may edit but not publish sees the counts, not moderation links.
    group = Group.objects.create(name="editors")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in ("change_page", "add_page"):
        GroupPagePermission.objects.create(
            group=group, page=project, permission=Permission.objects.get(codename=codename)
        )
    editor = UserFactory()
    editor.groups.add(group)
    client = Client()
    client.force_login(editor)
    response = client.get(f"/admin/pages/{project.pk}/edit/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<li data-state="pending"><strong>2</strong>' in html
    assert "/admin/participation/moderate/" not in html and "?page_id=" not in html


def test_summary_panel_is_not_on_the_create_view(admin_client):
    from tests.factories import make_index

    index = make_index()
    response = admin_client.get(
        f"/admin/pages/add/wagtail_participation_projects/participationprojectpage/{index.pk}/"
    )
    assert response.status_code == 200
    assert "wp-summary-panel" not in response.content.decode()


def test_history_views_need_the_right_to_moderate_or_list(admin_client, two_projects):
    """modeladmin's history views asked no permission: any admin user could open the history of
    any contribution, report or participant, titled with its text (found by the permission matrix)."""
    from tests.ideas.factories import IdeaFactory, make_board
    from wagtail_participation.core.models import Report

    x, y, on_x, on_y = two_projects
    on_x.body = on_x.summary = "Pending comment on X"
    on_x.moderation_state = ModerationState.PENDING
    on_x.save()
    report = Report.objects.create(contribution=on_x, participant=on_y.author, reason="spam")
    idea = IdeaFactory(
        page=make_board(parent=x),
        title="Pending idea on X",
        moderation_state=ModerationState.PENDING,
    )
    urls = [
        f"/admin/wagtail_participation/contribution/history/{on_x.pk}/",
        f"/admin/wagtail_participation/report/history/{report.pk}/",
        f"/admin/wagtail_participation/participant/history/{on_x.author_id}/",
        f"/admin/wagtail_participation_ideas/idea/history/{idea.pk}/",
    ]
    mod_y = moderator_of(y, "mod-y")
    for url in urls:
        response = mod_y.get(url)
        assert response.status_code == 302 and response["Location"] == "/admin/", url
        assert admin_client.get(url).status_code == 200, url
    mod_x = moderator_of(x, "mod-x")
    assert [mod_x.get(url).status_code for url in urls] == [
        200,
        200,
        302,
        200,
    ]  # participants: view permission


def test_summary_panels_show_editors_without_publish_rights_only_public_items(admin_client):
    """An editor who may edit a page but not moderate it saw the newest contributions of any
    state in its summary panel: pending, hidden and rejected ones (found by the permission matrix)."""
    from tests.factories import make_index, make_project
    from tests.ideas.factories import IdeaFactory, make_board

    project = make_project(make_index())
    CommentFactory(page=project, body="Published comment")
    CommentFactory(page=project, body="Pending comment", moderation_state=ModerationState.PENDING)
    CommentFactory(page=project, body="Rejected comment", moderation_state=ModerationState.REJECTED)
    board = make_board(parent=project)
    IdeaFactory(page=board, title="Published idea")
    IdeaFactory(page=board, title="Pending idea", moderation_state=ModerationState.PENDING)
    IdeaFactory(page=board, title="Hidden idea", moderation_state=ModerationState.HIDDEN)

    group = Group.objects.create(name="editors")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in ("add_page", "change_page"):
        GroupPagePermission.objects.create(
            group=group, page=project, permission=Permission.objects.get(codename=codename)
        )
    editor = UserFactory()
    editor.groups.add(group)
    client = Client()
    client.force_login(editor)
    for page, public, private in (
        (project, "Published comment", ("Pending comment", "Rejected comment")),
        (board, "Published idea", ("Pending idea", "Hidden idea")),
    ):
        html = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
        assert public in html and not any(text in html for text in private), page
        html = admin_client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
        assert public in html and all(text in html for text in private), page
