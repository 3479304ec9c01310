"""A site's own petition pages, built from the package's mixins, get every view, tool and
block (issue 13, item 6): ``tests.testapp``'s ``SitePetitionIndexPage`` and ``SitePetitionPage``."""

import datetime
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.test import Client, override_settings
from wagtail.models import Page

from tests.factories import ParticipantFactory, add_page, post_form, sign_in_client
from tests.petitions.factories import add_signature, add_signatures, confirm, last_link, sign
from tests.testapp.models import SitePetitionIndexPage, SitePetitionPage
from wagtail_participation.petitions.blocks import PetitionBlock
from wagtail_participation.petitions.counts import recount
from wagtail_participation.petitions.models import (
    PetitionPage,
    PetitionState,
    PetitionTally,
    Signature,
    get_petition,
)

pytestmark = pytest.mark.django_db

START = {
    "request": "Plant more trees on Mill Street",
    "background": "It is hot and grey in summer.",
    "details": "",
    "name": "Ann Creator",
    "area": "RB1 1AA",
}


def site_index(**fields):
    fields.setdefault("title", "Our petitions")
    fields.setdefault("slug", "our-petitions")
    return add_page(SitePetitionIndexPage(**fields))


def site_petition(index=None, **fields):
    index = index or site_index()
    n = SitePetitionPage.objects.count() + 1
    fields.setdefault("title", f"Light the towpath {n}")
    fields.setdefault("slug", f"towpath-{n}")
    fields.setdefault("request", "Light the canal towpath at night.")
    fields.setdefault("background", "It is dark after four in winter.")
    return add_page(SitePetitionPage(**fields), parent=index)


def admin_url(petition, tool):
    suffix = "signatures.csv" if tool == "export" else f"{tool}/"
    return f"/admin/participation/petitions/{petition.pk}/{suffix}"


def test_the_index_lists_the_site_s_petitions(client):
    index = site_index()
    petition = site_petition(index)
    page = client.get(index.url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "A site's own petitions index" in html and petition.title in html
    assert list(index.petitions()) == [petition]
    assert isinstance(index.petitions().first(), SitePetitionPage)


def test_sign_confirm_and_count(client):
    petition = site_petition(response_threshold=10)
    detail = client.get(petition.url)
    assert detail.status_code == 200 and b"A site's own petition page" in detail.content
    assert sign(client, petition, "ann@example.org").status_code == 302
    assert client.get(f"/participation/petitions/{petition.pk}/signed/").status_code == 200
    assert confirm(Client(), last_link("ann@example.org")).status_code == 200
    assert Signature.objects.counted().get().petition_id == petition.pk
    assert PetitionTally.objects.get(petition_id=petition.pk).signatures == 1
    assert petition.count() == 1
    count = client.get(f"/participation/petitions/{petition.pk}/count.json")
    assert count.status_code == 200 and count.json()["count"] == 1
    # Signing by id (the form's action) works for the site's page type too.
    response = post_form(
        Client(),
        f"/participation/petitions/{petition.pk}/sign/",
        {"name": "Bo", "email": "bo@example.org", "area": "RB1 1AA"},
    )
    assert response.status_code == 302


@override_settings(WAGTAIL_PARTICIPATION_PETITION_SPONSORS_REQUIRED=1)
def test_a_resident_starts_a_petition_of_the_site_s_type(client):
    index = site_index()
    creator = ParticipantFactory(email="creator@example.org")
    sign_in_client(client, creator)
    response = post_form(client, index.start_url, START)
    assert response.status_code == 302
    petition = SitePetitionPage.objects.get()
    assert not PetitionPage.objects.exists()
    assert petition.state == PetitionState.SPONSORING and petition.creator == creator
    assert str(petition.sponsor_key) in response["Location"]
    assert client.get(response["Location"]).status_code == 200
    # A supporter signs through the link; the petition goes to moderation.
    supporter = Client()
    post_form(
        supporter,
        "/" + last_link("creator@example.org").split("://", 1)[1].split("/", 1)[1],
        {"name": "Sam", "email": "sam@example.org", "area": "RB1 1AB"},
    )
    confirm(supporter, last_link("sam@example.org"))
    petition.refresh_from_db()
    assert petition.state == PetitionState.MODERATION
    # Published by a moderator: it opens.
    petition.save_revision().publish()
    petition.refresh_from_db()
    assert petition.state == PetitionState.OPEN and petition.live
    assert any("is published" in m.subject for m in mail.outbox)


def test_staff_tools_work_on_the_site_s_petition(admin_client):
    petition = site_petition()
    for n in range(3):
        add_signature(
            petition,
            name=f"Bot {n}",
            area=f"RB1 {n}AA",
            ip_address="10.0.0.1",
            email=f"b{n}@x.example",
        )
    add_signatures(petition, 2)
    listing = admin_client.get(admin_url(petition, "signatures"))
    assert listing.status_code == 200 and b"Bot 0" in listing.content
    export = admin_client.get(admin_url(petition, "export"))
    body = b"".join(export.streaming_content).decode("utf-8-sig")
    assert body.splitlines()[0].startswith("Name,Email,Area") and "b0@x.example" in body
    assert b"RB1" in admin_client.get(admin_url(petition, "areas")).content
    assert b"10.0.0.1" in admin_client.get(admin_url(petition, "trending")).content
    editor = admin_client.get(f"/admin/pages/{petition.pk}/edit/").content.decode()
    assert admin_url(petition, "signatures") in editor

    preview = admin_client.post(admin_url(petition, "invalidate"), {"ip_address": "10.0.0.1"})
    assert b"3 signatures match" in preview.content
    fingerprint = re.search(rb'name="confirm" value="([0-9a-f]+)"', preview.content).group(1)
    done = admin_client.post(
        admin_url(petition, "invalidate"),
        {"ip_address": "10.0.0.1", "confirm": fingerprint.decode()},
    )
    assert done.status_code == 302
    assert PetitionTally.objects.get(petition_id=petition.pk).signatures == 2

    response = admin_client.post(admin_url(petition, "reject"), {"reason": "offensive"})
    assert response.status_code == 302
    petition.refresh_from_db()
    assert petition.state == PetitionState.HIDDEN and not petition.live


def test_the_council_responds_and_signers_hear_of_it():
    petition = site_petition()
    add_signature(petition, email="yes@example.org", wants_updates=True)
    recount(petition.pk)
    petition.response = "<p>We will light it from May.</p>"
    petition.response_date = datetime.date.today()
    petition.save_revision().publish()
    sent = [m for m in mail.outbox if "has responded" in m.subject]
    assert [m.to for m in sent] == [["yes@example.org"]]


def test_the_block_and_the_count_endpoint_show_the_site_s_petition(client, rf):
    petition = site_petition()
    add_signatures(petition, 2)
    block = PetitionBlock()
    assert petition.__class__ in block.child_blocks["petition"].target_models
    value = block.to_python({"petition": petition.pk, "heading": ""})
    request = rf.get("/")
    request.user = AnonymousUser()
    html = block.render(value, context={"request": request})
    assert petition.title in html or petition.request in html
    assert f"/participation/petitions/{petition.pk}/count.json" in html
    assert client.get(f"/participation/petitions/{petition.pk}/count.json").json()["count"] == 2


def test_lookups_resolve_the_site_s_page_type():
    petition = site_petition()
    found = get_petition(pk=petition.pk)
    assert type(found) is SitePetitionPage and found.request == petition.request
    assert found.title == petition.title
    assert get_petition(pk=Page.get_first_root_node().pk) is None
