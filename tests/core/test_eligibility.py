"""Eligibility (core.eligibility): each requirement, its refusal and what the resident can do."""

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.core.exceptions import ValidationError
from django.test import RequestFactory, override_settings

from tests.factories import ParticipantFactory, UserFactory, add_page
from tests.testapp.models import EligibleMethodPage
from wagtail_participation.core.eligibility import (
    AgeBand,
    CodeMode,
    code_entry_url,
    details_url,
    match_postcode,
    normalise_postcode,
    parse_area_rules,
    resident_area,
)
from wagtail_participation.core.models import Participant
from wagtail_participation.core.policy import Action, Reason, decide
from wagtail_participation.core.voting_codes import claim_held_code, generate_codes, hold_code

pytestmark = pytest.mark.django_db


def make_page(**fields):
    n = EligibleMethodPage.objects.count() + 1
    fields.setdefault("title", f"Vote {n}")
    fields.setdefault("slug", f"vote-{n}")
    return add_page(EligibleMethodPage(**fields))


def session_request(session=None):
    request = RequestFactory().get("/")
    request.session = session if session is not None else SessionStore()
    return request


def link_urls(decision):
    return [url for _label, url in decision.links]


# Postcode rules


def test_rules_parse_exact_prefix_range_and_named_areas():
    rules = parse_area_rules("# the council\nNorth: ab1*, AB2 3CD\n1000-2450\nSouth: 9*")
    assert [(r.kind, r.value, r.high, r.area) for r in rules] == [
        ("prefix", "AB1", "", "North"),
        ("exact", "AB23CD", "", "North"),
        ("range", "1000", "2450", ""),
        ("prefix", "9", "", "South"),
    ]
    assert match_postcode(rules, "ab1 9zz").area == "North"
    assert match_postcode(rules, "AB2 3CD").area == "North"
    assert match_postcode(rules, "ab2 3ce") is None
    assert match_postcode(rules, "2450").area == ""
    assert match_postcode(rules, "24500") is None  # a range holds numbers of its own length
    assert match_postcode(rules, "") is None
    assert normalise_postcode(" ab1-2 cd ") == "AB12CD"


@pytest.mark.parametrize("text", ["AB*1", "*", "2450-1000", "12-345", ": AB1", "ÄB!"])
def test_bad_rules_are_refused_with_a_message(text):
    with pytest.raises(ValidationError):
        parse_area_rules(text)


def test_page_validates_its_rules_and_codes():
    page = EligibleMethodPage(title="x", slug="x", eligibility_postcodes="AB*1")
    with pytest.raises(ValidationError) as error:
        page.clean()
    assert "eligibility_postcodes" in error.value.message_dict
    page = EligibleMethodPage(title="x", slug="x", eligibility_in_area=True)
    with pytest.raises(ValidationError) as error:
        page.clean()
    assert "eligibility_postcodes" in error.value.message_dict


@override_settings(WAGTAIL_PARTICIPATION_ELIGIBILITY_AREAS={"East": ["E1*"], "": ["E9 9ZZ"]})
def test_developer_rules_apply_when_the_editor_gives_none():
    page = make_page(eligibility_in_area=True)
    page.clean()
    assert page.area_for_postcode("E1 4AA") == "East"
    assert page.area_for_postcode("E9 9ZZ") == ""
    assert page.area_for_postcode("W1 1AA") is None
    assert ("East", "East") in page.voting_code_areas()
    # The editor's rules win over the developer's.
    page.eligibility_postcodes = "W1*"
    assert page.area_for_postcode("E1 4AA") is None


# Each requirement and its refusal


def test_no_requirements_changes_nothing():
    page = make_page()
    assert decide(None, Action.VOTE, page)


def test_signed_in():
    page = make_page(eligibility_sign_in=True)
    decision = decide(None, Action.VOTE, page)
    assert decision.reason == Reason.SIGN_IN_REQUIRED and decision.sign_in_helps
    assert "sign in" in decision.message.lower()
    assert decide(ParticipantFactory(), Action.VOTE, page)
    # Comments follow the page's own rule, not the eligibility rules.
    assert Action.COMMENT not in page.eligibility_actions


def test_confirmed_email():
    page = make_page(eligibility_confirmed_email=True)
    assert decide(None, Action.VOTE, page).reason == Reason.SIGN_IN_REQUIRED
    unverified = ParticipantFactory(verified_at=None)
    decision = decide(unverified, Action.VOTE, page)
    assert decision.reason == Reason.VERIFIED_EMAIL_REQUIRED and decision.sign_in_helps
    assert decide(ParticipantFactory(), Action.VOTE, page)
    # A site user whose address the site has not verified has no mailbox: refused.
    member = Participant.objects.create(user=UserFactory())
    decision = decide(member, Action.VOTE, page)
    assert decision.reason == Reason.VERIFIED_EMAIL_REQUIRED and not decision.sign_in_helps


def test_area():
    page = make_page(eligibility_postcodes="North: AB1*\nSouth: AB2*")
    assert decide(None, Action.VOTE, page).reason == Reason.SIGN_IN_REQUIRED
    decision = decide(ParticipantFactory(), Action.VOTE, page)
    assert decision.reason == Reason.POSTCODE_REQUIRED
    assert "postcode" in decision.message
    assert link_urls(decision) == [details_url(page.url)]
    decision = decide(ParticipantFactory(postcode="ZZ9 9ZZ"), Action.VOTE, page)
    assert decision.reason == Reason.OUTSIDE_AREA
    assert "outside" in decision.message and link_urls(decision) == [details_url(page.url)]
    resident = ParticipantFactory(postcode="ab2 1xy")
    assert decide(resident, Action.VOTE, page)
    assert resident_area(page, resident) == "South"


def test_age_band():
    page = make_page(eligibility_min_age_band=AgeBand.AGE_16_17)
    decision = decide(ParticipantFactory(), Action.VOTE, page)
    assert decision.reason == Reason.AGE_BAND_REQUIRED
    assert "age band" in decision.message and link_urls(decision) == [details_url(page.url)]
    decision = decide(ParticipantFactory(age_band=AgeBand.UNDER_16), Action.VOTE, page)
    assert decision.reason == Reason.TOO_YOUNG
    assert "16 or older" in decision.message
    assert decide(ParticipantFactory(age_band=AgeBand.AGE_16_17), Action.VOTE, page)
    assert decide(ParticipantFactory(age_band=AgeBand.AGE_75_PLUS), Action.VOTE, page)


def test_voting_code_required():
    page = make_page(eligibility_voting_codes=CodeMode.REQUIRED)
    decision = decide(None, Action.VOTE, page, request=session_request())
    assert decision.reason == Reason.VOTING_CODE_REQUIRED
    assert "voting code" in decision.message
    assert link_urls(decision) == [code_entry_url(page)]
    _batch, (code,) = generate_codes(page, 1)
    request = session_request()
    hold_code(request, page, code)
    assert decide(None, Action.VOTE, page, request=request)
    assert decide(None, Action.VOTE, page).reason == Reason.VOTING_CODE_REQUIRED  # no session
    # Another browser uses the code: this one's is used up.
    other = session_request()
    hold_code(other, page, code)
    claim_held_code(other, page)
    assert decide(None, Action.VOTE, page, request=other)  # its own claim: may see, change
    decision = decide(None, Action.VOTE, page, request=request)
    assert decision.reason == Reason.VOTING_CODE_USED
    assert "already been used" in decision.message and decision.links == ()


def test_voting_code_instead_of_the_other_requirements():
    page = make_page(
        eligibility_voting_codes=CodeMode.ACCEPTED,
        eligibility_confirmed_email=True,
        eligibility_postcodes="North: AB1*",
    )
    decision = decide(None, Action.VOTE, page, request=session_request())
    assert decision.reason == Reason.SIGN_IN_REQUIRED and decision.sign_in_helps
    assert link_urls(decision) == [code_entry_url(page)]  # or a code, instead of signing in
    _batch, (code,) = generate_codes(page, 1, area="North")
    request = session_request()
    hold_code(request, page, code)
    assert decide(None, Action.VOTE, page, request=request)
    assert resident_area(page, None, request) == "North"


def test_code_required_with_age_still_needs_the_age():
    page = make_page(
        eligibility_voting_codes=CodeMode.REQUIRED,
        eligibility_postcodes="AB1*",
        eligibility_min_age_band=AgeBand.AGE_18_24,
    )
    _batch, (code,) = generate_codes(page, 1)
    request = session_request()
    hold_code(request, page, code)
    assert decide(None, Action.VOTE, page, request=request).reason == Reason.SIGN_IN_REQUIRED
    adult = ParticipantFactory(age_band=AgeBand.AGE_25_34)  # no postcode: the code stands for it
    assert decide(adult, Action.VOTE, page, request=request)


def test_phase_comes_first():
    import datetime

    from django.utils import timezone

    page = make_page(
        eligibility_sign_in=True, closes_at=timezone.now() - datetime.timedelta(hours=1)
    )
    assert decide(None, Action.VOTE, page).reason == Reason.CLOSED


# The refusal page and the details form


def test_refusal_template_shows_the_links():
    from django.contrib.auth.models import AnonymousUser

    from wagtail_participation.core.policy import refuse

    page = make_page(eligibility_postcodes="AB1*", eligibility_voting_codes=CodeMode.ACCEPTED)
    request = session_request()
    request.user = AnonymousUser()
    decision = decide(ParticipantFactory(), Action.VOTE, page, request=request)
    html = refuse(request, decision).render().content.decode()
    assert "Give your postcode" in html and "Enter a voting code" in html
    assert code_entry_url(page) in html


def test_details_form_saves_postcode_and_age(client):
    from tests.factories import post_form, sign_in_client

    resident = ParticipantFactory()
    sign_in_client(client, resident)
    url = details_url("/vote-1/")
    assert client.get(url).status_code == 200
    response = post_form(
        client, url, {"postcode": " ab1 2cd ", "age_band": "18_24", "next": "/vote-1/"}
    )
    assert response.status_code == 302 and response["Location"] == "/vote-1/"
    resident.refresh_from_db()
    assert (resident.postcode, resident.age_band) == ("AB1 2CD", "18_24")
    bad = post_form(client, url, {"postcode": "x", "age_band": "nonsense"})
    assert bad.status_code == 400
    # Off-site next is ignored.
    response = post_form(client, url, {"postcode": "", "age_band": "", "next": "//evil.example"})
    assert "evil" not in response["Location"]


def test_details_form_needs_sign_in(client):
    response = client.get(details_url())
    assert response.status_code == 302 and "sign-in" in response["Location"]


# System checks of the settings


@pytest.mark.parametrize(
    "name, value",
    [
        ("ELIGIBILITY_AREAS", ["AB1*"]),
        ("ELIGIBILITY_AREAS", {"North": "AB1*"}),
        ("ELIGIBILITY_AREAS", {"North": ["AB*1"]}),
        ("VOTING_CODE_KEY", "short"),
        ("VOTING_CODE_KEY", 12345),
        ("VOTING_CODE_MAX_BATCH", 0),
        ("VOTING_CODE_RATE_LIMITS", "10/60"),
    ],
)
def test_invalid_eligibility_settings(name, value):
    from tests.core.test_checks import ids

    assert "wagtail_participation.E005" in ids(**{f"WAGTAIL_PARTICIPATION_{name}": value})


@pytest.mark.parametrize(
    "name, value",
    [
        ("ELIGIBILITY_AREAS", {"North": ["AB1*", "AB2 3CD"], "": ["1000-2450"]}),
        ("VOTING_CODE_KEY", "k" * 40),
        ("VOTING_CODE_MAX_BATCH", 5),
        ("VOTING_CODE_RATE_LIMITS", [(5, 60)]),
    ],
)
def test_valid_eligibility_settings_are_silent(name, value):
    from tests.core.test_checks import ids

    assert "wagtail_participation.E005" not in ids(**{f"WAGTAIL_PARTICIPATION_{name}": value})
