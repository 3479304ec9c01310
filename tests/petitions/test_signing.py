"""Signing: pending until the link is followed, one per mailbox, rate limits hold quietly."""

import datetime

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.test import override_settings
from django.utils import timezone

from tests.factories import post_form
from tests.petitions.factories import (
    add_signature,
    confirm,
    last_link,
    make_petition,
    make_petition_index,
    sign,
)
from wagtail_participation.petitions.models import PetitionState, PetitionTally, Signature
from wagtail_participation.petitions.signing import make_confirmation_token

pytestmark = pytest.mark.django_db


def tally(petition):
    row = PetitionTally.objects.filter(petition_id=petition.pk).first()
    return row.signatures if row else 0


def test_signature_counts_only_once_confirmed(client):
    petition = make_petition()
    response = sign(client, petition, "ann@example.org")
    assert response.status_code == 302 and response["Location"].endswith("/signed/")
    signature = Signature.objects.get()
    assert (
        signature.confirmed_at is None and signature.area == "RB1 2AB" and signature.wants_updates
    )
    assert tally(petition) == 0
    assert "Confirm your signature" in mail.outbox[0].subject
    response = confirm(client, last_link("ann@example.org"))
    assert response.status_code == 200 and b"Thank you for signing" in response.content
    assert tally(petition) == 1
    assert client.get(f"/participation/petitions/{petition.pk}/count.json").json()["count"] == 1


def test_get_on_the_link_does_not_confirm(client):
    """Mail scanners open links: only the button press confirms."""
    petition = make_petition()
    sign(client, petition, "ann@example.org")
    link = last_link()
    client.get("/" + link.split("://", 1)[1].split("/", 1)[1])
    assert Signature.objects.get().confirmed_at is None


def test_second_attempt_gets_the_same_screen_and_the_owner_an_email(client):
    petition = make_petition()
    first = sign(client, petition, "Ann.Lee@gmail.com")
    second = sign(client, petition, "annlee+again@googlemail.com", name="Someone else")
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Signature.objects.count() == 1
    assert "already signed" in mail.outbox[-1].subject
    # To the address that signed (the same mailbox): a link to a pending signature never goes
    # to an address merely recognised as the same.
    assert mail.outbox[-1].to == ["Ann.Lee@gmail.com"]
    # Still pending: the repeat email carries a working link.
    confirm(client, last_link("Ann.Lee@gmail.com"))
    assert tally(petition) == 1
    sent = len(mail.outbox)
    sign(client, petition, "ann.lee@gmail.com")
    assert len(mail.outbox) == sent  # the owner heard about a repeat within the hour: no more mail
    from django.core.cache import cache

    cache.clear()  # an hour later
    sign(client, petition, "ann.lee@gmail.com")
    assert "already confirmed" in mail.outbox[-1].body


def test_database_refuses_a_second_signature_for_one_mailbox():
    petition = make_petition()
    add_signature(petition, email="ann@gmail.com")
    with pytest.raises(IntegrityError), transaction.atomic():
        add_signature(petition, email="ANN+x@gmail.com")


def test_reused_forged_and_expired_links_get_a_clear_page(client):
    petition = make_petition()
    sign(client, petition, "ann@example.org")
    link = last_link()
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]
    assert client.post(path).status_code == 200
    reused = client.post(path)
    assert reused.status_code == 410 and b"already been used" in reused.content
    forged = client.get(path[:-3] + "xx/")
    assert forged.status_code == 400 and b"not valid" in forged.content
    other = add_signature(petition, email="bob@example.org", confirmed=False)
    token = make_confirmation_token(other)
    with override_settings(WAGTAIL_PARTICIPATION_PETITION_CONFIRM_LINK_MAX_AGE=0):
        import time

        time.sleep(1.01)
        expired = client.post(f"/participation/petitions/confirm/{token}/")
    assert expired.status_code == 410 and b"expired" in expired.content
    assert Signature.objects.get(pk=other.pk).confirmed_at is None
    assert tally(petition) == 1


def test_a_token_for_one_signature_never_confirms_another(client):
    petition = make_petition()
    first = add_signature(petition, email="a@example.org", confirmed=False)
    token = make_confirmation_token(first)
    first.delete()
    second = add_signature(petition, email="b@example.org", confirmed=False)
    response = client.post(f"/participation/petitions/confirm/{token}/")
    assert response.status_code == 400
    assert Signature.objects.get(pk=second.pk).confirmed_at is None


@override_settings(WAGTAIL_PARTICIPATION_PETITION_IP_LIMITS=[(2, 60)])
def test_signatures_over_the_ip_limit_are_held_not_refused(client):
    petition = make_petition()
    for n in range(3):
        response = sign(client, petition, f"person{n}@example.net")
        assert response.status_code == 302
    signatures = list(Signature.objects.order_by("pk"))
    assert [s.validity for s in signatures] == ["valid", "valid", "held"]
    for signature in signatures:
        confirm(client, last_link(signature.email))
    assert tally(petition) == 2


@override_settings(
    WAGTAIL_PARTICIPATION_PETITION_DOMAIN_LIMITS=[(1, 60)],
    WAGTAIL_PARTICIPATION_RATE_LIMITS=[(100, 60)],
)
def test_domain_limit_holds_but_common_providers_are_exempt(client):
    petition = make_petition()
    for n in range(2):
        sign(client, petition, f"p{n}@spam.example", REMOTE_ADDR=f"10.0.0.{n}")
        sign(client, petition, f"p{n}@gmail.com", REMOTE_ADDR=f"10.0.1.{n}")
    held = set(Signature.objects.filter(validity="held").values_list("email", flat=True))
    assert held == {"p1@spam.example"}


def test_form_errors_keep_what_was_typed(client):
    petition = make_petition()
    response = post_form(
        client, petition.sign_url, {"name": "Ann <script>", "email": "not-an-email"}
    )
    assert response.status_code == 400
    assert b"Enter a valid email address" in response.content
    assert b"Ann &lt;script&gt;" in response.content
    assert not Signature.objects.exists()


def test_control_characters_are_refused(client):
    petition = make_petition()
    response = post_form(
        client, petition.sign_url, {"name": "Ann\x00", "email": "ann@example.org", "area": "X"}
    )
    assert response.status_code == 400 and not Signature.objects.exists()


def test_a_link_followed_after_the_petition_closed_counts_nothing(client):
    petition = make_petition()
    sign(client, petition, "late@example.org")
    link = last_link()
    petition.closes_at = timezone.now() - datetime.timedelta(minutes=1)
    petition.save_revision().publish()
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]
    response = client.post(path)
    assert response.status_code == 410 and b"no longer takes signatures" in response.content
    assert Signature.objects.get().confirmed_at is None


def test_an_upcoming_petition_says_when_it_opens(client):
    petition = make_petition(opens_at=timezone.now() + datetime.timedelta(days=3))
    page = client.get(petition.url).content.decode()
    assert "takes signatures from" in page and "Open" in page and "is closed" not in page
    assert sign(client, petition, "early@example.org").status_code == 403


@override_settings(
    WAGTAIL_PARTICIPATION_PETITION_SIGN_RATE_LIMITS=[(3, 60)],
    WAGTAIL_PARTICIPATION_PETITION_IP_LIMITS=[(1, 60)],
)
def test_far_beyond_the_holding_limit_the_form_is_refused(client):
    petition = make_petition()
    codes = [sign(client, petition, f"p{n}@example.net").status_code for n in range(4)]
    assert codes == [302, 302, 302, 429]
    assert Signature.objects.filter(validity="held").count() == 2


def test_closed_and_unpublished_petitions_take_no_signatures(client):
    closed = make_petition(closes_at=timezone.now() - datetime.timedelta(days=1))
    response = sign(client, closed, "ann@example.org")
    assert response.status_code == 403 and not Signature.objects.exists()
    draft = make_petition(state=PetitionState.SPONSORING)
    draft.unpublish()
    assert client.get(draft.sign_url).status_code == 404


def test_rejected_petition_takes_no_signatures(client):
    petition = make_petition(state=PetitionState.REJECTED, rejection_reason="duplicate")
    assert sign(client, petition, "ann@example.org").status_code == 403
    page = client.get(petition.url)
    assert page.status_code == 200 and b"This petition was rejected" in page.content
    assert b"Sign this petition" not in page.content


def test_petition_page_is_cacheable_for_anonymous_visitors_and_leaks_no_names(client):
    petition = make_petition(paper_signatures=7)
    add_signature(petition, name="Very Private Person", email="private@example.org")
    from wagtail_participation.petitions.counts import recount

    recount(petition.pk)
    response = client.get(petition.url)
    assert response.status_code == 200
    assert "public" in response["Cache-Control"] and "max-age=60" in response["Cache-Control"]
    assert b"csrfmiddlewaretoken" not in response.content
    assert (
        b"Very Private" not in response.content and b"private@example.org" not in response.content
    )
    assert b">8</strong>" in response.content
    count = client.get(f"/participation/petitions/{petition.pk}/count.json").json()
    assert count == {"count": 8, "signatures": 1, "paper": 7}
    assert (
        b"private" not in client.get(f"/participation/petitions/{petition.pk}/count.json").content
    )


def test_count_endpoint_hides_unpublished_petitions(client):
    petition = make_petition(state=PetitionState.SPONSORING)
    assert client.get(f"/participation/petitions/{petition.pk}/count.json").status_code == 404
    assert client.get("/participation/petitions/99999999999999999999/count.json").status_code == 404


def test_count_endpoint_hides_restricted_petitions(client):
    """A petition behind a view restriction (on it or a page above it) has no public count: the
    endpoint gives everyone the same cached answer (found by the permission matrix)."""
    from django.core.cache import cache
    from wagtail.models import PageViewRestriction

    from wagtail_participation.petitions.counts import recount

    index = make_petition_index()
    petition, other = make_petition(index), make_petition()
    add_signature(petition)
    recount(petition.pk)
    url = f"/participation/petitions/{petition.pk}/count.json"
    assert client.get(url).json()["count"] == 1
    PageViewRestriction.objects.create(page=index, restriction_type=PageViewRestriction.LOGIN)
    recount(petition.pk)  # the cached payload is rebuilt by each count (and expires within seconds)
    assert client.get(url).status_code == 404
    cache.clear()
    assert client.get(url).status_code == 404
    assert client.get(f"/participation/petitions/{other.pk}/count.json").status_code == 200


def test_sign_form_is_prefilled_for_a_signed_in_resident(client):
    from tests.factories import ParticipantFactory, sign_in_client

    participant = ParticipantFactory(email="known@example.org", display_name="Known Resident")
    sign_in_client(client, participant)
    petition = make_petition()
    response = client.get(petition.sign_url)
    assert b"known@example.org" in response.content
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_the_form_posts_outside_the_page_tree_and_respects_view_restrictions(client):
    from wagtail.models import PageViewRestriction

    petition = make_petition()
    form = client.get(petition.sign_url).content.decode()
    action = f"/participation/petitions/{petition.pk}/sign/"
    assert f'action="{action}"' in form
    response = post_form(
        client, action, {"name": "Ann", "email": "ann@example.org", "area": "RB1 1AA"}
    )
    assert (
        response.status_code == 302
        and response["Location"] == f"/participation/petitions/{petition.pk}/signed/"
    )
    assert b"Check your email" in client.get(response["Location"]).content
    assert client.get(action)["Location"] == petition.sign_url
    PageViewRestriction.objects.create(
        page=petition, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    assert post_form(client, action, {"name": "Bo", "email": "bo@example.org"}).status_code == 404
    assert client.get(f"/participation/petitions/{petition.pk}/signed/").status_code == 404
    assert Signature.objects.count() == 1
    hidden = make_petition(state=PetitionState.HIDDEN)
    assert client.get(f"/participation/petitions/{hidden.pk}/signed/").status_code == 404
    assert client.get("/participation/petitions/99999999999999999999/sign/").status_code == 404
