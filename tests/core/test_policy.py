"""The resident policy (core.policy): may this resident do this on this page now, and why not."""

import datetime

import pytest
from django.test import RequestFactory
from django.utils import timezone

from tests.factories import ParticipantFactory, UserFactory, make_method_page
from wagtail_participation.core.models import AccessRequirement, Participant
from wagtail_participation.core.phases import Phase
from wagtail_participation.core.policy import (
    ALLOWED,
    PAGE_REASONS,
    Action,
    Decision,
    PolicyMixin,
    Reason,
    decide,
    default_message,
    page_decision,
    refuse,
    requirement_reason,
)

pytestmark = pytest.mark.django_db
HOUR = datetime.timedelta(hours=1)


def site_user_participant(**fields):
    return Participant.objects.create(user=UserFactory(), **fields)


def test_requirements():
    resident, unverified = ParticipantFactory(), ParticipantFactory(verified_at=None)
    member = site_user_participant()
    assert requirement_reason(None, AccessRequirement.ANYONE) is None
    assert requirement_reason(None, AccessRequirement.VERIFIED_EMAIL) == Reason.SIGN_IN_REQUIRED
    assert requirement_reason(None, AccessRequirement.SITE_LOGIN) == Reason.SIGN_IN_REQUIRED
    assert requirement_reason(resident, AccessRequirement.VERIFIED_EMAIL) is None
    assert (
        requirement_reason(unverified, AccessRequirement.VERIFIED_EMAIL)
        == Reason.VERIFIED_EMAIL_REQUIRED
    )
    assert requirement_reason(resident, AccessRequirement.SITE_LOGIN) == Reason.SITE_LOGIN_REQUIRED
    assert requirement_reason(member, AccessRequirement.SITE_LOGIN) is None
    assert (
        requirement_reason(member, AccessRequirement.VERIFIED_EMAIL) is None
    )  # a login counts as verified


def test_the_checks_run_in_one_order():
    now = timezone.now()
    resident = ParticipantFactory()
    off = make_method_page(allow_comments=False, closes_at=now - HOUR)
    assert decide(resident, Action.COMMENT, off).reason == Reason.NOT_OFFERED  # before the phase
    upcoming = make_method_page(
        opens_at=now + HOUR, contribution_requirement=AccessRequirement.SITE_LOGIN
    )
    assert (
        decide(None, Action.COMMENT, upcoming).reason == Reason.NOT_OPEN_YET
    )  # before who the resident is
    closed = make_method_page(closes_at=now - HOUR)
    assert decide(None, Action.CONTRIBUTE, closed).reason == Reason.CLOSED
    login = make_method_page(contribution_requirement=AccessRequirement.SITE_LOGIN)
    assert decide(None, Action.COMMENT, login).reason == Reason.SIGN_IN_REQUIRED
    assert decide(resident, Action.COMMENT, login).reason == Reason.SITE_LOGIN_REQUIRED
    open_page = make_method_page()
    assert decide(resident, Action.COMMENT, open_page) is ALLOWED and decide(
        resident, Action.COMMENT, open_page
    )
    assert decide(site_user_participant(), Action.COMMENT, login).allowed


def test_now_is_a_parameter():
    now = timezone.now()
    page = make_method_page(opens_at=now + HOUR, closes_at=now + 3 * HOUR)
    assert decide(None, Action.COMMENT, page, now=now).reason == Reason.NOT_OPEN_YET
    assert decide(ParticipantFactory(), Action.COMMENT, page, now=now + 2 * HOUR).allowed
    assert decide(None, Action.COMMENT, page, now=now + 3 * HOUR).reason == Reason.CLOSED
    assert page.participation_phase(Action.COMMENT, now + 2 * HOUR) == Phase.OPEN


def test_page_decision_is_what_everyone_is_told():
    page = make_method_page()
    assert page_decision(Action.COMMENT, page).allowed and not decide(None, Action.COMMENT, page)
    closed = make_method_page(closes_at=timezone.now() - HOUR)
    decision = page_decision(Action.COMMENT, closed)
    assert (
        decision.reason == Reason.CLOSED
        and decision.reason in PAGE_REASONS
        and not decision.sign_in_helps
    )
    assert closed.comments_open() is False and page.comments_open() is True


def test_messages_are_the_pages_words_and_sign_in_helps_only_residents():
    page = make_method_page(contribution_requirement=AccessRequirement.SITE_LOGIN)
    anonymous = decide(None, Action.COMMENT, page)
    assert anonymous.message == "Please sign in to comment." and anonymous.sign_in_helps
    by_email = decide(ParticipantFactory(), Action.COMMENT, page)
    assert (
        by_email.message == "Comments here need a login on this site."
        and not by_email.sign_in_helps
    )
    closed = decide(None, Action.COMMENT, make_method_page(closes_at=timezone.now() - HOUR))
    assert closed.message == "Comments are closed here."
    # An action the page has no words for: the default ones.
    unverified = decide(ParticipantFactory(verified_at=None), Action.CONTRIBUTE, make_method_page())
    assert unverified.reason == Reason.VERIFIED_EMAIL_REQUIRED and unverified.sign_in_helps
    assert unverified.message == default_message(Reason.VERIFIED_EMAIL_REQUIRED)
    # A site user is who their login says: an email link would not help them.
    member = Participant.objects.create(user=UserFactory(), verified_at=None)
    page_needing_email = make_method_page()
    assert decide(
        member, Action.CONTRIBUTE, page_needing_email
    ).allowed  # a login counts as verified
    assert all(default_message(reason) for reason in Reason)


class Kiosk(PolicyMixin):
    """Anything residents act on can follow the policy: here, voting from 9 to 5 for site users."""

    def participation_phase(self, action, now=None):
        hour = (now or timezone.now()).hour
        return Phase.OPEN if 9 <= hour < 17 else Phase.CLOSED

    def participation_requirement(self, action):
        return AccessRequirement.SITE_LOGIN if action == Action.VOTE else AccessRequirement.ANYONE


def test_anything_can_follow_the_policy():
    morning = timezone.now().replace(hour=10)
    night = timezone.now().replace(hour=22)
    kiosk = Kiosk()
    assert decide(None, Action.ANSWER, kiosk, now=morning).allowed
    assert decide(None, Action.VOTE, kiosk, now=morning).reason == Reason.SIGN_IN_REQUIRED
    assert decide(None, Action.ANSWER, kiosk, now=night).reason == Reason.CLOSED
    assert decide(None, Action.ANSWER, kiosk, now=night).message == default_message(Reason.CLOSED)
    assert (
        PolicyMixin().offers_action(Action.SIGN)
        and PolicyMixin().participation_phase(Action.SIGN) == Phase.OPEN
    )


def test_the_one_refusal_template():
    request = RequestFactory().get("/board/submit/?x=1")
    page = make_method_page(contribution_requirement=AccessRequirement.SITE_LOGIN)
    response = refuse(request, decide(None, Action.COMMENT, page))
    response.render()
    html = response.content.decode()
    assert response.status_code == 403
    assert response.template_name == "wagtail_participation/refusal.html"
    assert "Please sign in to comment." in html and 'data-reason="sign_in_required"' in html
    assert (
        "/participation/sign-in/?next=%2Fboard%2Fsubmit%2F%3Fx%3D1" in html
    )  # back here after signing in
    response = refuse(
        RequestFactory().post("/x/"),
        decide(ParticipantFactory(), Action.COMMENT, page),
        status=403,
        next_url="/ignored/",
    )
    response.render()
    assert "Comments here need a login on this site." in response.content.decode()
    assert (
        "/participation/sign-in/" not in response.content.decode().split("</header>")[1]
    )  # no link: no help
    response = refuse(request, "You have posted enough ideas.", status=403, page=page)
    response.render()
    assert "You have posted enough ideas." in response.content.decode()
    assert response.context_data["page"] == page == response.context_data["self"]
    assert response.context_data["participant"] is None
    assert (
        not Decision(False, message="x")
        and Decision(False, message="x").template_context()["sign_in_url"] == ""
    )
