"""The signatures listing on core's listing base: filters, search, ``p`` and the export
declared once, following the listing's filters."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.petitions.factories import add_signature, make_petition, make_petition_index
from tests.petitions.test_admin import moderator_of
from wagtail_participation.petitions.admin import SignatureListing

pytestmark = pytest.mark.django_db

INDEX = "wagtail_participation_petitions_signature_modeladmin_index"
COLUMNS = [
    "Name",
    "Email",
    "Area",
    "Signed",
    "Confirmed",
    "Validity",
    "Supporter before publication",
    "Wants updates",
    "Wants newsletter",
    "IP address",
]


def listing(client, query=""):
    return client.get(reverse(INDEX) + query)


def test_the_listing_filters_by_petition_and_state_and_searches(admin_client):
    one, two = make_petition(), make_petition()
    add_signature(one, name="Held Person", email="held@example.net", validity="held")
    add_signature(one, name="Pending Person", confirmed=False)
    add_signature(two, name="Other Petition Signer")
    everything = listing(admin_client).content.decode()
    assert "Held Person" in everything and "Other Petition Signer" in everything
    mine = listing(admin_client, f"?petition={one.pk}").content.decode()
    assert "Held Person" in mine and "Other Petition Signer" not in mine
    pending = listing(admin_client, f"?petition={one.pk}&state=pending").content.decode()
    assert "Pending Person" in pending and "Held Person" not in pending
    found = listing(admin_client, "?q=held%40").content.decode()
    assert "Held Person" in found and "Pending Person" not in found
    assert listing(admin_client, "?name__startswith=H").status_code == 400


def test_pages_use_p(admin_client, monkeypatch):
    monkeypatch.setattr(SignatureListing, "list_per_page", 2)
    petition = make_petition()
    for n in range(3):
        add_signature(petition, name=f"Signer number {n}")
    first = listing(admin_client, f"?petition={petition.pk}").content.decode()
    second = listing(admin_client, f"?petition={petition.pk}&p=2").content.decode()
    assert first.count("Signer number") == 2 and second.count("Signer number") == 1


def test_the_export_follows_the_filters_in_both_formats(admin_client):
    one, two = make_petition(), make_petition()
    add_signature(one, name='=HYPERLINK("http://evil")', email="formula@example.org")
    add_signature(one, name="Held Person", validity="held")
    add_signature(two, name="Other Petition Signer")
    response = listing(admin_client, f"?petition={one.pk}&export=csv")
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    lines = body.splitlines()
    assert lines[0] == ",".join(COLUMNS)
    assert "'=HYPERLINK" in body and "Other Petition Signer" not in body and len(lines) == 3
    assert f"petition-{one.pk}-signatures.csv" in response["Content-Disposition"]
    held = listing(admin_client, f"?petition={one.pk}&state=held&export=xlsx")
    sheet = load_workbook(io.BytesIO(b"".join(held.streaming_content))).active
    rows = list(sheet.values)
    assert list(rows[0]) == COLUMNS and [row[0] for row in rows[1:]] == ["Held Person"]


def test_a_moderator_sees_only_the_signatures_of_petitions_they_moderate(client):
    mine_index, their_index = make_petition_index(), make_petition_index()
    mine, theirs = make_petition(mine_index), make_petition(their_index)
    add_signature(mine, name="Visible Signer")
    add_signature(theirs, name="Hidden Signer")
    client.force_login(moderator_of(mine_index))
    page = listing(client).content.decode()
    assert "Visible Signer" in page and "Hidden Signer" not in page
    denied = listing(client, f"?petition={theirs.pk}")
    assert denied.status_code in (302, 403) and b"Hidden Signer" not in denied.content
    export = listing(client, "?export=csv")
    assert "Hidden Signer" not in b"".join(export.streaming_content).decode("utf-8-sig")


def test_the_petition_s_address_is_the_listing_filtered_to_it(admin_client):
    petition = make_petition()
    add_signature(petition, name="Shown Signer")
    page = admin_client.get(
        reverse("wagtail_participation_petitions_admin:signatures", args=[petition.pk])
    ).content.decode()
    assert "Shown Signer" in page and "Back to the petition" in page
    assert "export=xlsx" in page and f"petition={petition.pk}" in page
