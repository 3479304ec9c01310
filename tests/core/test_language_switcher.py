"""Residents choose the language of the interface from a link, without JavaScript."""

import pytest
from django.conf import settings
from django.template import Context, Template
from django.test import RequestFactory

pytestmark = pytest.mark.django_db


def test_the_example_site_offers_every_language_in_its_own_name(client):
    html = client.get("/participation/sign-in/").content.decode()
    assert 'class="wp-language-switcher"' in html
    assert 'lang="de" hreflang="de"' in html and ">Deutsch<" in html
    assert 'aria-current="true">English<' in html
    assert "csrfmiddlewaretoken" not in html.split("wp-language-switcher", 1)[1].split("</nav>")[0]


def test_choosing_a_language_keeps_it_and_returns_to_the_page(client):
    response = client.get(
        "/participation/language/", {"language": "de", "next": "/participation/sign-in/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/participation/sign-in/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "de"
    html = client.get("/participation/sign-in/").content.decode()
    assert '<html lang="de">' in html
    assert "Zum Hauptinhalt springen" in html  # the example site's header
    assert "Bezirksrat Riverside" in html
    assert 'aria-current="true">Deutsch<' in html


def test_the_example_sites_footer_and_menu_are_translated(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    html = client.get("/participation/sign-in/").content.decode()
    assert "Ceci est un site de démonstration" in html
    assert 'aria-label="Menu principal"' in html


@pytest.mark.parametrize(
    "query",
    [{"language": "xx"}, {"language": ""}, {}, {"language": "de\x00"}, {"language": ["de", "fr"]}],
)
def test_a_language_not_offered_is_refused_clearly(client, query):
    response = client.get("/participation/language/", query)
    assert response.status_code in (302, 400)
    if query.get("language") != ["de", "fr"]:
        assert response.status_code == 400


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "home", ""])
def test_it_never_leaves_the_site(client, target):
    response = client.get("/participation/language/", {"language": "nl", "next": target})
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_a_post_is_not_allowed(client):
    assert client.post("/participation/language/", {"language": "de"}).status_code == 405


def test_the_tag_drops_into_any_template_and_needs_two_languages(settings):
    request = RequestFactory().get("/news/?page=2")
    template = Template(
        "{% load wagtail_participation_tags %}{% participation_language_switcher %}"
    )
    html = template.render(Context({"request": request}))
    assert "next=%2Fnews%2F%3Fpage%3D2" in html
    settings.LANGUAGES = [("en", "English")]
    assert "<nav" not in template.render(Context({"request": request}))


def test_the_example_site_serves_a_favicon(client):
    html = client.get("/participation/sign-in/").content.decode()
    assert 'rel="icon"' in html
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("council/favicon.svg")
