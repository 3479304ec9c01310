"""Issue 22, item 15 (petitions): the petition page is ``Cache-Control: public`` only for anonymous
visitors without a flash message; a message never goes into the rendering shared between visitors."""

import pytest
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.cache import SessionStore
from django.test import RequestFactory

from tests.core.cache_headers import is_private
from tests.factories import ParticipantFactory, sign_in_client
from tests.petitions.factories import make_petition
from wagtail_participation.petitions import views

pytestmark = pytest.mark.django_db


def test_anonymous_petition_page_is_still_public(client):
    petition = make_petition()
    response = client.get(petition.url)
    assert "public" in response["Cache-Control"] and "max-age=60" in response["Cache-Control"]
    assert not is_private(response)


def test_petition_page_for_a_signed_in_resident_is_private(client):
    petition = make_petition()
    sign_in_client(client, ParticipantFactory(display_name="Zed Resident"))
    response = client.get(petition.url)
    assert b"Signed in as Zed Resident" in response.content and is_private(response)


@pytest.mark.parametrize(
    "storage",
    [
        "django.contrib.messages.storage.fallback.FallbackStorage",
        "django.contrib.messages.storage.cookie.CookieStorage",
        "django.contrib.messages.storage.session.SessionStorage",
    ],
)
def test_petition_page_with_a_pending_message_is_private_and_not_shared(client, settings, storage):
    """The attack: "You are signed out." shown on a petition page sent ``Cache-Control: public``,
    so a CDN or a shared proxy keeps the visitor's message and shows it to the next ones."""
    settings.MESSAGE_STORAGE = storage
    petition = make_petition()
    sign_in_client(client, ParticipantFactory())
    client.post("/participation/sign-out/", {"next": petition.url})
    response = client.get(petition.url)
    assert b"You are signed out." in response.content
    assert is_private(response), response["Cache-Control"]
    # Neither the next visitor nor this one afterwards gets the message from a shared rendering.
    fresh = client.__class__()
    assert b"You are signed out." not in fresh.get(petition.url).content
    assert b"You are signed out." not in client.get(petition.url).content


def anonymous_request_with_a_message(petition):
    request = RequestFactory().get(petition.url)
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    request._messages.add(20, "Only for you")
    return request


def test_shared_rendering_is_neither_used_nor_kept_when_the_request_has_a_message():
    from wagtail_participation.core.caches import cache

    petition = make_petition()
    request = anonymous_request_with_a_message(petition)
    assert views._shared_page_key(request, petition, "page", 1) is None
    from django.template import engines
    from django.template.response import TemplateResponse

    template = engines["django"].from_string("Only for you")
    views._shared(request, petition, "wp:test:shared", lambda: TemplateResponse(request, template))
    assert cache.get("wp:test:shared") is None
