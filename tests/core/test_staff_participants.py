"""Staff who take part while signed in to the admin show a name, never "Resident", and may say
they post for the council; viewing a page creates no participant, only taking part does."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client

from tests.factories import (
    ParticipantFactory,
    UserFactory,
    make_method_page,
    post_form,
    sign_in_client,
)
from wagtail_participation.core.models import Comment, Participant

pytestmark = pytest.mark.django_db


def comment_url(page):
    return f"/participation/comments/page/{page.pk}/"


def staff_client(**fields):
    user = UserFactory(is_staff=True, **fields)
    client = Client()
    client.force_login(user)
    return user, client


def admin_editor_client(**fields):
    """Not is_staff, but in a group with Wagtail's "access admin": staff too."""
    group = Group.objects.create(name="editors")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user = UserFactory(**fields)
    user.groups.add(group)
    client = Client()
    client.force_login(user)
    return user, client


def test_viewing_creates_no_participant_taking_part_does():
    page = make_method_page()
    user, client = staff_client(username="clerk")
    for url in [page.url, "/participation/my-data/", "/participation/my-data/name/"]:
        assert client.get(url).status_code == 200, url
    assert not Participant.objects.exists()
    response = post_form(client, comment_url(page), {"body": "The council will reply soon."})
    assert response.status_code == 302
    assert Participant.objects.get().user == user


@pytest.mark.parametrize(
    ("make", "fields", "shown"),
    [
        (staff_client, {"username": "clerk"}, "clerk"),
        (
            staff_client,
            {"username": "js", "first_name": "Jane", "last_name": "Smith"},
            "Jane Smith",
        ),
        (admin_editor_client, {"username": "editor7"}, "editor7"),
    ],
)
def test_staff_comment_under_a_name(make, fields, shown):
    page = make_method_page()
    _user, client = make(**fields)
    post_form(client, comment_url(page), {"body": "Thank you all."})
    comment = Comment.objects.get()
    assert comment.author_name == shown
    html = Client().get(page.url).content.decode()
    assert shown in html and ">Resident<" not in html


def test_a_staff_participant_without_a_name_gets_one():
    user, client = staff_client(username="clerk")
    ParticipantFactory(user=user, display_name="", email="clerk@example.org")
    page = make_method_page()
    post_form(client, comment_url(page), {"body": "Noted."})
    assert Comment.objects.get().author_name == "clerk"


def test_staff_choose_the_council_marker_residents_cannot():
    user, client = staff_client(username="js", first_name="Jane", last_name="Smith")
    form = client.get("/participation/my-data/name/").content.decode()
    assert 'name="for_council"' in form
    post_form(
        client, "/participation/my-data/name/", {"display_name": "Jane Smith", "for_council": "on"}
    )
    page = make_method_page()
    post_form(client, comment_url(page), {"body": "We are fixing the lights."})
    assert Comment.objects.get().author_name == "Jane Smith (council)"
    assert "Jane Smith (council)" in Client().get(page.url).content.decode()
    # Untick it: the name alone.
    post_form(client, "/participation/my-data/name/", {"display_name": "Jane Smith"})
    assert Participant.objects.get(user=user).public_name == "Jane Smith"

    resident = ParticipantFactory(display_name="Ann")
    resident_client = sign_in_client(Client(), resident)
    assert (
        'name="for_council"'
        not in resident_client.get("/participation/my-data/name/").content.decode()
    )
    post_form(
        resident_client,
        "/participation/my-data/name/",
        {"display_name": "Ann", "for_council": "on"},
    )
    resident.refresh_from_db()
    assert not resident.for_council and resident.public_name == "Ann"


def test_the_marker_goes_when_staff_leave_the_admin():
    user, client = staff_client(username="js", first_name="Jane", last_name="Smith")
    post_form(
        client, "/participation/my-data/name/", {"display_name": "Jane Smith", "for_council": "on"}
    )
    user.is_staff = False
    user.save()
    page = make_method_page()
    post_form(client, comment_url(page), {"body": "Now a resident."})
    assert Comment.objects.get().author_name == "Jane Smith"
