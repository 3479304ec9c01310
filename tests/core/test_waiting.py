"""What waits for a moderator: the queue opens on pending items and the menu and the
dashboard say how many wait, counting only what the user may moderate."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client, RequestFactory
from wagtail.models import GroupPagePermission

from tests.factories import CommentFactory, ParticipantFactory, UserFactory, make_method_page
from wagtail_participation.core.admin.menu import participation_menu_item
from wagtail_participation.core.models import ModerationState, Report

pytestmark = pytest.mark.django_db


def moderator_of(page, name):
    group = Group.objects.create(name=name)
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    GroupPagePermission.objects.create(
        group=group, page=page, permission=Permission.objects.get(codename="publish_page")
    )
    user = UserFactory(username=name)
    user.groups.add(group)
    return user


def queue_component(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    items = participation_menu_item().menu.menu_items_for_request(request)
    item = next(i for i in items if i.name == "moderation-queue" or "contribution" in i.url)
    return item.render_component(request)


@pytest.fixture
def two_pages():
    x, y = make_method_page(title="Page X"), make_method_page(title="Page Y")
    for _ in range(3):
        CommentFactory(page=x, moderation_state=ModerationState.PENDING)
    CommentFactory(page=y, moderation_state=ModerationState.PENDING)
    reported = CommentFactory(page=y)
    Report.objects.create(contribution=reported, participant=ParticipantFactory(), reason="spam")
    return x, y


def test_the_menu_item_opens_pending_items_and_counts_them(two_pages):
    x, _y = two_pages
    component = queue_component(moderator_of(x, "mod-x"))
    assert component.url.endswith("?waiting=1")
    assert str(component.label) == "Moderation queue (3 waiting)"
    superuser = UserFactory(is_superuser=True, is_staff=True)
    assert str(queue_component(superuser).label) == "Moderation queue (4 waiting)"


def test_the_queue_opens_on_what_waits_for_a_decision():
    """Pending items, and items hidden automatically after reports; not what a moderator
    decided (published, or hidden by hand)."""
    from wagtail_participation.core import moderation
    from wagtail_participation.core.models import ReportReason

    page = make_method_page(title="Page Z")
    pending = CommentFactory(page=page, moderation_state=ModerationState.PENDING, body="PENDING")
    reported = CommentFactory(page=page, body="AUTOHIDDEN")
    for _ in range(3):
        moderation.report(reported, ParticipantFactory(), ReportReason.SPAM)
    reported.refresh_from_db()
    assert reported.moderation_state == ModerationState.HIDDEN
    hidden_by_hand = CommentFactory(page=page, body="HANDHIDDEN")
    user = moderator_of(page, "mod-z")
    moderation.set_state(hidden_by_hand, ModerationState.HIDDEN, user=user)
    CommentFactory(page=page, body="PUBLISHED")
    client = Client()
    client.force_login(user)
    url = queue_component(user).url
    assert str(queue_component(user).label) == "Moderation queue (2 waiting)"
    html = client.get(url).content.decode()
    assert "PENDING" in html and "AUTOHIDDEN" in html
    assert "HANDHIDDEN" not in html and ">PUBLISHED<" not in html
    # Restoring the reported one: it no longer waits.
    moderation.set_state(reported, ModerationState.PUBLISHED, user=user)
    assert str(queue_component(user).label) == "Moderation queue (1 waiting)"
    assert pending.pk


def test_the_dashboard_lists_what_waits_for_the_moderator(two_pages):
    x, y = two_pages
    client = Client()
    client.force_login(moderator_of(x, "mod-x"))
    html = client.get("/admin/").content.decode()
    assert "Waiting for moderation" in html and "Page X" in html and "Page Y" not in html
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    html = client.get("/admin/").content.decode()
    assert "Page X" in html and "Page Y" in html


def test_the_dashboard_panel_is_not_shown_to_editors_who_moderate_nothing(two_pages):
    group = Group.objects.create(name="editors")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user = UserFactory(username="ed")
    user.groups.add(group)
    client = Client()
    client.force_login(user)
    assert "Waiting for moderation" not in client.get("/admin/").content.decode()


def test_the_reports_listing_is_named_reported_contributions(admin_client):
    html = admin_client.get("/admin/wagtail_participation/report/").content.decode()
    assert "Reported contributions" in html
