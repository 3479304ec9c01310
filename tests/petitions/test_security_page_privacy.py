"""Issue 22, item 2: a petition behind a view restriction shows nothing to visitors it does not
let in, wherever it appears (its block on another page, its URLs outside the page tree).

The attack: the petition block of a restricted petition, placed on a public page, showed its
request, its count and a sign button to everyone.
"""

import pytest
from django.test import Client

from tests.factories import post_form
from tests.page_privacy import KINDS, let_in, page_with_blocks, restrict
from tests.petitions.factories import add_signatures, make_petition, make_petition_index
from wagtail_participation.petitions.blocks import PetitionBlock
from wagtail_participation.petitions.models import Signature

pytestmark = pytest.mark.django_db


def restricted_petition(kind, restrict_index=False):
    index = make_petition_index()
    petition = make_petition(
        index, title=f"zqsecretpetition {kind}", request="zqsecretrequest: a velodrome"
    )
    add_signatures(petition, 2)
    restrict(index if restrict_index else petition, kind)
    return petition


@pytest.mark.parametrize("kind", KINDS)
def test_block_on_a_public_page_hides_a_restricted_petition(kind):
    petition = restricted_petition(kind)
    public = page_with_blocks(("petition", {"petition": petition, "heading": ""}))
    response = Client().get(public.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "zqsecret" not in html and petition.sign_url not in html
    member = let_in(Client(), petition, kind)
    html = member.get(public.url).content.decode()
    assert "zqsecretrequest" in html and petition.sign_url in html


@pytest.mark.parametrize("kind", KINDS)
def test_block_without_a_request_shows_no_restricted_petition(kind):
    petition = restricted_petition(kind, restrict_index=True)  # the restriction of an ancestor
    block = PetitionBlock()
    assert block.render(block.to_python({"petition": petition.pk, "heading": ""})).strip() == ""


@pytest.mark.parametrize("kind", KINDS)
def test_urls_outside_the_page_tree_follow_the_restriction(kind):
    petition = restricted_petition(kind)
    data = {"name": "Sam Signer", "email": "sam@example.org", "area": "RB1 2AB"}
    outsider = Client()
    assert (
        post_form(outsider, f"/participation/petitions/{petition.pk}/sign/", data).status_code
        == 404
    )
    assert outsider.get(f"/participation/petitions/{petition.pk}/signed/").status_code == 404
    assert outsider.get(f"/participation/petitions/{petition.pk}/count.json").status_code == 404
    assert not Signature.objects.filter(email="sam@example.org").exists()
    member = let_in(Client(), petition, kind)
    assert (
        post_form(member, f"/participation/petitions/{petition.pk}/sign/", data).status_code == 302
    )
    assert member.get(f"/participation/petitions/{petition.pk}/signed/").status_code == 200
