"""Emailed links come from the site's configured address, never from the request's Host header.

The attack (issue 22, item 17): POST the sign-in form with ``Host: evil.example``. Built with
``request.build_absolute_uri()``, the emailed link pointed at evil.example and carried a
genuine sign-in token there; a resident who clicked it handed the token to the attacker.
"""

import re

import pytest
from django.core import mail
from django.core.checks import run_checks
from django.test import override_settings
from wagtail.models import Page, Site

from tests.factories import post_form

pytestmark = pytest.mark.django_db
SIGN_IN = "/participation/sign-in/"
EVIL = "evil.example"


_capture = None


@pytest.fixture(autouse=True)
def _emails_after_each_request(django_capture_on_commit_callbacks):
    """Emails leave after commit; a test's transaction never commits, so run them per request."""
    global _capture
    _capture = django_capture_on_commit_callbacks
    yield
    _capture = None


def ask_for_link(client, email, host):
    with _capture(execute=True):
        response = post_form(client, SIGN_IN, {"email": email}, HTTP_HOST=host)
    assert response.status_code == 302
    return response


def emailed_links():
    return re.findall(r"https?://[^\s/]+/\S*", mail.outbox[-1].body)


def test_sign_in_link_ignores_a_forged_host_header(client):
    ask_for_link(client, "ann@example.org", EVIL)
    message = mail.outbox[-1]
    links = emailed_links()
    assert links and all(
        link.startswith("http://testserver/participation/sign-in/") for link in links
    ), links
    assert EVIL not in message.body and EVIL not in message.subject


@override_settings(WAGTAIL_PARTICIPATION_BASE_URL="https://www.council.example/")
def test_the_base_url_setting_wins(client):
    ask_for_link(client, "ann@example.org", EVIL)
    assert emailed_links()[0].startswith("https://www.council.example/participation/sign-in/")


def _second_site():
    root = Page.get_first_root_node()
    home = root.add_child(instance=Page(title="Other council", slug="other-council"))
    return Site.objects.create(
        hostname="other.council.example", port=443, root_page=home, site_name="Other"
    )


def test_with_several_sites_a_configured_host_picks_its_site_and_any_other_the_default(client):
    _second_site()
    ask_for_link(client, "ann@example.org", "other.council.example")
    assert emailed_links()[0].startswith("https://other.council.example/participation/sign-in/")
    ask_for_link(client, "bob@example.org", EVIL)
    default = Site.objects.get(is_default_site=True)
    assert emailed_links()[0].startswith(default.root_url + "/participation/sign-in/")
    assert EVIL not in mail.outbox[-1].body and EVIL not in mail.outbox[-1].subject


def test_a_page_link_uses_the_page_s_site_when_there_are_several():
    from wagtail_participation.core.links import absolute_url, page_url

    site = _second_site()
    page = site.root_page.add_child(instance=Page(title="News", slug="news"))
    assert page_url(page) == "https://other.council.example/news/"
    assert (
        absolute_url("/participation/x/", page=page)
        == "https://other.council.example/participation/x/"
    )


@override_settings(WAGTAILADMIN_BASE_URL="")
def test_without_settings_the_default_site_is_the_address():
    from wagtail_participation.core.links import base_url

    assert base_url() == Site.objects.get(is_default_site=True).root_url


def test_absolute_urls_stay_as_they_are():
    from wagtail_participation.core.links import absolute_url

    assert absolute_url("https://elsewhere.example/x") == "https://elsewhere.example/x"
    assert absolute_url("participation/x/") == "http://testserver/participation/x/"


@pytest.mark.parametrize(
    "value",
    [
        "www.council.example",
        "ftp://council.example",
        "https://council.example/path",
        "https://user:pw@council.example",
        "https://",
        42,
    ],
)
def test_a_malformed_base_url_is_a_check_error(value):
    with override_settings(WAGTAIL_PARTICIPATION_BASE_URL=value):
        errors = [e for e in run_checks() if e.id == "wagtail_participation.E005"]
    assert any("WAGTAIL_PARTICIPATION_BASE_URL" in e.msg for e in errors)


@pytest.mark.parametrize(
    "value", ["https://www.council.example", "http://127.0.0.1:8000/", None, ""]
)
def test_a_good_base_url_passes(value):
    with override_settings(WAGTAIL_PARTICIPATION_BASE_URL=value):
        assert not [e for e in run_checks() if "WAGTAIL_PARTICIPATION_BASE_URL" in e.msg]


def test_a_warning_when_no_address_is_configured():
    with override_settings(WAGTAILADMIN_BASE_URL="", DEBUG=False):
        assert "wagtail_participation.W005" in [e.id for e in run_checks()]
    with override_settings(WAGTAILADMIN_BASE_URL="https://admin.council.example", DEBUG=False):
        assert "wagtail_participation.W005" not in [e.id for e in run_checks()]
