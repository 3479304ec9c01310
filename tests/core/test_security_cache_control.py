"""Issue 22, item 15: every response built for a resident is ``Cache-Control: private, no-store``,
so a CDN or caching proxy never keeps one resident's page for others; anonymous pages stay
cacheable. The mechanism itself: tests/core/test_cache_control.py."""

import pytest
from django.http import HttpResponse
from django.urls import path

from tests.core.cache_headers import is_private
from tests.factories import ParticipantFactory, UserFactory, post_form, sign_in_client
from wagtail_participation.core.participants import make_sign_in_token

pytestmark = pytest.mark.django_db

#: A plain view, for the test of an anonymous response (ROOT_URLCONF points here).
urlpatterns = [path("plain/", lambda request: HttpResponse("plain"))]


def test_my_data_pages_are_private(client):
    resident = ParticipantFactory(email="pat@example.org")
    sign_in_client(client, resident)
    for url in (
        "/participation/my-data/",
        "/participation/my-data/download/",
        "/participation/my-data/forget/",
    ):
        response = client.get(url)
        assert response.status_code == 200 and is_private(response), (
            url,
            response.get("Cache-Control"),
        )


def test_sign_in_confirmation_page_is_private(client):
    """It shows the address the link was sent to, to a visitor not signed in yet."""
    resident = ParticipantFactory(email="quinn@example.org")
    response = client.get(f"/participation/sign-in/{make_sign_in_token(resident)}/")
    assert response.status_code == 200 and b"quinn@example.org" in response.content
    assert is_private(response)


def test_sign_in_form_errors_are_private(client):
    response = post_form(
        client, "/participation/sign-in/", {"email": "not an address", "display_name": "Rae"}
    )
    assert response.status_code == 400 and b"Rae" in response.content
    assert is_private(response)


def test_any_page_rendered_for_a_signed_in_resident_is_private(client):
    from tests.factories import make_method_page

    page = make_method_page()
    assert not is_private(client.get(page.url))
    sign_in_client(client, ParticipantFactory(display_name="Sam Signed"))
    response = client.get(page.url)
    assert b"Sam Signed" in response.content and is_private(response)


def test_pages_for_a_logged_in_site_user_are_private(client):
    from tests.factories import make_method_page

    page = make_method_page()
    client.force_login(UserFactory())
    assert is_private(client.get(page.url))


def test_a_page_carrying_a_flash_message_is_private(client):
    """Signing out leaves "You are signed out." for the next page: that page is this visitor's."""
    from tests.factories import make_method_page

    page = make_method_page()
    sign_in_client(client, ParticipantFactory())
    response = client.post("/participation/sign-out/", {"next": page.url})
    assert response.status_code == 302 and is_private(response)
    response = client.get(page.url)
    assert b"You are signed out." in response.content and is_private(response)
    assert not is_private(client.get(page.url))  # the message is gone, and so is the session


def test_anonymous_pages_stay_cacheable_and_the_middleware_adds_no_vary(client, settings):
    """For a visitor without cookies the middleware looks at neither the session nor the user,
    so it adds no ``Vary: Cookie`` of its own."""
    settings.ROOT_URLCONF = "tests.core.test_security_cache_control"
    response = client.get("/plain/")
    assert not is_private(response)
    assert "Cookie" not in response.get("Vary", "")
