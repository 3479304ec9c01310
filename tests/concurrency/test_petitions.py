"""Petitions under a surge, on PostgreSQL: every signature counted once, every email sent once.

Residents sign and confirm through the real views (``django.test.Client``, one per
resident); tasks and the link race are called directly. Each request or call runs in its
own transaction on its own thread's connection. A bounded pool of threads (each with one
connection, opened before the start) carries the work, so PostgreSQL's ``max_connections``
is never exceeded; a barrier releases all threads at once, so the first requests of every
thread really overlap and each thread's next one follows while the others are still
running (as in ``test_idea_votes``).

The tests are transactional: Django's real ``on_commit`` runs, so a confirmation that
commits queues the counting task through ``counts.schedule_recount``, and the tests'
``ImmediateBackend`` runs it at once in the committing thread. The count asserted is
the one that path leaves behind: no test recounts before it checks.
"""

import collections
import datetime
import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core import mail
from django.db import DatabaseError, connection, connections, transaction
from django.db.models import F
from django.test import Client, override_settings
from django.utils import timezone
from wagtail.models import Page, WorkflowState

from tests.concurrency.pool import run_at_once
from tests.factories import post_form
from tests.petitions.factories import add_signature, make_petition
from wagtail_participation.petitions import caches
from wagtail_participation.petitions.lifecycle import notify_signers
from wagtail_participation.petitions.models import (
    PetitionPage,
    PetitionState,
    PetitionTally,
    Signature,
)
from wagtail_participation.petitions.signing import (
    InvalidConfirmation,
    confirm_signature,
    make_confirmation_token,
    signature_for_token,
)

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
STAFF = "petitions@council.example"
#: Common providers are exempt from the per-domain hold (PETITION_COMMON_EMAIL_DOMAINS).
PROVIDERS = ["gmail.com", "outlook.com", "yahoo.co.uk", "btinternet.com", "icloud.com"]
CONFIRM_LINK = re.compile(r"https?://[^/\s]+(/\S*/petitions/confirm/[^/\s]+/)")


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("concurrency tests run on PostgreSQL (set DATABASE_URL)")


def count_url(petition):
    return f"/participation/petitions/{petition.pk}/count.json"


def tally(petition):
    return PetitionTally.objects.get(petition_id=petition.pk).signatures


def confirm_path(email):
    """The path of the confirmation link in the newest email to ``email``."""
    for message in reversed(mail.outbox):  # a list other threads append to: safe to read
        if message.to == [email]:
            found = CONFIRM_LINK.search(message.body)
            if found:
                return found.group(1)
    raise AssertionError(f"no confirmation link emailed to {email}")


def sign(client, petition, email, name="Resident"):
    data = {"name": name, "email": email, "area": "RB1 2AB", "wants_updates": "on"}
    return post_form(client, petition.sign_url, data)


def sign_and_confirm(petition, email, ip):
    """A resident at ``ip`` signs, then presses the button behind the link we emailed."""
    client = Client(REMOTE_ADDR=ip)
    signed = sign(client, petition, email)
    assert signed.status_code == 302 and signed["Location"].endswith("/signed/"), (
        email,
        signed.status_code,
    )
    confirmed = client.post(confirm_path(email))
    assert confirmed.status_code == 200 and b"Thank you for signing" in confirmed.content, (
        email,
        confirmed.status_code,
    )


def residents(count):
    """(email, IP) of ``count`` different residents.

    Each signs from an address of their own, as residents at home do: the per-IP rate
    limit and the per-IP hold (RATE_LIMITS, PETITION_IP_LIMITS) are left as configured and
    never reached, and with common providers the per-domain hold never applies either,
    so every signature is valid and the count must reach ``count`` exactly.
    """
    return [
        (f"resident{n}@{PROVIDERS[n % len(PROVIDERS)]}", f"10.0.{n // 250}.{n % 250 + 1}")
        for n in range(count)
    ]


@override_settings(WAGTAIL_PARTICIPATION_PETITION_STAFF_EMAILS=[STAFF])
def test_five_hundred_residents_sign_and_confirm_one_petition_at_once():
    """500 different residents sign and confirm one petition at once and the count is
    exactly 500 after the counting task.

    (If the public count here is ever one or two short while the tally says 500, that is
    the race ``test_an_older_count_cached_late_never_replaces_a_newer_one`` makes certain.)
    """
    petition = make_petition(response_threshold=100, debate_threshold=400)
    people = residents(500)
    run_at_once(
        [lambda email=email, ip=ip: sign_and_confirm(petition, email, ip) for email, ip in people]
    )

    signatures = Signature.objects.filter(petition_id=petition.pk)
    assert signatures.count() == 500
    assert signatures.counted().count() == 500  # none held: the anti-spam limits were not reached
    assert sorted(signatures.values_list("email", flat=True)) == sorted(
        email for email, _ip in people
    )
    # The count the confirmations' own tasks left, never recounted here:
    assert tally(petition) == 500
    assert PetitionPage.objects.get(pk=petition.pk).count() == 500
    assert Client().get(count_url(petition)).json() == {"count": 500, "signatures": 500, "paper": 0}
    # Staff heard once of each threshold, though many counting tasks crossed them at once.
    alerts = sorted(
        message.subject.split(":")[0] for message in mail.outbox if message.to == [STAFF]
    )
    assert alerts == [
        "A petition reached the debate threshold",
        "A petition reached the response threshold",
    ]
    assert len(mail.outbox) == 500 + 2


MAILBOX = "annlee@gmail.com"
#: Twenty ways of writing one gmail mailbox: case, dots, +tags and the googlemail alias.
SPELLINGS = [
    "annlee@gmail.com",
    "Ann.Lee@gmail.com",
    "ANNLEE@GMAIL.COM",
    "ann.lee+petition@gmail.com",
    "annlee@googlemail.com",
    "Ann.Lee@GoogleMail.com",
    "a.n.n.l.e.e@gmail.com",
    "annlee+1@gmail.com",
    "annlee+2@googlemail.com",
    "AnnLee+Library@Gmail.Com",
    " annlee@gmail.com ",
    "ann.lee@googlemail.com",
    "ANN.LEE+X@GOOGLEMAIL.COM",
    "an.nlee@gmail.com",
    "annle.e+sundays@gmail.com",
    "annlee+@gmail.com",
    "Annlee@gmail.com",
    "aNNlEE@gMAIL.com",
    "ann.lee+a+b@gmail.com",
    "annlee+again@googlemail.com",
]


# One resident's browser (double clicks, reloads, twenty tabs) posts from one IP: the
# per-IP hold (PETITION_IP_LIMITS) would mark the signature held after ten posts, and a
# general per-IP rate limit, if the view applied one, would answer with a 429 before the
# database is reached. Both are raised here so that all twenty posts race to the one
# insert, which is what this test is about.
@override_settings(
    WAGTAIL_PARTICIPATION_RATE_LIMITS=[(1000, 60)],
    WAGTAIL_PARTICIPATION_PETITION_IP_LIMITS=[(1000, 60)],
)
@pytest.mark.parametrize(
    "addresses", [[MAILBOX] * 20, SPELLINGS], ids=["one-address", "twenty-spellings"]
)
def test_one_email_signing_twenty_times_at_once_leaves_exactly_one_signature(addresses):
    """One email signing 20 times at once leaves exactly one signature."""
    petition = make_petition()

    def attempt(email):
        response = sign(Client(), petition, email)
        return response.status_code, response.get("Location")

    outcomes = run_at_once([lambda email=email: attempt(email) for email in addresses])
    # Every attempt gets the same answer, and none fails: nobody learns which one signed.
    assert set(outcomes) == {(302, f"/participation/petitions/{petition.pk}/signed/")}
    signature = Signature.objects.get(petition_id=petition.pk)
    assert signature.email_normalised == MAILBOX and signature.is_counted is False
    assert signature.email in {address.strip() for address in addresses}
    # One confirmation link; the repeats at most tell the mailbox it has signed already.
    subjects = collections.Counter(message.subject.split(":")[0] for message in mail.outbox)
    assert subjects["Confirm your signature"] == 1
    assert set(subjects) <= {"Confirm your signature", "You have already signed"}
    assert {to for message in mail.outbox for to in message.to} <= {
        address.strip() for address in addresses
    }

    assert Client().post(confirm_path(signature.email)).status_code == 200
    assert tally(petition) == 1 == PetitionPage.objects.get(pk=petition.pk).count()


# Small batches so the runs go round their loop many times and really interleave.
@override_settings(WAGTAIL_PARTICIPATION_PETITION_NOTIFY_BATCH_SIZE=40)
def test_running_the_notification_task_twice_sends_each_email_once():
    """Running the notification task twice sends each email once: three runs at once, then
    a fourth once they are done."""
    petition = make_petition(
        response="<p>The library opens on Sundays from May.</p>",
        response_date=datetime.date.today(),
    )
    opted_in = [add_signature(petition, wants_updates=True).email for _ in range(300)]
    for _ in range(30):
        add_signature(petition, wants_updates=False)
        add_signature(petition, wants_updates=True, confirmed=False)  # never confirmed: not counted
        add_signature(petition, wants_updates=True, validity="held")  # held for review: not counted

    sent = run_at_once([lambda: notify_signers.call(petition_id=petition.pk, kind="response")] * 3)

    assert sum(sent) == 300
    assert len(mail.outbox) == 300
    recipients = collections.Counter(to for message in mail.outbox for to in message.to)
    assert recipients == collections.Counter(opted_in)  # every opted-in signer, each exactly once
    stamped = Signature.objects.filter(petition_id=petition.pk, response_sent_at__isnull=False)
    assert sorted(stamped.values_list("email", flat=True)) == sorted(opted_in)
    assert all("The council has responded" in message.subject for message in mail.outbox)

    assert (
        notify_signers.call(petition_id=petition.pk, kind="response") == 0
    )  # once more: nobody left
    assert len(mail.outbox) == 300


def test_two_hundred_confirmations_at_once_while_the_count_is_read():
    """200 pending signatures confirmed at once, and the count endpoint read all along: no
    request fails, every count read is a plausible one, the final count is exact."""
    petition = make_petition()
    tokens = [make_confirmation_token(add_signature(petition, confirmed=False)) for _ in range(200)]

    def confirm(n, token):
        # Residents confirm from addresses of their own, as at home: no per-IP limit is reached.
        client = Client(REMOTE_ADDR=f"10.1.{n // 250}.{n % 250 + 1}")
        response = client.post(f"/participation/petitions/confirm/{token}/")
        assert response.status_code == 200, response.status_code
        return "confirmed"

    def read():
        response = Client().get(count_url(petition))
        assert response.status_code == 200, response.status_code
        return response.json()["count"]

    work = []
    for n, token in enumerate(tokens):
        work += [lambda n=n, token=token: confirm(n, token), read]
    outcomes = run_at_once(work)

    assert outcomes[0::2] == ["confirmed"] * 200
    assert all(0 <= count <= 200 for count in outcomes[1::2])
    assert Signature.objects.filter(petition_id=petition.pk).counted().count() == 200
    assert tally(petition) == 200
    assert Client().get(count_url(petition)).json()["count"] == 200


def test_ten_confirmations_of_one_link_at_once_confirm_it_once():
    """Ten presses on one link at once: one confirms, the others are told it was used."""
    petition = make_petition()
    token = make_confirmation_token(add_signature(petition, confirmed=False))

    outcomes = run_at_once(
        [lambda: confirm_signature(signature_for_token(token)) for _ in range(10)],
        errors_allowed=True,
    )

    confirmed = [outcome for outcome in outcomes if isinstance(outcome, Signature)]
    refused = [outcome for outcome in outcomes if isinstance(outcome, InvalidConfirmation)]
    assert len(confirmed) == 1 and len(refused) == 9, outcomes
    assert {error.reason for error in refused} == {"used"}
    assert tally(petition) == 1 == PetitionPage.objects.get(pk=petition.pk).count()


@override_settings(
    WAGTAIL_PARTICIPATION_PETITION_SPONSORS_REQUIRED=5,
    WAGTAIL_PARTICIPATION_PETITION_STAFF_EMAILS=[STAFF],
)
def test_supporters_confirming_at_once_send_the_petition_to_moderation_once():
    """Twelve supporters of a resident's petition confirm at once, five being needed: it goes
    to moderation once (one revision, one workflow, one email to staff). Links followed once
    it has gone are refused (410) and count nothing; the others are all counted."""
    petition = make_petition(state=PetitionState.SPONSORING, live=False)
    tokens = [
        make_confirmation_token(add_signature(petition, confirmed=False, sponsor=True))
        for _ in range(12)
    ]

    def confirm(n, token):
        response = Client(REMOTE_ADDR=f"10.2.0.{n + 1}").post(
            f"/participation/petitions/confirm/{token}/"
        )
        assert response.status_code in (200, 410), response.status_code
        assert response.status_code == 410 or b"Thank you for your support" in response.content
        return response.status_code

    statuses = run_at_once(
        [lambda n=n, token=token: confirm(n, token) for n, token in enumerate(tokens)]
    )

    petition = PetitionPage.objects.get(pk=petition.pk)
    assert petition.state == PetitionState.MODERATION
    supporters = Signature.objects.filter(petition_id=petition.pk, sponsor=True).counted().count()
    assert supporters == statuses.count(200) >= 5
    assert PetitionTally.objects.get(petition_id=petition.pk).sponsors == supporters
    assert petition.revisions.count() == 1
    workflows = WorkflowState.objects.filter(object_id=str(petition.pk))
    assert workflows.count() == (1 if petition.get_workflow() else 0)
    assert [m.subject.split(":")[0] for m in mail.outbox if m.to == [STAFF]] == [
        "A petition awaits moderation"
    ]


def hold_row_lock(petition, locked, release):
    """In its own transaction: lock the petition's rows as any write to them does (an editor
    publishing, staff adding paper signatures, or a count kept on the petition as in 2019),
    hold the lock until ``release``, then roll back."""
    try:
        with transaction.atomic():
            # SELECT ... FOR NO KEY UPDATE of wagtailcore_page and the petition's own table,
            # the lock an UPDATE of either row takes:
            PetitionPage.objects.select_for_update(no_key=True).get(pk=petition.pk)
            PetitionPage.objects.filter(pk=petition.pk).update(
                paper_signatures=F("paper_signatures") + 1
            )
            Page.objects.filter(pk=petition.pk).update(latest_revision_created_at=timezone.now())
            locked.set()
            release.wait(timeout=60)
            transaction.set_rollback(True)
    finally:
        connections.close_all()


def test_signing_never_waits_on_a_lock_on_the_petitions_own_row():
    """A resident signs and confirms (and the count is brought up to date) while another
    transaction holds the petition's rows as an UPDATE does; any wait on a lock would fail
    the request after 2 s.

    A signature's foreign key makes PostgreSQL take FOR KEY SHARE on the wagtailcore_page
    row while it is inserted. That conflicts with nothing an UPDATE takes, only with
    FOR UPDATE (a DELETE, a move that changes the page's path, treebeard locking a parent
    to add a child), which is why the lock held here is FOR NO KEY UPDATE.
    """
    petition = make_petition()
    locked, release = threading.Event(), threading.Event()

    def resident():
        try:
            with connection.cursor() as cursor:
                cursor.execute("SET lock_timeout = '2s'")  # any wait on a lock fails the request
            started = time.monotonic()
            sign_and_confirm(petition, "ann@gmail.com", "10.9.9.9")
            return time.monotonic() - started
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=2) as pool:
        holder = pool.submit(hold_row_lock, petition, locked, release)
        try:
            assert locked.wait(timeout=30)
            # The lock really is held: taking it again fails at once.
            with pytest.raises(DatabaseError), transaction.atomic():
                PetitionPage.objects.select_for_update(no_key=True, nowait=True).get(pk=petition.pk)
            elapsed = pool.submit(resident).result(timeout=30)
            assert (
                not holder.done()
            )  # still holding the lock while the resident signed and confirmed
        finally:
            release.set()
        holder.result(timeout=30)

    assert elapsed < 2
    assert tally(petition) == 1 == PetitionPage.objects.get(pk=petition.pk).count()


def test_editing_the_petition_never_waits_on_signers():
    """The other way round: a signature being inserted (its transaction still open) does
    not hold up an editor publishing the petition."""
    petition = make_petition()
    inserted, release = threading.Event(), threading.Event()

    def signer():
        try:
            with transaction.atomic():
                add_signature(petition, email="ann@gmail.com", confirmed=False)
                inserted.set()
                release.wait(timeout=60)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=1) as pool:
        pending = pool.submit(signer)
        try:
            assert inserted.wait(timeout=30)
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL lock_timeout = '2s'")
                petition = PetitionPage.objects.get(pk=petition.pk)
                petition.paper_signatures = 12
                petition.save_revision().publish()
            assert not pending.done()
        finally:
            release.set()
        pending.result(timeout=30)

    assert Signature.objects.filter(petition_id=petition.pk).count() == 1
    assert PetitionPage.objects.get(pk=petition.pk).paper_signatures == 12


# The older figure stays as long as the cache keeps it; a long life keeps the test's outcome
# independent of how fast the machine is.
@override_settings(WAGTAIL_PARTICIPATION_PETITION_COUNT_CACHE_SECONDS=300)
@pytest.mark.parametrize("late", ["counting-task", "count-reader"])
def test_an_older_count_cached_late_never_replaces_a_newer_one(monkeypatch, late):
    """The race the surge tests above may hit now and then, made certain. ``late`` reads the
    count (the counting task of confirmation A once A committed, or a reader of the count
    endpoint that found the cache empty); just before it writes what it read to the cache,
    confirmation B commits and its own counting task caches the newer figure. The public
    count must be the newer one once every task has finished."""
    petition = make_petition()
    first = add_signature(petition, confirmed=False)
    second = add_signature(petition, confirmed=False)
    confirmation_b = OwnConnectionThread(lambda: confirm_signature(second))

    class CacheWrittenLate:
        """The count's cache, with confirmation B slipped in before ``late`` writes the count."""

        def __init__(self, cache):
            self._cache = cache

        def __getattr__(self, name):
            return getattr(self._cache, name)

        def set(self, key, *args, **kwargs):
            self._confirm_b_first(key)
            return self._cache.set(key, *args, **kwargs)

        def add(self, key, *args, **kwargs):
            self._confirm_b_first(key)
            return self._cache.add(key, *args, **kwargs)

        def _confirm_b_first(self, key):
            if (
                key == caches.count_key(petition.pk)
                and threading.current_thread().name == late
                and confirmation_b.ident is None
            ):
                confirmation_b.start()
                # A fix that orders the cache writes may make B wait for ``late``: let it go on then.
                confirmation_b.join(timeout=5)

    monkeypatch.setattr(caches, "cache", CacheWrittenLate(caches.cache))
    if late == "counting-task":
        late_thread, expected = OwnConnectionThread(lambda: confirm_signature(first), name=late), 2
    else:
        late_thread, expected = (
            OwnConnectionThread(lambda: Client().get(count_url(petition)), name=late),
            1,
        )
    late_thread.start()
    late_thread.join(timeout=30)
    confirmation_b.join(timeout=30)
    assert confirmation_b.ident is not None, "confirmation B never ran"
    assert late_thread.error is None and confirmation_b.error is None, (
        late_thread.error,
        confirmation_b.error,
    )
    assert tally(petition) == expected
    assert PetitionPage.objects.get(pk=petition.pk).count() == expected


class OwnConnectionThread(threading.Thread):
    """``function()`` on a thread and connection of its own; ``error`` is what it raised."""

    def __init__(self, function, name=None):
        super().__init__(name=name)
        self.function, self.error = function, None

    def run(self):
        try:
            self.function()
        except Exception as error:  # noqa: BLE001 - asserted by the test
            self.error = error
        finally:
            connections.close_all()
