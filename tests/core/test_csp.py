"""The Content-Security-Policy header on the site's pages, not on the admin's."""

import pytest
from django.test import override_settings

from tests.factories import make_method_page
from wagtail_participation.core.middleware import build_policy

pytestmark = pytest.mark.django_db

DEFAULT = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
    "base-uri 'self'; frame-ancestors 'self'; form-action 'self'"
)


def test_public_pages_get_the_default_policy(client):
    page = make_method_page()
    for url in (page.url, "/participation/sign-in/", "/participation/my-data/", "/no-such-page/"):
        response = client.get(url)
        assert response["Content-Security-Policy"] == DEFAULT, url


def test_admin_gets_no_policy(client, django_user_model):
    django_user_model.objects.create_superuser("admin", "admin@example.org", "pw")
    client.login(username="admin", password="pw")
    for url in ("/admin/", "/admin/login/", "/admin/pages/"):
        response = client.get(url)
        assert "Content-Security-Policy" not in response, url


def test_a_policy_already_set_is_left_alone(rf):
    from django.http import HttpResponse

    from wagtail_participation.core.middleware import ContentSecurityPolicyMiddleware

    def view(request):
        response = HttpResponse()
        response["Content-Security-Policy"] = "default-src 'none'"
        return response

    response = ContentSecurityPolicyMiddleware(view)(rf.get("/"))
    assert response["Content-Security-Policy"] == "default-src 'none'"


def test_settings(client):
    with override_settings(WAGTAIL_PARTICIPATION_CONTENT_SECURITY_POLICY="default-src 'none'"):
        assert (
            client.get("/participation/sign-in/")["Content-Security-Policy"] == "default-src 'none'"
        )
    with override_settings(WAGTAIL_PARTICIPATION_CONTENT_SECURITY_POLICY=None):
        assert "Content-Security-Policy" not in client.get("/participation/sign-in/")
    with override_settings(WAGTAIL_PARTICIPATION_CONTENT_SECURITY_POLICY_REPORT_ONLY=True):
        response = client.get("/participation/sign-in/")
        assert response["Content-Security-Policy-Report-Only"] == DEFAULT
        assert "Content-Security-Policy" not in response
    with override_settings(
        WAGTAIL_PARTICIPATION_CONTENT_SECURITY_POLICY_EXCLUDE=["/participation/"]
    ):
        assert "Content-Security-Policy" not in client.get("/participation/sign-in/")
        assert "Content-Security-Policy" in client.get("/admin/login/")


def test_map_tiles_are_allowed_as_images():
    with override_settings(
        WAGTAIL_PARTICIPATION_MAP_TILE_URL="https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    ):
        assert "img-src 'self' data: https://tile.openstreetmap.org;" in build_policy()
