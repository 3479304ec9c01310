"""Petition emails link to the site's configured address, whatever Host the signer's request named.

The attack (issue 22, item 17): sign, sign again, or start a petition with ``Host: evil.example``.
The confirmation link (a bearer token that counts a signature) and the supporters' link went to
evil.example.
"""

import datetime
import re

import pytest
from django.core import mail

from tests.factories import ParticipantFactory, post_form, sign_in_client
from tests.petitions.factories import add_signature, make_petition, make_petition_index

pytestmark = pytest.mark.django_db
EVIL = "evil.example"
BASE = "http://testserver/"  # WAGTAILADMIN_BASE_URL in the test settings


def links_to(address):
    messages = [m for m in mail.outbox if address in m.to]
    assert messages, f"nothing emailed to {address}"
    return re.findall(r"https?://\S+", messages[-1].body), messages[-1]


def test_confirmation_link_ignores_a_forged_host(client):
    petition = make_petition()
    response = post_form(
        client,
        petition.url + petition.reverse_subpage("sign"),
        {"name": "Ann", "email": "ann@example.org", "area": "RB1 2AB"},
        HTTP_HOST=EVIL,
    )
    assert response.status_code == 302
    links, message = links_to("ann@example.org")
    assert [link for link in links if "/petitions/confirm/" in link]
    assert all(link.startswith(BASE) for link in links), links
    assert EVIL not in message.body


def test_the_link_re_sent_to_a_repeat_signer_ignores_a_forged_host(client):
    petition = make_petition()
    add_signature(petition, email="bob@example.org", confirmed=False)
    post_form(
        client,
        f"/participation/petitions/{petition.pk}/sign/",
        {"name": "Bob", "email": "bob@example.org", "area": "RB1 2AB"},
        HTTP_HOST=EVIL,
    )
    links, message = links_to("bob@example.org")
    assert links and all(link.startswith(BASE) for link in links), links
    assert EVIL not in message.body


def test_supporters_link_ignores_a_forged_host(client):
    index = make_petition_index(allow_resident_petitions=True)
    sign_in_client(client, ParticipantFactory(email="creator@example.org"))
    response = post_form(
        client,
        index.start_url,
        {
            "request": "Plant more trees on Mill Street",
            "background": "It is hot and grey in summer.",
            "details": "",
            "name": "Ann Creator",
            "area": "RB1 1AA",
        },
        HTTP_HOST=EVIL,
    )
    assert response.status_code == 302
    links, message = links_to("creator@example.org")
    assert [link for link in links if "/petitions/support/" in link]
    assert all(link.startswith(BASE) for link in links), links
    assert EVIL not in message.body
    page = client.get(response["Location"], HTTP_HOST=EVIL)
    assert EVIL.encode() not in page.content


def test_response_email_links_to_the_configured_address():
    petition = make_petition()
    add_signature(petition, email="yes@example.org", wants_updates=True)
    petition.response = "<p>We will open on Sundays.</p>"
    petition.response_date = datetime.date.today()
    petition.save_revision().publish()
    links, _message = links_to("yes@example.org")
    assert links and all(link.startswith(BASE) for link in links), links
