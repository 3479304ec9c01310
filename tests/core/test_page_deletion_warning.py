"""The delete confirmation's warning counts what goes with the page, and offers only the exports
the user may download."""

import pytest
from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupPagePermission

from tests.factories import CommentFactory, UserFactory, make_method_page
from tests.petitions.factories import add_signatures, make_petition, make_petition_index
from wagtail_participation.core.admin.deletion import going_with

pytestmark = pytest.mark.django_db


def user_with(page, *codenames):
    group = Group.objects.create(name="-".join(codenames))
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in codenames:
        GroupPagePermission.objects.create(
            group=group, page=page, permission=Permission.objects.get(codename=codename)
        )
    user = UserFactory()
    user.groups.add(group)
    return user


def test_only_the_exports_the_user_may_download_are_offered():
    index = make_petition_index()
    add_signatures(make_petition(index=index), 2)
    CommentFactory(page=make_method_page(parent=index))
    editor = user_with(index, "add_page", "change_page", "delete_page")
    items = going_with(index, editor)
    assert sorted(item.label for item in items) == ["1 comment", "2 signatures"]
    assert [export for item in items for export in item.exports] == []
    moderator = user_with(index, "add_page", "change_page", "publish_page")
    labels = [label for item in going_with(index, moderator) for _url, label in item.exports]
    assert len(labels) == 2
    assert any(label.startswith("Export the signatures of") for label in labels)
    assert any(label.startswith("Export the contributions on") for label in labels)


def test_a_page_with_nothing_has_no_warning(admin_client):
    page = make_method_page()
    html = admin_client.get(f"/admin/pages/{page.pk}/delete/").content.decode()
    assert "what residents sent" not in html
