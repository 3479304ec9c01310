"""The package's model permissions in Wagtail's group editor mean what they say.

Page permissions decide who moderates, answers and exports what (a moderator of one project
never sees another's). Of the package's own model permissions only those honoured are offered
in the group editor: "Can view participant" (the participants listing). Every other one
(modeladmin's add, change, delete and view of contributions, reports, ideas, signatures,
responses) is not offered, and granting it anyway (in Django's admin, a shell) changes nothing.
"""

import re

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.test import Client
from wagtail import hooks
from wagtail.models import Page
from wagtail.snippets.models import get_snippet_models

from tests.factories import CommentFactory, ParticipantFactory, UserFactory, make_method_page
from wagtail_participation.core.models import ModerationState

pytestmark = pytest.mark.django_db

HONOURED = {
    "wagtail_participation.view_participant",
    # The outbox: list the emails; send one again.
    "wagtail_participation.view_outgoingemail",
    "wagtail_participation.change_outgoingemail",
}

LISTINGS = {
    "queue": "/admin/wagtail_participation/contribution/",
    "reports": "/admin/wagtail_participation/report/",
    "participants": "/admin/wagtail_participation/participant/",
    "ideas": "/admin/wagtail_participation_ideas/idea/",
    "signatures": "/admin/wagtail_participation_petitions/signature/",
    "responses": "/admin/wagtail_participation_surveys/surveyresponse/",
    "outbox": "/admin/wagtail_participation/outgoingemail/",
}


def _label(permission):
    return f"{permission.content_type.app_label}.{permission.codename}"


def package_permissions():
    """Model permissions of the package's own models (not its pages or snippets, whose
    permissions Wagtail itself honours)."""
    snippets = set(get_snippet_models())
    models = [
        model
        for model in apps.get_models()
        if model.__module__.startswith("wagtail_participation")
        and not issubclass(model, Page)
        and model not in snippets
    ]
    return [
        permission
        for model in models
        for permission in Permission.objects.filter(
            content_type__app_label=model._meta.app_label,
            content_type__model=model._meta.model_name,
        ).select_related("content_type")
    ]


def offered_in_group_editor():
    offered = Permission.objects.none()
    for register in hooks.get_hooks("register_permissions"):
        offered = offered | register()
    return {_label(p) for p in offered.select_related("content_type")}


def staff_with(permission=None):
    group = Group.objects.create(name=f"group-{permission.pk if permission else 'none'}")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    if permission is not None:
        group.permissions.add(permission)
    user = UserFactory()
    user.groups.add(group)
    client = Client()
    client.force_login(user)
    return client


def what_they_see(client):
    return {name: client.get(url).status_code == 200 for name, url in LISTINGS.items()}


def test_the_group_editor_offers_only_the_honoured_permissions(admin_client):
    package = {_label(p) for p in package_permissions()}
    assert package >= HONOURED and len(package) > 10
    assert offered_in_group_editor() & package == HONOURED
    html = admin_client.get("/admin/groups/new/").content.decode()
    shown = set(re.findall(r'name="permissions"[^>]*value="(\d+)"', html))
    shown |= set(re.findall(r'value="(\d+)"[^>]*name="permissions"', html))
    for permission in package_permissions():
        assert (str(permission.pk) in shown) == (_label(permission) in HONOURED), _label(permission)


def test_granting_and_withholding_each_permission():
    page = make_method_page()
    comment = CommentFactory(page=page, moderation_state=ModerationState.PENDING)
    ParticipantFactory(email="someone@example.org")
    nothing = what_they_see(staff_with(None))
    assert not any(nothing.values())
    for permission in package_permissions():
        client = staff_with(permission)
        seen = what_they_see(client)
        if _label(permission) == "wagtail_participation.view_participant":
            assert seen == {**nothing, "participants": True}
            assert "someone@example.org" in client.get(LISTINGS["participants"]).content.decode()
        elif _label(permission) == "wagtail_participation.view_outgoingemail":
            assert seen == {**nothing, "outbox": True}
        else:
            assert seen == nothing, _label(permission)
        # Whatever the permission, moderating needs "publish" on the page.
        client.post(
            "/admin/participation/moderate/bulk/", {"action": "reject", "selected": [comment.pk]}
        )
        client.post(f"/admin/participation/moderate/{comment.pk}/", {"action": "publish"})
        comment.refresh_from_db()
        assert comment.moderation_state == ModerationState.PENDING, _label(permission)
