"""Every change to a participatory budget, with its log entry and its emails.

Views, admin views, the demo and tasks call these with plain arguments (the page or scope, the
participant or staff user, cleaned data) and show what they give back. Moderating a proposal is
core's (``core.moderation.set_state``): a proposal is a Contribution. Ballots are many and
anonymous in the count, so an online ballot writes no log entry; a paper ballot, entered by
staff, does.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from wagtail.log_actions import log

from wagtail_participation.core.emails import send_templated_email
from wagtail_participation.core.links import page_url
from wagtail_participation.core.models import ModerationState, Participant, VotingCode
from wagtail_participation.core.moderation import log_data
from wagtail_participation.core.translations import canonical_page, canonical_page_id
from wagtail_participation.core.voting_codes import (
    CodeAlreadyUsed,
    CodeNotHeld,
    CodeWrongArea,
    VotingCodeError,
    claim_held_code,
    held_code,
    held_code_claimed_here,
)

from . import caches
from .ballots import BallotCheck, BallotProject, Limits, check_ballot
from .conf import settings
from .models import (
    Ballot,
    BallotChoice,
    BallotSource,
    BudgetArea,
    BudgetPageMixin,
    BudgetProposal,
    DeliveryStatus,
    Feasibility,
    ProgressUpdate,
    ProposalSupport,
    Scope,
)

PROPOSAL_ACTION = "wagtail_participation_budgeting.propose"
REVIEW_ACTION = "wagtail_participation_budgeting.review"
PAPER_BALLOT_ACTION = "wagtail_participation_budgeting.paper_ballot"
DELIVERY_ACTION = "wagtail_participation_budgeting.delivery"
RECEIPT_EMAIL = "wagtail_participation_budgeting/emails/ballot_received"


class BallotRefused(Exception):
    """A ballot the rules refuse: ``message`` says why, ``check`` what would be kept."""

    def __init__(self, message: str, check: BallotCheck | None = None):
        super().__init__(message)
        self.message = message
        self.check = check


# Proposals


def apply_proposal(proposal: BudgetProposal, data: Mapping[str, Any]) -> BudgetProposal:
    proposal.title = data["title"]
    proposal.description = data["description"]
    proposal.place = data.get("place", "") or ""
    proposal.estimated_cost = data.get("estimated_cost")
    if "budget_area" in data:
        proposal.budget_area = data["budget_area"]
    if data.get("photo"):
        proposal.photo = data["photo"]
        proposal.photo_alt = data.get("photo_alt", "") or ""
    return proposal


def propose(
    page: BudgetPageMixin, participant: Participant, data: Mapping[str, Any]
) -> BudgetProposal:
    """Store a resident's proposal on ``page`` (published or pending as the page moderates)."""
    with transaction.atomic():
        proposal = apply_proposal(
            BudgetProposal(
                page=canonical_page(page),  # shared by the budget's translations
                author=participant,
                moderation_state=page.initial_moderation_state(),
            ),
            data,
        )
        proposal.save()
        log(instance=page, action=PROPOSAL_ACTION, data=log_data(proposal))
    caches.invalidate(page)
    return proposal


def enter_proposal(page: BudgetPageMixin, user: Any, data: Mapping[str, Any]) -> BudgetProposal:
    """A project entered by staff: published, and marked as entered by staff."""
    with transaction.atomic():
        proposal = apply_proposal(
            BudgetProposal(
                page=canonical_page(page),
                moderation_state=ModerationState.PUBLISHED,
                entered_by_staff=True,
                moderated_by=user,
                moderated_at=timezone.now(),
            ),
            data,
        )
        proposal.save()
        log(instance=page, action=PROPOSAL_ACTION, user=user, data=log_data(proposal, staff=True))
    caches.invalidate(page)
    return proposal


def review(
    proposal: BudgetProposal,
    user: Any,
    *,
    final_cost: int | None,
    budget_area: BudgetArea | None,
    feasibility: str,
    reason: str = "",
) -> BudgetProposal:
    """Staff set a proposal's final cost, area and feasibility (with the public reason)."""
    with transaction.atomic():
        proposal.final_cost = final_cost
        proposal.budget_area = budget_area
        proposal.feasibility = Feasibility(feasibility)
        proposal.feasibility_reason = reason if feasibility == Feasibility.NOT_FEASIBLE else ""
        proposal.save()
        log(
            instance=proposal.page.specific,
            action=REVIEW_ACTION,
            user=user,
            data=log_data(proposal, feasibility=str(feasibility), final_cost=final_cost),
        )
    caches.invalidate(proposal.page)
    return proposal


def support(proposal: BudgetProposal, participant: Participant) -> bool:
    """Add ``participant``'s support (once); True if it was new. The count moves atomically."""
    try:
        with transaction.atomic():
            ProposalSupport.objects.create(proposal=proposal, participant=participant)
            BudgetProposal.objects.filter(pk=proposal.pk).update(
                support_count=F("support_count") + 1
            )
    except IntegrityError:
        return False
    return True


def withdraw_support(proposal: BudgetProposal, participant: Participant) -> bool:
    with transaction.atomic():
        deleted, _ = ProposalSupport.objects.filter(
            proposal=proposal, participant=participant
        ).delete()
        if deleted:
            BudgetProposal.objects.filter(pk=proposal.pk, support_count__gt=0).update(
                support_count=F("support_count") - 1
            )
    return bool(deleted)


# Ballots


def ballot_projects(scope: Scope) -> list[BallotProject]:
    """The projects on ``scope``'s ballot, in the order residents see them."""
    return [
        BallotProject(id=p.pk, title=p.title, cost=p.cost or 0)
        for p in scope.proposals().only("pk", "title", "final_cost", "estimated_cost")
    ]


def limits_of(scope: Scope) -> Limits:
    page = scope.page
    return Limits(
        budget=scope.budget,
        max_choices=page.max_choices,
        points=page.points,
        currency=page.currency,
    )


def check(scope: Scope, wanted: Mapping[int, int]) -> BallotCheck:
    """``wanted`` under ``scope``'s page's voting method (``ballots.check_ballot``)."""
    return check_ballot(scope.page.voting_method, limits_of(scope), ballot_projects(scope), wanted)


def cast_ballot(
    scope: Scope,
    participant: Participant | None,
    wanted: Mapping[int, int],
    *,
    source: str = BallotSource.ONLINE,
    entered_by: Any = None,
    paper_reference: str = "",
) -> Ballot:
    """Store ``participant``'s ballot in ``scope``, or replace it where the page allows.

    The database keeps one city-wide and one area ballot per resident and budget: of several
    submissions at once, one inserts and the others replace its choices in turn (or are refused
    when ballots may not be changed). A ballot in another area than the resident's first one is
    refused. ``participant`` None: a paper ballot (``source`` PAPER, ``entered_by`` staff).
    Raises ``BallotRefused`` when the ballot breaks the rules (nothing is stored then).
    """
    page = scope.page
    checked = check(scope, wanted)
    if not checked.ok:
        raise BallotRefused(checked.problem, checked)
    if not checked.kept:
        raise BallotRefused(str(_no_choice_message()), checked)
    with transaction.atomic():
        ballot = None
        if participant is not None:
            ballot = _existing_ballot(scope, participant)
            if ballot is None:
                try:
                    with transaction.atomic():
                        ballot = Ballot.objects.create(
                            page_id=canonical_page_id(page),
                            area=scope.area,
                            participant=participant,
                        )
                        _write_choices(ballot, checked.kept, replace=False)
                except IntegrityError:
                    ballot = _existing_ballot(scope, participant)
                    if ballot is None:
                        raise
                else:
                    created = True
                    _after_ballot(page, participant, ballot, created)
                    return ballot
            if not page.ballots_changeable:
                raise BallotRefused(str(_locked_message()))
            ballot.updated_at = timezone.now()
            ballot.save(update_fields=["updated_at"])
            _write_choices(ballot, checked.kept, replace=True)
            _after_ballot(page, participant, ballot, False)
            return ballot
        ballot = Ballot.objects.create(
            page_id=canonical_page_id(page),
            area=scope.area,
            source=source,
            entered_by=entered_by,
            paper_reference=paper_reference,
        )
        _write_choices(ballot, checked.kept, replace=False)
        log(
            instance=page,
            action=PAPER_BALLOT_ACTION,
            user=entered_by,
            data={"ballot_id": ballot.pk, "area_id": scope.area_id},
        )
    caches.invalidate(page)
    return ballot


def cast_code_ballot(
    scope: Scope,
    request: Any,
    wanted: Mapping[int, int],
    *,
    participant: Participant | None = None,
) -> Ballot:
    """Store the ballot of the voting code ``request``'s session holds (``core.voting_codes``)
    in ``scope``, or replace it where the page allows.

    The code's row is locked first, so the ballots of one code are cast one at a time: the
    first claims the code (``claim_held_code``, in this transaction), and from then on only the
    browser that claimed it may vote with it again (in another pot, or to change its ballot);
    every other browser is told the code is used. The database keeps one city-wide and one area
    ballot per code. The ballot records the code, not the resident (``participant`` is only
    noted on the code as who used it). Raises ``BallotRefused`` (nothing stored then).
    """
    page = scope.page
    checked = check(scope, wanted)
    if not checked.ok:
        raise BallotRefused(checked.problem, checked)
    if not checked.kept:
        raise BallotRefused(str(_no_choice_message()), checked)
    with transaction.atomic():
        try:
            code = _lock_held_code(request, scope, participant)
        except VotingCodeError as error:
            raise BallotRefused(error.message) from error
        ballot = _existing_code_ballot(scope, code)
        if ballot is None:
            ballot = Ballot.objects.create(page_id=page.pk, area=scope.area, voting_code=code)
            _write_choices(ballot, checked.kept, replace=False)
        else:
            if not page.ballots_changeable:
                raise BallotRefused(str(_locked_message()))
            ballot.updated_at = timezone.now()
            ballot.save(update_fields=["updated_at"])
            _write_choices(ballot, checked.kept, replace=True)
        transaction.on_commit(lambda: caches.invalidate(page))
    return ballot


def _lock_held_code(request: Any, scope: Scope, participant: Participant | None) -> VotingCode:
    page = scope.page
    held = held_code(request, page)
    if held is None:
        raise CodeNotHeld
    code = VotingCode.objects.select_for_update().get(pk=held.pk)
    if not page.code_allows_scope(code, scope):
        raise CodeWrongArea
    if code.claimed_at is None:
        return claim_held_code(request, page, participant=participant)
    if not held_code_claimed_here(request, page):
        raise CodeAlreadyUsed
    return code


def _existing_code_ballot(scope: Scope, code: VotingCode) -> Ballot | None:
    """The code's ballot in ``scope`` (its row is locked already); refuses another area."""
    ballots = Ballot.objects.filter(page_id=scope.page.pk, voting_code=code)
    if scope.area is None:
        return ballots.filter(area__isnull=True).first()
    ballot = ballots.filter(area__isnull=False).select_related("area").first()
    if ballot is not None and ballot.area_id != scope.area_id:
        from django.utils.translation import gettext

        raise BallotRefused(
            gettext(
                "This voting code has voted in %(area)s already: each code votes in one area "
                "and city-wide."
            )
            % {"area": ballot.area.name if ballot.area else ""}
        )
    return ballot


def _no_choice_message() -> Any:
    from django.utils.translation import gettext

    return gettext("Choose at least one project before you send your ballot.")


def _locked_message() -> Any:
    from django.utils.translation import gettext

    return gettext("You have voted here already, and ballots on this budget cannot be changed.")


def _existing_ballot(scope: Scope, participant: Participant) -> Ballot | None:
    """The resident's ballot in ``scope``, locked for this transaction; refuses another area."""
    if scope.area is None:
        mine = Ballot.objects.select_for_update().filter(
            page_id=canonical_page_id(scope.page), participant=participant, area__isnull=True
        )
        return mine.first()
    ballot = (
        Ballot.objects.select_for_update()
        .filter(page_id=canonical_page_id(scope.page), participant=participant, area__isnull=False)
        .first()
    )
    if ballot is not None and ballot.area_id != scope.area_id:
        from django.utils.translation import gettext

        raise BallotRefused(
            gettext(
                "You have voted in %(area)s already: each resident votes in one area and city-wide."
            )
            % {"area": ballot.area.name if ballot.area else ""}
        )
    return ballot


def _write_choices(ballot: Ballot, kept: Mapping[int, int], *, replace: bool) -> None:
    if replace:
        BallotChoice.objects.filter(ballot=ballot).delete()
    BallotChoice.objects.bulk_create(
        [BallotChoice(ballot=ballot, proposal_id=pid, value=value) for pid, value in kept.items()]
    )


def _after_ballot(page: Any, participant: Participant, ballot: Ballot, created: bool) -> None:
    if settings.BUDGET_BALLOT_RECEIPT_EMAIL and participant.email:
        send_templated_email(
            participant.email,
            RECEIPT_EMAIL,
            {
                "page": page,
                "url": page_url(page),
                "changed": not created,
                "scope": ballot.scope_name,
            },
            language=participant.language,
        )
    transaction.on_commit(lambda: caches.invalidate(page))


def ballot_choices(ballot: Ballot) -> dict[int, int]:
    return dict(ballot.choices.values_list("proposal_id", "value"))


# Delivery


def set_delivery(proposal: BudgetProposal, user: Any, status: str) -> BudgetProposal:
    """Fund a proposal (planned), move it on (in progress, done) or take it off (empty)."""
    with transaction.atomic():
        proposal.delivery_status = DeliveryStatus(status)
        proposal.save(update_fields=["delivery_status", "updated_at"])
        log(
            instance=proposal.page.specific,
            action=DELIVERY_ACTION,
            user=user,
            data=log_data(proposal, delivery_status=status),
        )
    caches.invalidate(proposal.page)
    return proposal


def fund(page: BudgetPageMixin, user: Any, proposal_ids: list[int]) -> int:
    """Mark the winners of a count as funded (planned); returns how many changed."""
    changed = 0
    for proposal in BudgetProposal.objects.on_budget(page).filter(
        pk__in=proposal_ids, delivery_status=DeliveryStatus.NONE
    ):
        set_delivery(proposal, user, DeliveryStatus.PLANNED)
        changed += 1
    return changed


def add_update(proposal: BudgetProposal, user: Any, data: Mapping[str, Any]) -> ProgressUpdate:
    """A progress report on a funded project, on the budget page and the project timeline."""
    with transaction.atomic():
        update = ProgressUpdate.objects.create(
            proposal=proposal,
            date=data.get("date") or timezone.localdate(),
            title=data["title"],
            text=data.get("text", "") or "",
            photo=data.get("photo") or "",
            photo_alt=data.get("photo_alt", "") or "",
            created_by=user,
        )
        log(
            instance=proposal.page.specific,
            action=DELIVERY_ACTION,
            user=user,
            data=log_data(proposal, update_id=update.pk),
        )
    caches.invalidate(proposal.page)
    return update
