"""The Content-Security-Policy header on the package's pages, not on the host site's own
pages (unless the site opts in to a site-wide policy), nor on the admin's."""

import pytest
from django.test import override_settings

from tests.factories import add_page, make_method_page
from wagtail_participation.core.middleware import build_policy

pytestmark = pytest.mark.django_db

DEFAULT = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
    "base-uri 'self'; frame-ancestors 'self'; form-action 'self'"
)


def host_page():
    """One of the host site's own pages (the example council's), with an inline script's
    worth of freedom: no class of the package in it."""
    from example_site.council.models import InformationPage

    return add_page(InformationPage(title="About us", slug="about-us", intro="", body=[]))


def test_the_package_pages_get_the_default_policy(client):
    page = make_method_page()  # a site's page type built from the package's mixin
    for url in (page.url, "/participation/sign-in/", "/participation/my-data/"):
        response = client.get(url)
        assert response["Content-Security-Policy"] == DEFAULT, url


def test_the_host_site_pages_get_no_policy_by_default(client):
    page = host_page()
    for url in (page.url, "/no-such-page/"):
        response = client.get(url)
        assert "Content-Security-Policy" not in response, url
        assert "Content-Security-Policy-Report-Only" not in response, url


def test_a_site_wide_policy_is_an_opt_in(client):
    page = host_page()
    with override_settings(WAGTAIL_PARTICIPATION_CONTENT_SECURITY_POLICY_SCOPE="site"):
        for url in (page.url, "/no-such-page/", "/participation/sign-in/"):
            assert client.get(url)["Content-Security-Policy"] == DEFAULT, url
        assert "Content-Security-Policy" not in client.get("/admin/login/")


def test_a_site_view_can_ask_for_the_policy(rf):
    from django.http import HttpResponse

    from wagtail_participation.core.middleware import (
        ContentSecurityPolicyMiddleware,
        use_participation_policy,
    )

    def plain(request):
        return HttpResponse()

    def asking(request):
        use_participation_policy(request)
        return HttpResponse()

    assert "Content-Security-Policy" not in ContentSecurityPolicyMiddleware(plain)(rf.get("/x/"))
    response = ContentSecurityPolicyMiddleware(asking)(rf.get("/x/"))
    assert response["Content-Security-Policy"] == DEFAULT


def test_an_unknown_scope_is_a_system_check_error():
    from wagtail_participation.core.checks import check_settings

    with override_settings(WAGTAIL_PARTICIPATION_CONTENT_SECURITY_POLICY_SCOPE="everywhere"):
        messages = [error.msg for error in check_settings(None)]
    assert any("CONTENT_SECURITY_POLICY_SCOPE" in message for message in messages)


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

    with override_settings(WAGTAIL_PARTICIPATION_CONTENT_SECURITY_POLICY_SCOPE="site"):
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
        WAGTAIL_PARTICIPATION_CONTENT_SECURITY_POLICY_EXCLUDE=["/participation/"],
        WAGTAIL_PARTICIPATION_CONTENT_SECURITY_POLICY_SCOPE="site",
    ):
        assert "Content-Security-Policy" not in client.get("/participation/sign-in/")
        assert "Content-Security-Policy" in client.get("/admin/login/")


def test_map_tiles_are_allowed_as_images():
    with override_settings(
        WAGTAIL_PARTICIPATION_MAP_TILE_URL="https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    ):
        assert "img-src 'self' data: https://tile.openstreetmap.org;" in build_policy()
