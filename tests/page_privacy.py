"""Builders for Wagtail's page privacy in tests: restricting a page, and passing a restriction
as a visitor does (typing the password, logging in, being in a group)."""

from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import PageViewRestriction

from tests.factories import UserFactory

PASSWORD = "open-sesame"
KINDS = ("password", "login", "groups")


def restrict(page, kind, password=PASSWORD, groups=()):
    """Put a view restriction of ``kind`` ("password", "login" or "groups") on ``page``."""
    restriction = PageViewRestriction.objects.create(
        page=page,
        restriction_type=kind,
        password=password if kind == "password" else "",
    )
    if kind == "groups":
        restriction.groups.set(
            groups or [Group.objects.get_or_create(name="Members of the panel")[0]]
        )
    return restriction


def pass_password(client, page, password=PASSWORD):
    """Type ``password`` into Wagtail's form for ``page``'s password restriction."""
    restriction = PageViewRestriction.objects.get(page=page, restriction_type="password")
    response = client.post(
        reverse("wagtailcore_authenticate_with_password", args=[restriction.pk, page.pk]),
        {"password": password, "return_url": page.url},
    )
    assert response.status_code == 302, response.status_code
    return client


def let_in(client, page, kind):
    """Make ``client`` a visitor that ``page``'s restriction of ``kind`` accepts."""
    if kind == "password":
        return pass_password(client, page)
    user = UserFactory()
    if kind == "groups":
        restriction = PageViewRestriction.objects.get(page=page, restriction_type="groups")
        user.groups.add(*restriction.groups.all())
    client.force_login(user)
    return client


def page_with_blocks(*blocks, parent=None, **fields):
    """A live page of the example site whose body holds ``blocks`` ((name, value) pairs: the
    package's teaser, poll and petition blocks), under ``parent`` or the site root."""
    from example_site.council.models import InformationPage
    from tests.factories import add_page

    n = InformationPage.objects.count() + 1
    fields.setdefault("title", f"Information {n}")
    fields.setdefault("slug", f"information-{n}")
    return add_page(InformationPage(body=list(blocks), **fields), parent=parent)
