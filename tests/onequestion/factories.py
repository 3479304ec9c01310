"""One-question pages and answers for the tests of the test app's participation method."""

from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupPagePermission

from tests.factories import UserFactory, add_page
from tests.testapp.onequestion.models import OneQuestionPage


def make_question_page(parent=None, **fields):
    """A live, open one-question page (post-moderated, taking comments)."""
    n = OneQuestionPage.objects.count() + 1
    fields.setdefault("title", f"One question {n}")
    fields.setdefault("slug", f"one-question-{n}")
    fields.setdefault("question", "What should the new square be called?")
    fields.setdefault("allow_comments", True)
    return add_page(OneQuestionPage(**fields), parent=parent)


def answer_url(page):
    return page.url + page.reverse_subpage("answer")


def staff_with(page, *codenames):
    """A user with admin access and the page permissions ``codenames`` on ``page`` (and below)."""
    user = UserFactory()
    group = Group.objects.create(name=f"Staff of {page.title} ({user.username})")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in codenames:
        GroupPagePermission.objects.create(
            group=group,
            page=page,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            ),
        )
    user.groups.add(group)
    return user
