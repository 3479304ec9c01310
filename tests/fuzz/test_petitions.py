"""Generated input against petitions: sign, support, start, confirm, the count endpoint."""

import uuid

import pytest
from django.core import mail
from hypothesis import given
from hypothesis import strategies as st

from tests.factories import ParticipantFactory, sign_in_client
from tests.petitions.factories import add_signature, make_petition, make_petition_index
from wagtail_participation.core.conf import settings
from wagtail_participation.petitions.models import PetitionPage, PetitionState, Signature
from wagtail_participation.petitions.signing import make_confirmation_token as make_token

from .checks import assert_clean_mail, assert_clean_text, assert_no_server_error, last_pk, new_rows
from .helpers import antispam, is_spam, send
from .strategies import form_data, text_value, value_for

pytestmark = pytest.mark.django_db

SIGNER = {
    "name": value_for(["Ann Lee"]),
    "email": value_for(
        ["ann@example.org", "Ann.Lee+x@GMAIL.com", "a@b", "ann@ｇmail.com", "ann@xn--zz.example"]
    ),
    "area": value_for(["RB1 2AB", "rb12ab", ""]),
    "wants_updates": value_for(["on"]),
    "wants_newsletter": value_for(["on"]),
}


@pytest.fixture
def petition_world(client):
    index = make_petition_index(allow_resident_petitions=True)
    petition = make_petition(index)
    creator = ParticipantFactory()
    sponsoring = make_petition(index, state=PetitionState.SPONSORING, creator=creator, live=False)
    return {"index": index, "petition": petition, "sponsoring": sponsoring}


def assert_clean_signatures(since):
    for signature in new_rows(Signature, since):
        assert_clean_text(signature.name, limit=120, what="signer's name")
        assert_clean_text(signature.email, limit=254, what="signer's email")
        assert_clean_text(signature.area, limit=80, what="area")
        assert signature.name and signature.email


@given(
    data=form_data(SIGNER),
    spam=antispam(),
    where=st.sampled_from(["by_id", "page", "sponsor", "sponsor_unknown", "missing"]),
)
def test_sign_and_support(
    client, petition_world, run_on_commit, failed_tasks, fuzz_cases, data, spam, where
):
    fuzz_cases()
    petition, sponsoring = petition_world["petition"], petition_world["sponsoring"]
    url = {
        "by_id": f"/participation/petitions/{petition.pk}/sign/",
        "page": petition.url + petition.reverse_subpage("sign") if petition.url else "/",
        "sponsor": f"/participation/petitions/support/{sponsoring.sponsor_key}/",
        "sponsor_unknown": f"/participation/petitions/support/{uuid.uuid4()}/",
        "missing": f"/participation/petitions/{2**70}/sign/",
    }[where]
    since, outbox = last_pk(Signature), len(mail.outbox)
    response = run_on_commit(send, client, "post", url, {**data, **spam})
    assert_no_server_error(response)
    assert not failed_tasks
    assert_clean_mail(outbox)
    if new_rows(Signature, since).exists():
        assert not is_spam({**data, **spam})
    assert_clean_signatures(since)


@given(
    data=form_data(
        {
            "request": text_value,
            "background": text_value,
            "details": text_value,
            "name": text_value,
            "area": value_for(["RB1 2AB"]),
        }
    ),
    spam=antispam(),
    verified=st.booleans(),
)
def test_start_petition(
    client, petition_world, run_on_commit, failed_tasks, fuzz_cases, data, spam, verified
):
    fuzz_cases()
    from django.utils import timezone

    resident = ParticipantFactory(verified_at=timezone.now() if verified else None)
    sign_in_client(client, resident)
    index = petition_world["index"]
    since, signatures, outbox = last_pk(PetitionPage), last_pk(Signature), len(mail.outbox)
    response = run_on_commit(
        send, client, "post", index.url + index.reverse_subpage("start"), {**data, **spam}
    )
    assert_no_server_error(response)
    assert not failed_tasks
    assert_clean_mail(outbox)
    for petition in new_rows(PetitionPage, since):
        assert verified and not is_spam({**data, **spam})
        assert_clean_text(petition.title, limit=settings.PETITION_REQUEST_MAX_LENGTH, what="title")
        assert_clean_text(
            petition.request, limit=settings.PETITION_REQUEST_MAX_LENGTH, what="request"
        )
        assert_clean_text(
            petition.background,
            multiline=True,
            limit=settings.PETITION_BACKGROUND_MAX_LENGTH,
            what="background",
        )
        assert_clean_text(
            petition.details,
            multiline=True,
            limit=settings.PETITION_DETAILS_MAX_LENGTH,
            what="details",
        )
        assert_clean_text(petition.creator_name, limit=120, what="creator's name")
        # The supporters' link shows what was stored.
        assert send(client, "get", response["Location"]).status_code == 200
    assert_clean_signatures(signatures)


@given(
    token=st.one_of(
        text_value.filter(lambda t: t.strip() and "/" not in t),
        st.sampled_from(["valid", "sponsor"]),
    ),
    method=st.sampled_from(["get", "post"]),
    name=text_value,
)
def test_confirm(client, petition_world, run_on_commit, fuzz_cases, token, method, name):
    fuzz_cases()
    from urllib.parse import quote

    if token in ("valid", "sponsor"):
        petition = petition_world["petition" if token == "valid" else "sponsoring"]
        signature = add_signature(
            petition, confirmed=False, name=name[:120] or "x", sponsor=token == "sponsor"
        )
        token = make_token(signature)
    response = run_on_commit(
        send, client, method, f"/participation/petitions/confirm/{quote(token, safe='')}/"
    )
    assert_no_server_error(response)


@given(
    petition_id=st.one_of(st.integers(min_value=0, max_value=2**80), st.just(-1)),
    which=st.booleans(),
    query=st.sampled_from(["", "?callback=alert", "?count=1&count=2"]),
)
def test_count_json(client, petition_world, fuzz_cases, petition_id, which, query):
    fuzz_cases()
    if which:
        petition_id = petition_world["petition"].pk
    response = send(client, "get", f"/participation/petitions/{petition_id}/count.json{query}")
    assert_no_server_error(response)
    if response.status_code == 200:
        assert response["Content-Type"] == "application/json"
        assert set(response.json()) == {"count", "signatures", "paper"}
    for path in (f"/participation/petitions/{petition_id}/signed/",):
        assert_no_server_error(send(client, "get", path))
