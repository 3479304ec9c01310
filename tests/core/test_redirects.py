"""The one helper for the sign-in page's address with ``next`` (core.redirects)."""

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from wagtail_participation.core.redirects import local_url, sign_in_redirect, sign_in_url


def test_sign_in_url_carries_next_encoded():
    assert sign_in_url() == "/participation/sign-in/"
    assert sign_in_url("") == "/participation/sign-in/"
    assert (
        sign_in_url("/ideas/?sort=new&page=2")
        == "/participation/sign-in/?next=%2Fideas%2F%3Fsort%3Dnew%26page%3D2"
    )


def test_sign_in_redirect():
    response = sign_in_redirect("/my-board/submit/")
    assert response.status_code == 302
    assert response["Location"] == "/participation/sign-in/?next=%2Fmy-board%2Fsubmit%2F"


def test_the_template_tag():
    html = Template(
        "{% load wagtail_participation_tags %}{% participation_sign_in_url path %}"
    ).render(Context({"path": "/a b/"}))
    assert html == "/participation/sign-in/?next=%2Fa+b%2F"


@pytest.mark.parametrize(
    "target, expected",
    [
        ("/fine/", "/fine/"),
        ("//evil.example/", "/"),
        ("https://evil.example/", "/"),
        ("home", "/"),
        (None, "/"),
    ],
)
def test_local_url_keeps_only_paths_on_this_site(target, expected):
    assert local_url(RequestFactory().get("/"), target) == expected
