"""Issue 22, item 1: admin listings take only the query parameters their declared filters use.

The attack: a moderator with publish rights on one project read the superuser's password hash
one character at a time through the moderation queue (``?page_id__owner__password__startswith=``)
and another section's page-privacy password through the ideas listing
(``?category__participationprojectpage__view_restrictions__password__startswith=``), because the
listings passed any parameter whose first segment named an allowed filter to ``filter()``.
Every listing must now answer a true and a false guess alike, and never with a server error.
"""

import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client
from wagtail.models import GroupPagePermission, PageViewRestriction

from tests.factories import (
    CommentFactory,
    ParticipantFactory,
    UserFactory,
    make_index,
    make_project,
)
from tests.ideas.factories import IdeaFactory, make_board
from tests.petitions.factories import add_signature, make_petition, make_petition_index
from wagtail_participation.core.models import Report
from wagtail_participation.projects.models import Topic

pytestmark = pytest.mark.django_db

QUEUE = "/admin/wagtail_participation/contribution/"
REPORTS = "/admin/wagtail_participation/report/"
PARTICIPANTS = "/admin/wagtail_participation/participant/"
IDEAS = "/admin/wagtail_participation_ideas/idea/"
LISTINGS = (QUEUE, REPORTS, PARTICIPANTS, IDEAS)
SECRET = "s3cret-section-password"


@pytest.fixture
def world():
    """A superuser owning the pages, another section behind a password, and a moderator of one
    project who may list participants too (the strongest attacker the listings meet)."""
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    topic = Topic.objects.create(name="Parks", slug="parks")
    index = make_index()
    mine = make_project(index, title="My project", slug="mine", owner=root)
    other = make_project(index, title="Other section", slug="other", owner=root)
    other.topics.add(topic)
    other.save_revision().publish()
    PageViewRestriction.objects.create(
        page=other, restriction_type=PageViewRestriction.PASSWORD, password=SECRET
    )
    board = make_board(
        parent=mine, title="Ideas of mine", slug="ideas", owner=root, categories=[topic]
    )
    resident = ParticipantFactory(email="resident@example.org", user=root)
    idea = IdeaFactory(page=board, author=resident, title="Benches by the pond", category=topic)
    CommentFactory(page=board, target=idea, body="A comment on the benches")
    Report.objects.create(
        contribution=idea, participant=resident, reason="other", details="A report"
    )

    group = Group.objects.create(name="Moderators of my project")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_participant"),
    )
    GroupPagePermission.objects.create(
        group=group, page=mine, permission=Permission.objects.get(codename="publish_page")
    )
    moderator = UserFactory(username="moderator")
    moderator.groups.add(group)
    client = Client()
    client.force_login(moderator)
    return {"client": client, "root": root, "board": board, "topic": topic, "idea": idea}


def answer(client, url):
    """What a guess learns: the status, and the rows of the listing (the links in its table)."""
    response = client.get(url)
    assert response.status_code != 500
    body = response.content.decode()
    table = body[body.find("<table") : body.rfind("</table>")] if "<table" in body else ""
    return response.status_code, tuple(sorted(set(re.findall(r'href="(/admin/[^"]+)"', table))))


# The hidden values a guess tries to learn, with a true and a false first few characters.
def _hash_prefixes(world):
    password = world["root"].password
    return password[:5], ("x" if password[0] != "x" else "y") + password[1:5]


TRAVERSALS = {
    QUEUE: [
        "page_id__owner__password__startswith",
        "page_id__owner__owned_pages__view_restrictions__password__startswith",
        "page_id__owner__password__regex",
        "type__model__startswith",
        "moderation_state__moderated_by__password__startswith",
        "moderated_by__password__startswith",
        "author__user__password__startswith",
    ],
    REPORTS: [
        "contribution__page__owner__password__startswith",
        "reason__contribution__page__owner__password__startswith",
        "resolved_at__contribution__page__owner__password__startswith",
        "participant__user__password__startswith",
    ],
    PARTICIPANTS: [
        "user__password__startswith",
        "verified_at__user__password__startswith",
        "contributions__page__owner__password__startswith",
    ],
    IDEAS: [
        "category__participationprojectpage__view_restrictions__password__startswith",
        "category__ideaboardpage__owner__password__startswith",
        "board__owner__password__startswith",
        "page__owner__password__startswith",
        "status__exact__startswith",
        "moderation_state__page__owner__password__startswith",
    ],
}


@pytest.mark.parametrize(
    "url,parameter", [(url, p) for url, params in TRAVERSALS.items() for p in params]
)
def test_a_true_and_a_false_guess_get_the_same_answer(world, url, parameter):
    client = world["client"]
    if "view_restrictions__password" in parameter:
        right, wrong = SECRET[:5], "zzzzz"
    elif "password" in parameter:
        right, wrong = _hash_prefixes(world)
    else:
        right, wrong = "i", "zz"
    assert answer(client, f"{url}?{parameter}={right}") == answer(
        client, f"{url}?{parameter}={wrong}"
    )
    # Refused outright, not silently filtered.
    assert client.get(f"{url}?{parameter}={right}").status_code == 400


def test_walking_the_first_character_learns_nothing(world):
    """The attack as the issue ran it: one request per candidate character. Every candidate,
    the right one included, must get the same answer."""
    client = world["client"]
    for url, parameter in (
        (QUEUE, "page_id__owner__password__startswith"),
        (QUEUE, "page_id__owner__owned_pages__view_restrictions__password__startswith"),
        (IDEAS, "category__participationprojectpage__view_restrictions__password__startswith"),
    ):
        answers = {
            answer(client, f"{url}?{parameter}={c}")
            for c in "abcdefghijklmnopqrstuvwxyz0123456789$"
        }
        assert len(answers) == 1, (url, parameter)


SUFFIXES = [
    "__regex=.*",
    "__iregex=.",
    "__exact=1",
    "__in=1,2",
    "__isnull=1",
    "__isnull=0",
    "__startswith=a",
    "__gt=0",
    "__contains=a",
    "__year=2020",
    "__pk=1",
    "__id__exact=1",
    "=1",
]
#: Names that are no filter of the listing (fields, relations), with any lookup: refused.
UNDECLARED = {
    QUEUE: [
        "summary",
        "author",
        "moderated_by",
        "page",
        "content_type",
        "report_count",
        "pk",
        "id",
        "created_at",
    ],
    REPORTS: ["contribution", "participant", "details", "pk", "created_at"],
    PARTICIPANTS: ["email", "user", "display_name", "contributions", "pk"],
    IDEAS: ["title", "description", "author", "page", "page_id", "response", "support_count", "pk"],
}
#: The exact parameters each listing's filters use (with a usable value): accepted.
DECLARED = {
    QUEUE: [
        "moderation_state__exact=published",
        "moderation_state__isnull=False",
        "type={ct}",
        "page_id={board}",
    ],
    REPORTS: [
        "reason__exact=other",
        "reason__isnull=False",
        "resolved_at__gte=2020-01-01T00:00:00Z",
        "resolved_at__lt=2100-01-01T00:00:00Z",
        "resolved_at__isnull=True",
    ],
    PARTICIPANTS: [
        "verified_at__gte=2020-01-01T00:00:00Z",
        "verified_at__lt=2100-01-01T00:00:00Z",
        "verified_at__isnull=False",
    ],
    IDEAS: [
        "board={board}",
        "status__exact=new",
        "moderation_state__exact=published",
        "moderation_state__isnull=False",
        "category={topic}",
    ],
}
#: modeladmin's own parameters.
OWN = ["q=benches", "o=2", "o=-3.1", "ot=asc", "p=1", "p=9", "e=1"]


@pytest.mark.parametrize("url", LISTINGS)
def test_undeclared_names_are_refused_with_any_lookup(world, url):
    client = world["client"]
    for name in UNDECLARED[url]:
        for suffix in SUFFIXES:
            response = client.get(f"{url}?{name}{suffix}")
            assert response.status_code == 400, f"{name}{suffix}"


@pytest.mark.parametrize("url", LISTINGS)
def test_declared_names_take_only_their_own_lookups(world, url):
    client = world["client"]
    declared = {p.split("=")[0] for p in DECLARED[url]}
    names = {name.split("__")[0] for name in declared}
    for name in names:
        for suffix in SUFFIXES:
            query = f"{name}{suffix}"
            status = client.get(f"{url}?{query}").status_code
            if query.split("=")[0] in declared:
                assert status in (200, 400), query
            else:
                assert status == 400, query


@pytest.mark.parametrize("url", LISTINGS)
def test_declared_filters_and_own_parameters_still_work(world, url):
    from django.contrib.contenttypes.models import ContentType

    from wagtail_participation.core.models import Comment

    client = world["client"]
    values = {
        "ct": ContentType.objects.get_for_model(Comment).pk,
        "board": world["board"].pk,
        "topic": world["topic"].pk,
    }
    for query in [p.format(**values) for p in DECLARED[url]] + OWN:
        assert client.get(f"{url}?{query}").status_code == 200, query
    # Several at once, the way the filter links combine them.
    assert (
        client.get(
            f"{url}?{'&'.join(p.format(**values) for p in DECLARED[url])}&q=a&o=2"
        ).status_code
        == 200
    )


def test_the_page_and_category_filters_still_filter(world):
    client = world["client"]
    board, topic = world["board"], world["topic"]
    assert "A comment on the benches" in client.get(f"{QUEUE}?page_id={board.pk}").content.decode()
    assert (
        "A comment on the benches"
        not in client.get(f"{QUEUE}?page_id={board.pk + 1000}").content.decode()
    )
    assert "Benches by the pond" in client.get(f"{IDEAS}?category={topic.pk}").content.decode()
    assert (
        "Benches by the pond"
        not in client.get(f"{IDEAS}?category={topic.pk + 1000}").content.decode()
    )


@pytest.mark.parametrize("url", [QUEUE, IDEAS])
@pytest.mark.parametrize(
    "value",
    [
        "99999999999999999999999",
        "9223372036854775808",
        "%C2%B2",
        "%D9%A3",
        "-1",
        "0",
        "1e3",
        "%00",
        "",
    ],
)
def test_odd_ids_in_filters_never_raise(world, url, value):
    for name in ("page_id", "type", "board", "category"):
        assert world["client"].get(f"{url}?{name}={value}").status_code in (200, 400)


def _xlsx_rows(content):
    """The cells of a workbook (its bytes hold the time it was written, so they differ)."""
    import io

    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(content), read_only=True).active
    return tuple(sheet.iter_rows(values_only=True))


@pytest.mark.parametrize(
    "url",
    [
        "/admin/participation/moderate/export.csv",
        "/admin/participation/ideas/export.csv",
        "/admin/participation/ideas/export.xlsx",
    ],
)
def test_exports_ignore_relation_traversing_parameters(world, url):
    """The exports read only the listing's own parameters, by name, whatever else is sent."""
    client = world["client"]
    right, wrong = _hash_prefixes(world)
    contents = set()
    for parameter in (
        "page_id__owner__password__startswith",
        "board__owner__password__startswith",
        "category__ideaboardpage__owner__password__startswith",
    ):
        for guess in (right, wrong):
            response = client.get(f"{url}?{parameter}={guess}")
            assert response.status_code == 200
            content = (
                b"".join(response.streaming_content) if response.streaming else response.content
            )
            contents.add(_xlsx_rows(content) if url.endswith("xlsx") else content)
    assert len(contents) == 1
    for value in ("99999999999999999999999", "%C2%B2", "%D9%A3"):
        for name in ("page_id", "type", "board", "category"):
            assert client.get(f"{url}?{name}={value}").status_code == 200


def test_staff_listings_of_one_petition_ignore_other_parameters(world):
    """The signatures listing (a custom admin view) reads ``q``, ``state`` and ``p`` only."""
    petition = make_petition(make_petition_index(), owner=world["root"])
    add_signature(petition, email="signer@example.org", name="A signer")
    client = Client()
    client.force_login(world["root"])
    url = f"/admin/participation/petitions/{petition.pk}/signatures/"
    right, wrong = _hash_prefixes(world)
    first = client.get(f"{url}?petition__owner__password__startswith={right}")
    second = client.get(f"{url}?petition__owner__password__startswith={wrong}")
    assert first.status_code == second.status_code == 200
    assert ("A signer" in first.content.decode()) == ("A signer" in second.content.decode())
