"""The mechanism behind issue 22, item 15: ``mark_private``, ``keep_private``, ``is_personal``,
``has_messages``, ``PrivateCacheControlMiddleware`` and its system check (W006)."""

import pytest
from django.contrib.messages.storage.fallback import FallbackStorage
from django.http import HttpResponse
from django.test import RequestFactory, override_settings

from tests.core.cache_headers import is_private
from wagtail_participation.core.cache_control import (
    PrivateCacheControlMiddleware,
    has_messages,
    is_personal,
    keep_private,
    mark_private,
)

pytestmark = pytest.mark.django_db

MIDDLEWARE = "wagtail_participation.core.cache_control.PrivateCacheControlMiddleware"


def request_with(rf=None, cookies=None, **attrs):
    request = (rf or RequestFactory()).get("/")
    request.COOKIES.update(cookies or {})
    from django.contrib.sessions.backends.db import SessionStore

    request.session = SessionStore()
    for name, value in attrs.items():
        setattr(request, name, value)
    return request


def test_mark_private_overrides_public():
    from django.utils.cache import patch_cache_control

    response = HttpResponse()
    patch_cache_control(response, public=True, max_age=60)
    mark_private(response)
    assert is_private(response) and "max-age=0" in response["Cache-Control"]


def test_is_personal_rules():
    from django.contrib.auth.models import AnonymousUser

    assert not is_personal(request_with(user=AnonymousUser()))
    request = request_with()
    keep_private(request)
    assert is_personal(request)
    assert is_personal(request_with(participant=object()))
    # A session holding a participant, though nothing on the request looked at it.
    request = request_with()
    request.session["wagtail_participation_participant"] = 1
    assert is_personal(request)


def test_messages_are_found_in_either_storage_without_touching_a_cookieless_session():
    request = request_with()
    request._messages = FallbackStorage(request)
    assert not has_messages(request)
    assert not request.session.accessed
    request._messages.add(20, "Hello")
    assert has_messages(request)


def test_middleware_marks_personal_responses_only():
    def view(request):
        return HttpResponse("x")

    middleware = PrivateCacheControlMiddleware(view)
    from django.contrib.auth.models import AnonymousUser

    assert "Cache-Control" not in middleware(request_with(user=AnonymousUser()))
    assert is_private(middleware(request_with(participant=object())))


def test_middleware_assumes_personal_when_the_session_store_fails():
    class Broken:
        modified = True

        def get(self, *args):
            raise RuntimeError("session store down")

    request = request_with()
    request.session = Broken()
    assert is_private(PrivateCacheControlMiddleware(lambda r: HttpResponse())(request))


def test_check_warns_without_the_middleware(settings):
    from tests.core.test_checks import ids

    without = [m for m in settings.MIDDLEWARE if m != MIDDLEWARE]
    assert "wagtail_participation.W006" in ids(MIDDLEWARE=without)
    assert "wagtail_participation.W006" not in ids()
    misplaced = [*without, "django.middleware.cache.UpdateCacheMiddleware"]
    misplaced.insert(0, MIDDLEWARE)
    assert "wagtail_participation.W006" in ids(MIDDLEWARE=misplaced)
    fine = ["django.middleware.cache.UpdateCacheMiddleware", *settings.MIDDLEWARE]
    with override_settings(MIDDLEWARE=fine):
        assert "wagtail_participation.W006" not in ids()
