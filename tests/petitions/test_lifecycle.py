"""Residents' petitions from start to answer: supporters, workflow, rejection, emails to signers."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from wagtail.models import Page, Workflow, WorkflowState

from tests.factories import ParticipantFactory, post_form, sign_in_client
from tests.petitions.factories import (
    add_signature,
    add_signatures,
    confirm,
    last_link,
    make_petition,
    make_petition_index,
)
from wagtail_participation.petitions.counts import recount
from wagtail_participation.petitions.lifecycle import (
    anonymise_signatures,
    months_before,
    notify_signers,
    reject_petition,
)
from wagtail_participation.petitions.models import (
    PetitionPage,
    PetitionState,
    PetitionTally,
    Signature,
)

pytestmark = pytest.mark.django_db

START = {
    "request": "Plant more trees on Mill Street",
    "background": "It is hot and grey in summer.",
    "details": "",
    "name": "Ann Creator",
    "area": "RB1 1AA",
}


def ensure_workflow():
    """Wagtail's migration gives the root a "Moderators approval" workflow with one task. After
    other tests flushed or restored the database it may be missing, or have lost its task (a
    workflow without tasks approves at once): give the root a working one then."""
    from wagtail.models import GroupApprovalTask, WorkflowPage, WorkflowTask

    root = Page.get_first_root_node()
    workflow = root.get_workflow()
    if workflow is not None and workflow.active and workflow.tasks.filter(active=True).exists():
        return workflow
    workflow = Workflow.objects.create(name="Moderation")
    task = GroupApprovalTask.objects.create(name="Approve")
    # Not workflow.workflow_tasks.create(): a modelcluster relation would keep it in memory only.
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": workflow})
    return workflow


def start(client, index, **data):
    creator = ParticipantFactory(email="creator@example.org")
    sign_in_client(client, creator)
    return creator, post_form(client, index.start_url, {**START, **data})


def test_starting_needs_a_confirmed_email(client):
    index = make_petition_index()
    response = client.get(index.start_url)
    assert response.status_code == 302 and "/sign-in/" in response["Location"]


def test_start_form_limits_and_keeps_input(client):
    index = make_petition_index()
    _creator, response = start(client, index, request="x" * 81, background="Why " * 10)
    assert response.status_code == 400
    assert b"at most 80 characters" in response.content
    assert b"Why Why" in response.content
    assert not PetitionPage.objects.exists()


def test_index_without_resident_petitions_has_no_start_form(client):
    index = make_petition_index(allow_resident_petitions=False)
    assert client.get(index.start_url).status_code == 404
    assert b"Start a petition" not in client.get(index.url).content


@override_settings(
    WAGTAIL_PARTICIPATION_PETITION_SPONSORS_REQUIRED=2, ADMINS=[("Staff", "staff@example.org")]
)
def test_sponsors_then_workflow_then_publication(client, django_user_model):
    ensure_workflow()
    index = make_petition_index()
    creator, response = start(client, index)
    petition = PetitionPage.objects.get()
    assert response.status_code == 302 and str(petition.sponsor_key) in response["Location"]
    assert petition.state == PetitionState.SPONSORING and not petition.live
    assert petition.creator == creator
    assert Signature.objects.get().email == "creator@example.org"
    sponsor_link = last_link("creator@example.org")
    assert client.get(petition.url or "/nowhere/").status_code == 404  # not public yet
    page = client.get(response["Location"])
    assert b"Share this link" in page.content

    for n in range(2):
        supporter = client.__class__()
        post_form(
            supporter,
            "/" + sponsor_link.split("://", 1)[1].split("/", 1)[1],
            {"name": f"Sponsor {n}", "email": f"sponsor{n}@example.org", "area": "RB1 1AB"},
        )
        confirm(supporter, last_link(f"sponsor{n}@example.org"))
    petition.refresh_from_db()
    assert petition.state == PetitionState.MODERATION
    state = WorkflowState.objects.get(object_id=str(petition.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert any("awaits moderation" in m.subject for m in mail.outbox)

    # A moderator approves in Wagtail's workflow: the petition is published and opens.
    moderator = django_user_model.objects.create_superuser("mod", "mod@example.org", "pw")
    task_state = state.current_task_state
    task_state.task.specific.on_action(task_state, moderator, "approve")
    petition.refresh_from_db()
    assert petition.live and petition.state == PetitionState.OPEN
    assert petition.closes_at > timezone.now() + datetime.timedelta(days=100)
    assert any("is published" in m.subject for m in mail.outbox)
    assert client.get(petition.url).status_code == 200
    recount(petition.pk)
    assert petition.count() == 3  # creator and two supporters


@override_settings(WAGTAIL_PARTICIPATION_PETITION_SPONSORS_REQUIRED=0)
def test_no_sponsors_needed_goes_straight_to_moderation(client):
    ensure_workflow()
    index = make_petition_index()
    start(client, index)
    petition = PetitionPage.objects.get()
    assert petition.state == PetitionState.MODERATION
    assert WorkflowState.objects.filter(object_id=str(petition.pk)).exists()


def test_republishing_an_old_revision_keeps_the_state():
    petition = make_petition()
    revision = petition.save_revision()
    reject_petition(petition, "duplicate")
    petition = PetitionPage.objects.get(pk=petition.pk)
    revision.publish()
    assert PetitionPage.objects.get(pk=petition.pk).state == PetitionState.REJECTED


def test_rejection_emails_the_creator_and_hides_offensive_petitions(client):
    creator = ParticipantFactory(email="c@example.org")
    shown = make_petition(creator=creator)
    reject_petition(shown, "duplicate", "See the petition about libraries.")
    assert "was not published" in mail.outbox[-1].subject and "libraries" in mail.outbox[-1].body
    page = client.get(shown.url)
    assert page.status_code == 200 and b"There is already a petition about this" in page.content
    hidden = make_petition(creator=creator)
    reject_petition(hidden, "offensive")
    hidden.refresh_from_db()
    assert hidden.state == PetitionState.HIDDEN and not hidden.live
    assert client.get(f"/participation/petitions/{hidden.pk}/count.json").status_code == 404
    listing = client.get(hidden.get_parent().url).content
    assert hidden.title.encode() not in listing


@override_settings(ADMINS=[("Staff", "staff@example.org")])
def test_staff_alerted_once_at_each_threshold():
    petition = make_petition(response_threshold=3, debate_threshold=5)
    add_signatures(petition, 3)
    add_signatures(petition, 1)
    alerts = [m for m in mail.outbox if "threshold" in m.subject]
    assert len(alerts) == 1 and "response threshold" in alerts[0].subject
    add_signatures(petition, 2)
    assert len([m for m in mail.outbox if "threshold" in m.subject]) == 2


def test_response_emails_each_opted_in_signer_once():
    petition = make_petition()
    for n in range(5):
        add_signature(petition, email=f"yes{n}@example.org", wants_updates=True)
    add_signature(petition, email="no@example.org", wants_updates=False)
    add_signature(petition, email="pending@example.org", wants_updates=True, confirmed=False)
    add_signature(petition, email="held@example.org", wants_updates=True, validity="held")
    petition.response = "<p>We will open on Sundays from May.</p>"
    petition.response_date = datetime.date.today()
    petition.save_revision().publish()
    sent = [m for m in mail.outbox if "has responded" in m.subject]
    assert sorted(m.to[0] for m in sent) == [f"yes{n}@example.org" for n in range(5)]
    assert "open on Sundays" in sent[0].body
    # Publishing again, or the task running again, sends nothing more.
    petition.refresh_from_db()
    petition.save_revision().publish()
    assert notify_signers.call(petition_id=petition.pk, kind="response") == 0
    assert len([m for m in mail.outbox if "has responded" in m.subject]) == 5
    assert Signature.objects.filter(response_sent_at__isnull=False).count() == 5


def test_a_batch_interrupted_by_the_mail_server_resumes_without_repeats(monkeypatch):
    from django.core.mail.backends import locmem

    from wagtail_participation.core.models import OutgoingEmail
    from wagtail_participation.core.tasks import deliver

    petition = make_petition(response="<p>Yes.</p>", response_date=datetime.date.today())
    for n in range(6):
        add_signature(petition, email=f"s{n}@example.org", wants_updates=True)
    real = locmem.EmailBackend.send_messages
    calls = {"n": 0}

    def flaky(self, messages):
        calls["n"] += 1
        if calls["n"] == 4:
            raise ConnectionRefusedError("mail server down")
        return real(self, messages)

    monkeypatch.setattr(locmem.EmailBackend, "send_messages", flaky)
    with override_settings(WAGTAIL_PARTICIPATION_PETITION_NOTIFY_BATCH_SIZE=2):
        assert (
            notify_signers.call(petition_id=petition.pk, kind="response") == 6
        )  # all six in the outbox
        assert len(mail.outbox) == 5  # the fourth waits in the outbox, with a back-off
        assert notify_signers.call(petition_id=petition.pk, kind="response") == 0
    waiting = OutgoingEmail.objects.get(sent_at__isnull=True)
    assert (
        waiting.attempts == 1
        and "mail server down" in waiting.last_error
        and waiting.due_at > timezone.now()
    )
    assert deliver() == 0  # not due yet
    OutgoingEmail.objects.update(due_at=timezone.now())
    assert deliver() == 1
    assert sorted(m.to[0] for m in mail.outbox) == [f"s{n}@example.org" for n in range(6)]


def test_anonymisation_touches_exactly_the_signatures_due():
    now = timezone.now()
    old = make_petition(closes_at=months_before(now, 7))
    recent = make_petition(closes_at=months_before(now, 5))
    open_one = make_petition()
    for petition in (old, recent, open_one):
        add_signatures(petition, 3, area="RB1")
    assert anonymise_signatures(now) == 3
    assert set(
        Signature.objects.filter(anonymised_at__isnull=False).values_list("petition_id", flat=True)
    ) == {old.pk}
    assert not Signature.objects.filter(petition_id=old.pk).exclude(name="", email="").exists()
    assert Signature.objects.filter(petition_id=old.pk, area="RB1").count() == 3
    recount(old.pk)
    assert PetitionTally.objects.get(petition_id=old.pk).signatures == 3  # counts stay
    assert anonymise_signatures(now) == 0
    call_command("participation_anonymise_signatures", "--dry-run")


def test_petitions_that_never_opened_are_anonymised_too(settings):
    settings.WAGTAIL_PARTICIPATION_PETITION_AREA = "postcode"
    now = timezone.now()
    rejected = make_petition(state=PetitionState.REJECTED)
    add_signature(rejected, area="RB1 2AB")
    PetitionPage.objects.filter(pk=rejected.pk).update(state_changed_at=months_before(now, 7))
    waiting = make_petition(state=PetitionState.SPONSORING)
    add_signature(waiting)
    assert anonymise_signatures(now) == 1
    signature = Signature.objects.get(petition_id=rejected.pk)
    assert signature.area == "RB1" and signature.email_domain == "" and signature.email == ""


def test_nightly_job_finishes_interrupted_notices_for_those_who_signed_before_the_answer():
    """The response was published (notice started) but the emailing task never ran."""
    from wagtail_participation.petitions.counts import recount_all

    petition = make_petition()
    add_signature(petition, email="early@example.org", wants_updates=True)
    PetitionPage.objects.filter(pk=petition.pk).update(
        response="<p>Yes.</p>", response_date=datetime.date.today()
    )
    PetitionTally.objects.get_or_create(petition_id=petition.pk)
    PetitionTally.objects.filter(petition_id=petition.pk).update(response_notice_at=timezone.now())
    late = add_signature(petition, email="late@example.org", wants_updates=True)
    Signature.objects.filter(pk=late.pk).update(
        confirmed_at=timezone.now() + datetime.timedelta(seconds=5)
    )
    recount_all()
    assert [m.to[0] for m in mail.outbox if "has responded" in m.subject] == ["early@example.org"]
    recount_all()
    assert len([m for m in mail.outbox if "has responded" in m.subject]) == 1


def test_months_before_handles_short_months():
    moment = timezone.make_aware(datetime.datetime(2026, 8, 31, 12))
    assert months_before(moment, 6).date() == datetime.date(2026, 2, 28)


def test_nightly_recount_repairs_drift(capsys):
    petition = make_petition()
    add_signatures(petition, 4)
    PetitionTally.objects.filter(petition_id=petition.pk).update(signatures=99)
    call_command("participation_recount_signatures")
    assert PetitionTally.objects.get(petition_id=petition.pk).signatures == 4
    assert "Recounted 1 petitions" in capsys.readouterr().out


def test_my_data_and_forget_me_cover_signatures():
    from wagtail_participation.core.privacy import anonymise_participant, export_participant_data

    participant = ParticipantFactory(email="ann.lee@gmail.com")
    petition = make_petition(title="Sunday opening")
    add_signature(petition, email="Ann.Lee+p@gmail.com", name="Ann Lee")
    add_signature(petition, email="someone@example.org")
    recount(petition.pk)
    data = export_participant_data(participant)
    assert [s["petition"] for s in data["petition_signatures"]] == ["Sunday opening"]
    anonymise_participant(participant)
    mine = Signature.objects.get(name="")
    assert mine.email == "" and mine.anonymised_at is not None
    recount(petition.pk)
    assert petition.count() == 2
