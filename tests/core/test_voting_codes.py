"""Voting codes (core.voting_codes): generated, stored hashed, held, claimed once; the code-entry
page and the admin's letters and CSV."""

import csv
import io
import time
import types

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection, transaction
from django.test import Client, RequestFactory, override_settings
from wagtail.models import GroupPagePermission, PageLogEntry

from tests.factories import ParticipantFactory, UserFactory, add_page, post_form
from tests.testapp.models import EligibleMethodPage
from wagtail_participation.core.eligibility import CodeMode, code_entry_url
from wagtail_participation.core.models import VotingCode, VotingCodeBatch
from wagtail_participation.core.voting_codes import (
    ALPHABET,
    CodeAlreadyUsed,
    CodeNotHeld,
    CodeWrongArea,
    InvalidCode,
    check_code,
    claim_code,
    claim_held_code,
    code_digest,
    format_code,
    generate_codes,
    held_code,
    held_code_claimed_here,
    hold_code,
    normalise_code,
    qr_svg,
)

pytestmark = pytest.mark.django_db


def code_page(**fields):
    n = EligibleMethodPage.objects.count() + 1
    fields.setdefault("title", f"Budget {n}")
    fields.setdefault("slug", f"budget-{n}")
    fields.setdefault("eligibility_voting_codes", CodeMode.REQUIRED)
    return add_page(EligibleMethodPage(**fields))


def session_request():
    request = RequestFactory().get("/")
    request.session = SessionStore()
    return request


def test_codes_are_random_readable_and_formatted():
    page = code_page()
    batch, codes = generate_codes(page, 50, area="North", note="posted 4 May")
    assert batch.size == 50 and batch.area == "North" and len(set(codes)) == 50
    for code in codes:
        assert len(code) == 14 and code.count("-") == 2
        assert set(normalise_code(code)) <= set(ALPHABET)
    assert normalise_code(" abcd efgh-jkmn ") == "ABCDEFGHJKMN"
    assert format_code("abcdefghjkmn") == "ABCD-EFGH-JKMN"
    assert VotingCode.objects.filter(batch=batch, area="North").count() == 50


def test_codes_are_stored_hashed_never_plain():
    page = code_page()
    _batch, codes = generate_codes(page, 20)
    with connection.cursor() as cursor:
        table = VotingCode._meta.db_table
        cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 - the model's own table name
        rows = cursor.fetchall()
    dump = repr(rows)
    assert len(rows) == 20
    for code in codes:
        assert code not in dump and normalise_code(code) not in dump
        assert code.lower() not in dump.lower()
        assert code_digest(page, code) in dump  # HMAC-SHA256, hex
    assert all(len(VotingCode.objects.get(digest=code_digest(page, c)).digest) == 64 for c in codes)
    # The key decides the hash: another key, another digest (and the code no longer matches).
    with override_settings(WAGTAIL_PARTICIPATION_VOTING_CODE_KEY="another key"):
        assert code_digest(page, codes[0]) not in dump
        with pytest.raises(InvalidCode):
            check_code(page, codes[0])


def test_a_code_is_for_its_page_only():
    page, other = code_page(), code_page()
    _batch, (code,) = generate_codes(page, 1)
    assert check_code(page, code.lower().replace("-", " "))
    with pytest.raises(InvalidCode):
        check_code(other, code)
    for junk in ["", "x" * 10000, "ABCD-EFGH-JKM0", "\x00" * 12, None]:
        with pytest.raises(InvalidCode):
            check_code(page, junk)


def test_claim_once_and_explain_why_not():
    page = code_page()
    _batch, (code, north) = generate_codes(page, 2)
    VotingCode.objects.filter(digest=code_digest(page, north)).update(area="North")
    resident = ParticipantFactory()
    with transaction.atomic():
        row = claim_code(page, code, participant=resident)
    assert row.claimed_at is not None and row.claimed_by == resident
    with pytest.raises(CodeAlreadyUsed) as error:
        claim_code(page, code)
    assert "already been used" in error.value.message
    with pytest.raises(CodeWrongArea):
        claim_code(page, north, area="South")
    with pytest.raises(InvalidCode):
        claim_code(page, "ABCD-EFGH-JKMN")
    assert claim_code(page, north, area="North").area == "North"


def test_a_claim_rolls_back_with_the_vote():
    page = code_page()
    _batch, (code,) = generate_codes(page, 1)

    class VoteFailed(Exception):
        pass

    with pytest.raises(VoteFailed), transaction.atomic():
        claim_code(page, code)
        raise VoteFailed
    assert check_code(page, code).claimed_at is None  # free again
    with transaction.atomic():
        claim_code(page, code)
    with pytest.raises(CodeAlreadyUsed):
        check_code(page, code)


def test_held_code_in_the_session():
    page = code_page()
    _batch, (code,) = generate_codes(page, 1, area="North")
    request = session_request()
    with pytest.raises(CodeNotHeld):
        claim_held_code(request, page)
    hold_code(request, page, code)
    assert code not in repr(dict(request.session)) and normalise_code(code) not in repr(
        dict(request.session)
    )
    assert held_code(request, page).area == "North"
    with transaction.atomic():
        claim_held_code(request, page)
    assert held_code_claimed_here(request, page)
    with pytest.raises(CodeAlreadyUsed):
        claim_held_code(request, page)
    other = session_request()
    with pytest.raises(CodeAlreadyUsed):
        hold_code(other, page, code)


# The code-entry page


def test_code_entry_page(client):
    page = code_page()
    _batch, (code, _unused) = generate_codes(page, 2)
    url = code_entry_url(page)
    response = client.get(code_entry_url(page, code))
    assert response.status_code == 200 and response["Referrer-Policy"] == "same-origin"
    html = response.content.decode()
    assert f'value="{code}"' in html and "Enter your voting code" in html
    bad = post_form(client, url, {"code": "ABCD-EFGH-JKMN"})
    assert bad.status_code == 400 and "not valid here" in bad.content.decode()
    good = post_form(client, url, {"code": code.lower()})
    assert good.status_code == 302 and good["Location"] == page.url
    with transaction.atomic():
        claim_code(page, code)
    used = post_form(Client(), url, {"code": code})
    assert used.status_code == 400 and "already been used" in used.content.decode()


@pytest.mark.parametrize(
    "data",
    [{}, {"code": ""}, {"code": "x" * 5000}, {"code": "\x00\x01"}, {"code": ["a", "b"]}],
)
def test_code_entry_never_fails_on_bad_input(client, data):
    page = code_page()
    assert post_form(client, code_entry_url(page), data).status_code == 400


def test_code_entry_only_for_pages_taking_codes(client):
    assert client.get(code_entry_url(code_page(eligibility_voting_codes=""))).status_code == 404
    assert client.get("/participation/voting-code/999999/").status_code == 404
    assert client.get("/participation/voting-code/x/").status_code == 404
    draft = code_page()
    draft.unpublish()
    assert client.get(code_entry_url(draft)).status_code == 404


@override_settings(WAGTAIL_PARTICIPATION_VOTING_CODE_RATE_LIMITS=[(3, 60)])
def test_code_entry_is_rate_limited(client, monkeypatch):
    frozen = time.time()
    monkeypatch.setattr(
        "wagtail_participation.core.antispam.time", types.SimpleNamespace(time=lambda: frozen)
    )
    page = code_page()
    for _ in range(3):
        assert post_form(client, code_entry_url(page), {"code": "AAAA"}).status_code == 400
    assert post_form(client, code_entry_url(page), {"code": "AAAA"}).status_code == 429


def test_qr_svg_is_inline_svg():
    svg = qr_svg("https://example.org/participation/voting-code/1/?code=ABCD-EFGH-JKMN")
    assert svg.startswith("<svg") and "viewBox" in svg and "<?xml" not in svg


# Admin


def publisher_of(page, name):
    group = Group.objects.create(name=name)
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in ("change_page", "publish_page"):
        GroupPagePermission.objects.create(
            group=group, page=page, permission=Permission.objects.get(codename=codename)
        )
    user = UserFactory(username=name)
    user.groups.add(group)
    client = Client()
    client.force_login(user)
    return client


def editor_of(page, name):
    group = Group.objects.create(name=name)
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    GroupPagePermission.objects.create(
        group=group, page=page, permission=Permission.objects.get(codename="change_page")
    )
    user = UserFactory(username=name)
    user.groups.add(group)
    client = Client()
    client.force_login(user)
    return client


ADMIN = "/admin/participation/voting-codes/"


def test_publishers_generate_letters():
    page = code_page(title="City budget", eligibility_postcodes="North: AB1*\nSouth: AB2*")
    client = publisher_of(page, "pub")
    dashboard = client.get("/admin/").content.decode()
    assert ADMIN in dashboard  # the Participation menu's item
    assert "City budget" in client.get(ADMIN).content.decode()
    form = client.get(f"{ADMIN}{page.pk}/generate/")
    assert form.status_code == 200 and "South" in form.content.decode()
    response = client.post(
        f"{ADMIN}{page.pk}/generate/",
        {"area": "North", "count": 3, "output": "letters", "letter_text": "Vote by 1 June"},
    )
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert html.count('class="wp-letter"') == 3 and html.count("<svg") == 3
    assert "Vote by 1 June" in html and "letters.css" in html
    batch = VotingCodeBatch.objects.get(page_id=page.pk)
    assert batch.area == "North" and batch.size == 3
    entry = PageLogEntry.objects.get(
        page=page, action="wagtail_participation.voting_codes_generated"
    )
    assert entry.data["count"] == 3 and "3 voting codes" in entry.message
    # Each code in the letters works, and is for the area chosen.
    codes = [line.split(">")[1].split("<")[0] for line in html.split('class="wp-letter-code"')[1:]]
    assert len(codes) == 3 and all(check_code(page, code).area == "North" for code in codes)
    # The QR code links to the code-entry page with the code filled in.
    from wagtail_participation.core.links import absolute_url

    assert qr_svg(absolute_url(code_entry_url(page, codes[0]), page=page)) in html


def test_publishers_download_a_csv():
    page = code_page()
    client = publisher_of(page, "pub")
    response = client.post(f"{ADMIN}{page.pk}/generate/", {"area": "", "count": 4, "output": "csv"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["code", "area", "address"] and len(rows) == 5
    assert all(check_code(page, row[0]) for row in rows[1:])
    assert rows[1][2].endswith(code_entry_url(page, rows[1][0]))


def test_generate_form_errors_and_limits():
    page = code_page()
    client = publisher_of(page, "pub")
    for data in [
        {"area": "", "count": 0, "output": "csv"},
        {"area": "", "count": "many", "output": "csv"},
        {"area": "Nowhere", "count": 2, "output": "csv"},
        {"area": "", "count": 2, "output": "fax"},
    ]:
        assert client.post(f"{ADMIN}{page.pk}/generate/", data).status_code == 400
    with override_settings(WAGTAIL_PARTICIPATION_VOTING_CODE_MAX_BATCH=5):
        data = {"area": "", "count": 6, "output": "csv"}
        assert client.post(f"{ADMIN}{page.pk}/generate/", data).status_code == 400
    assert not VotingCode.objects.exists()


def test_only_publishers_generate():
    page, other = code_page(), code_page()
    editor = editor_of(page, "ed")
    assert ADMIN not in editor.get("/admin/").content.decode()
    for response in [
        editor.get(f"{ADMIN}{page.pk}/generate/"),
        editor.post(f"{ADMIN}{page.pk}/generate/", {"area": "", "count": 2, "output": "csv"}),
        publisher_of(page, "pub").post(
            f"{ADMIN}{other.pk}/generate/", {"area": "", "count": 2, "output": "csv"}
        ),
    ]:
        assert response.status_code in (302, 403)
    assert not VotingCode.objects.exists()
    assert "Budget" not in editor.get(ADMIN).content.decode().split("<main")[-1]


def test_withdraw_unused_codes():
    page = code_page()
    batch, (used, unused) = generate_codes(page, 2)
    claim_code(page, used)
    client = publisher_of(page, "pub")
    response = client.post(f"{ADMIN}batches/{batch.pk}/withdraw/")
    assert response.status_code == 302
    assert VotingCode.objects.filter(batch=batch).count() == 1
    with pytest.raises(InvalidCode):
        check_code(page, unused)
    assert editor_of(page, "ed").post(f"{ADMIN}batches/{batch.pk}/withdraw/").status_code in (
        302,
        403,
    )
