"""Who may moderate what: Wagtail's "publish" page permission, inherited by descendants."""

import pytest
from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupPagePermission

from tests.factories import CommentFactory, UserFactory, make_method_page
from wagtail_participation.core.models import Contribution
from wagtail_participation.core.permissions import (
    can_moderate,
    can_moderate_anything,
    can_moderate_page,
    moderatable_contributions,
)

pytestmark = pytest.mark.django_db


def user_with(page, codename="publish_page"):
    group = Group.objects.create(name=f"{codename}-{page.pk}")
    GroupPagePermission.objects.create(
        group=group, page=page, permission=Permission.objects.get(codename=codename)
    )
    user = UserFactory()
    user.groups.add(group)
    return user


@pytest.fixture
def tree():
    x, y = make_method_page(title="X"), make_method_page(title="Y")
    child_of_x = make_method_page(parent=x, title="Under X")
    return {
        "x": x,
        "y": y,
        "child": child_of_x,
        "on_x": CommentFactory(page=x),
        "on_y": CommentFactory(page=y),
        "on_child": CommentFactory(page=child_of_x),
    }


def test_publish_permission_covers_the_page_and_its_descendants(tree):
    user = user_with(tree["x"])
    assert set(moderatable_contributions(user)) == {
        Contribution.objects.get(pk=tree["on_x"].pk),
        Contribution.objects.get(pk=tree["on_child"].pk),
    }
    assert can_moderate(user, tree["on_x"]) and can_moderate(user, tree["on_child"])
    assert not can_moderate(user, tree["on_y"])
    assert can_moderate_page(user, tree["child"]) and not can_moderate_page(user, tree["y"])
    assert can_moderate_anything(user)


def test_permission_on_a_child_does_not_reach_the_parent(tree):
    user = user_with(tree["child"])
    assert list(moderatable_contributions(user).values_list("pk", flat=True)) == [
        tree["on_child"].pk
    ]
    assert not can_moderate(user, tree["on_x"])


def test_edit_permission_alone_is_not_enough(tree):
    user = user_with(tree["x"], codename="change_page")
    assert not moderatable_contributions(user).exists()
    assert not can_moderate(user, tree["on_x"]) and not can_moderate_anything(user)


def test_superusers_moderate_everything_and_inactive_users_nothing(tree):
    admin = UserFactory(is_superuser=True)
    assert moderatable_contributions(admin).count() == 3
    assert can_moderate(admin, tree["on_y"]) and can_moderate_anything(admin)
    gone = user_with(tree["x"])
    gone.is_active = False
    gone.save()
    assert not moderatable_contributions(gone).exists()
    assert not can_moderate(gone, tree["on_x"]) and not can_moderate_anything(gone)
    admin.is_active = False
    assert not can_moderate(admin, tree["on_x"])


def test_narrows_a_given_queryset(tree):
    user = user_with(tree["x"])
    queryset = Contribution.objects.filter(pk__in=[tree["on_x"].pk, tree["on_y"].pk])
    assert list(moderatable_contributions(user, queryset).values_list("pk", flat=True)) == [
        tree["on_x"].pk
    ]
