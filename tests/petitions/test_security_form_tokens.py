"""The sign form's token is bound to its petition and used once (issue 22, item 16), and the
renders that anonymous visitors share never hold a form token."""

import html
import re

import pytest
from django.core import mail
from django.test import Client

from tests.petitions.factories import make_petition
from wagtail_participation.petitions.models import Signature

pytestmark = pytest.mark.django_db
TOKEN = re.compile(r'name="form_rendered" value="([^"]+)"')


def sign_form_token(client, petition):
    response = client.get(petition.sign_url)
    assert response.status_code == 200
    return html.unescape(TOKEN.search(response.content.decode()).group(1))


def sign(client, petition, email, token):
    return client.post(
        f"/participation/petitions/{petition.pk}/sign/",
        {"name": "Ann Lee", "email": email, "area": "RB1 2AB", "form_rendered": token},
    )


def test_one_sign_form_token_signs_once(client):
    petition = make_petition()
    token = sign_form_token(client, petition)
    assert sign(client, petition, "ann@example.org", token).status_code == 302
    second = sign(client, petition, "bob@example.org", token)
    assert second.status_code == 400
    text = second.content.decode()
    assert "This form was already sent" in text and 'value="bob@example.org"' in text
    assert list(Signature.objects.values_list("email", flat=True)) == ["ann@example.org"]
    assert [m.to for m in mail.outbox] == [["ann@example.org"]]
    fresh = html.unescape(TOKEN.search(text).group(1))
    assert fresh != token and sign(client, petition, "bob@example.org", fresh).status_code == 302


def test_a_token_from_one_petition_is_refused_by_another(client):
    petition, other = make_petition(), make_petition()
    token = sign_form_token(client, petition)
    refused = sign(client, other, "ann@example.org", token)
    assert (
        refused.status_code == 400
        and "This form was opened on another page" in refused.content.decode()
    )
    assert not Signature.objects.exists()


def test_the_petition_block_s_sign_button_leads_to_a_form_of_one_s_own():
    """Anonymous visitors share the petition's page; the sign form, with its single-use token,
    is rendered for each visitor (never cached), so many visitors sign from one shared page."""
    petition = make_petition()
    visitors = [Client(REMOTE_ADDR=f"10.0.0.{n}") for n in range(1, 4)]
    for visitor in visitors:
        page = visitor.get(petition.url)
        assert page.status_code == 200 and not TOKEN.search(page.content.decode())
        assert petition.sign_url in page.content.decode()
    tokens = [sign_form_token(visitor, petition) for visitor in visitors]
    assert len(set(tokens)) == 3
    for n, (visitor, token) in enumerate(zip(visitors, tokens, strict=True)):
        assert sign(visitor, petition, f"visitor{n}@example.org", token).status_code == 302
    assert Signature.objects.count() == 3


def test_a_page_template_holding_a_form_is_never_shared(client, monkeypatch, settings):
    """A site that puts the sign form on the petition's page: each visitor gets a render (and a
    token) of their own, and the page is not marked public for a CDN."""
    from wagtail_participation.petitions import views
    from wagtail_participation.petitions.models import PetitionPage

    settings.WAGTAIL_PARTICIPATION_PETITION_PAGE_CACHE_SECONDS = 60
    petition = make_petition()
    monkeypatch.setattr(
        PetitionPage,
        "get_template",
        lambda self, request, *a, **k: "testapp/petition_with_form.html",
    )
    renders = []
    render = views._render
    monkeypatch.setattr(views, "_render", lambda *a, **k: renders.append(1) or render(*a, **k))
    first, second = Client().get(petition.url), Client().get(petition.url)
    assert first.status_code == second.status_code == 200
    assert len(renders) == 2
    assert TOKEN.search(first.content.decode()).group(1) != TOKEN.search(
        second.content.decode()
    ).group(1)
    assert "public" not in first.get("Cache-Control", "") and "public" not in second.get(
        "Cache-Control", ""
    )


def test_the_shared_petition_page_is_still_shared(client, settings):
    from wagtail_participation.petitions import views

    settings.WAGTAIL_PARTICIPATION_PETITION_PAGE_CACHE_SECONDS = 60
    petition = make_petition()
    calls = []
    render = views._render
    views_render = lambda *a, **k: calls.append(1) or render(*a, **k)  # noqa: E731
    import unittest.mock

    with unittest.mock.patch.object(views, "_render", views_render):
        Client().get(petition.url)
        response = Client().get(petition.url)
    assert len(calls) == 1 and "public" in response["Cache-Control"]
