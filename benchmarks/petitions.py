"""A petition under a surge, over HTTP: residents sign and confirm while others read it.

gunicorn serves the example site (``benchmarks/settings_server.py``: DEBUG off,
persistent database connections, one Redis cache shared by the workers, anti-spam on
with one trusted proxy) on the throwaway benchmark database. In this process,
threads play residents, closed loop (each does its next action as soon as the last
one ended, with no pause):

- ``signers`` (32) sign one petition, each signature a resident of its own (own
  email address, own ``X-Forwarded-For`` address, so the per-IP limits apply but never
  bite) through every HTML request a browser makes: POST the sign form, follow the
  redirect to the "check your email" page, open the emailed confirmation link (GET),
  press its button (POST). A *confirmed signature* is one whose confirming POST
  answered 200; the link is read from the email the server sent (``benchmarks.mail``);
- ``readers`` (64) read the petition's page and its count endpoint, alternately.

Beside it, in the same run, the peer: the same number of clients POST a Wagtail
``FormPage`` (five fields) while the same readers read that form page. Phases
alternate (form, then petition) for ``rounds`` rounds of ``seconds`` each, after a
warm-up of both, so both see the same machine.

The counting task runs on django_tasks' ``ImmediateBackend`` (the example site's and
the package's default): after a confirmation commits, the confirming request itself
recounts, unless a recount is already due (the cache flag). After the load, the
count endpoint must settle on the exact number: the signatures there before plus
every confirmation the clients saw succeed, equal to the petition's tally and to a
``count(*)`` of its counted signatures.
"""

import collections
import html
import itertools
import re
import threading
import time

GOAL_RATE = 100  # confirmed signatures per second (three times the UK site's record peak)
#: ``--quick``: a smoke run (a few seconds of load, few residents), not a measurement.
QUICK = {
    "seconds": 2,
    "rounds": 1,
    "warmup": 1,
    "ramp": 0.5,
    "existing": 200,
    "signers": 8,
    "readers": 16,
    "settle_timeout": 15,
    "probe_count": 10,
    "min_fill": 1,
}
EMAIL_DOMAINS = [
    "outlook.com",
    "hotmail.com",
    "yahoo.com",
    "icloud.com",
    "aol.com",
    "proton.me",
    "btinternet.com",
    "yahoo.co.uk",
]  # shared by many residents: never limited as a domain
FORM_FIELDS = [
    ("Which ward do you live in?", "radio", ["North", "South", "Old Town"], "North"),
    ("How often do you visit the library?", "dropdown", ["Daily", "Weekly", "Monthly"], "Weekly"),
    ("Your street", "singleline", [], "12 Mill Lane"),
    ("What should change?", "multiline", [], "Open on Sundays, please. " * 3),
    ("Your email, for a reply", "email", [], "resident@example.org"),
]


def _setup(existing):
    """The petition (with ``existing`` confirmed signatures) and the peer FormPage."""
    import datetime

    from django.db import transaction
    from django.utils import timezone

    from example_site.council.models import FormField, FormPage
    from wagtail_participation.petitions.counts import recount
    from wagtail_participation.petitions.models import PetitionIndexPage, PetitionPage, Signature

    from . import peer
    from .data import add_page, analyze

    index = add_page(PetitionIndexPage(title="Petitions", slug="bench-petitions"))
    petition = add_page(
        PetitionPage(
            title="Keep the Riverside library open on Sundays",
            slug="keep-the-library-open",
            request="Keep the Riverside library open on Sundays.",
            background="Many residents work during the week and can only visit at the weekend.",
            # Both thresholds are crossed during the surge: staff are alerted mid-run, as they would be.
            response_threshold=existing + 100,
            debate_threshold=existing + 1000,
        ),
        parent=index,
    )
    earlier = timezone.now() - datetime.timedelta(days=3)
    with transaction.atomic():
        for start in range(0, existing, 5000):
            rows = []
            for n in range(start, min(existing, start + 5000)):
                address = f"earlier{n}@{EMAIL_DOMAINS[n % len(EMAIL_DOMAINS)]}"
                rows.append(
                    Signature.for_email(
                        address,
                        petition_id=petition.pk,
                        name=f"Resident {n}",
                        area="RB1 2AB",
                        created_at=earlier,
                        confirmed_at=earlier,
                    )
                )
            Signature.objects.bulk_create(rows)
    recount(petition.pk)

    form = FormPage(title="Tell us about the library", slug="bench-library-form")
    form = add_page(form)
    for n, (label, kind, choices, _value) in enumerate(FORM_FIELDS):
        FormField.objects.create(
            page=form,
            sort_order=n,
            label=label,
            field_type=kind,
            required=True,
            choices="\n".join(choices),
        )
    form.save_revision().publish()
    form = FormPage.objects.get(pk=form.pk)
    peer.create_table()
    analyze()
    return petition, form


class Surge:
    """The clients' side: sessions, the loops of signers, posters and readers, the tallies."""

    #: Sign forms each signer keeps open ahead: a form's token is used once and must be
    #: ``min_fill`` seconds old, so each signature opens the form for a later one (a browser
    #: per signer, as residents' browsers are) and sends the oldest form it holds.
    FORMS_AHEAD = 8

    def __init__(self, server, petition, form, run_id, min_fill=0):
        from django.urls import reverse

        from .load import HttpClient
        from .mail import redis_client

        self.http = HttpClient(server.host, server.port)
        self.redis = redis_client(server.redis_url)
        self.prefix = server.key_prefix
        self.run_id = run_id
        self.min_fill = min_fill
        self.petition_path = petition.url
        self.sign_path = petition.url + petition.reverse_subpage("sign")
        self.count_path = reverse("wagtail_participation_petitions:count", args=[petition.pk])
        self.form_path = form.url
        self.bare_path, self.bare_insert_path = "/bench/bare/", "/bench/bare/insert/"
        self.form_data = {
            field.clean_name: value
            for field, (_l, _k, _c, value) in zip(form.get_form_fields(), FORM_FIELDS, strict=True)
        }
        self.numbers = itertools.count(1)
        self.limit = (
            None  # the last signature number to start (the surge: a fixed number of signatures)
        )
        self.confirmed = 0
        self._lock = threading.Lock()

    # Sessions: what a browser has after showing the form (the CSRF cookie and token; for
    # the petition, the forms opened ahead, each with its single-use anti-spam token).

    def sign_session(self):
        response = self.http.get(self.sign_path, headers={"X-Forwarded-For": self.address(0)})
        assert response.status == 200, (self.sign_path, response.status)
        action = re.search(
            r'<form method="post" class="wp-form"[^>]*action="([^"]+)"', response.text
        )
        session = {
            "cookies": response.cookies,
            "csrf": self._hidden(response, "csrfmiddlewaretoken"),
            "tokens": collections.deque(
                [(time.monotonic(), self._hidden(response, "form_rendered"))]
            ),
            # where a browser posts the form: its action, else the page it came from
            "action": html.unescape(action.group(1)) if action else self.sign_path,
        }
        assert session["cookies"].get("csrftoken"), "no CSRF cookie on the sign form"
        for _ in range(self.FORMS_AHEAD - 1):
            more = self.http.get(
                self.sign_path,
                headers={"X-Forwarded-For": self.address(0)},
                cookies=session["cookies"],
            )
            assert more.status == 200, (self.sign_path, more.status)
            session["tokens"].append((time.monotonic(), self._hidden(more, "form_rendered")))
        return session

    def _open_sign_form(self, rec, session, headers):
        """Open the sign form for a later signature; the oldest form held, once old enough, or None."""
        start = time.perf_counter()
        response = self.http.get(self.sign_path, headers=headers, cookies=session["cookies"])
        if rec.expect("sign form GET", response, 200, start=start):
            session["tokens"].append((time.monotonic(), self._hidden(response, "form_rendered")))
        if not session["tokens"]:
            return None
        opened, token = session["tokens"].popleft()
        wait = opened + self.min_fill + 0.05 - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        return token

    def bare_session(self):
        response = self.http.get(self.bare_path)
        assert response.status == 200, (self.bare_path, response.status)
        return {"cookies": response.cookies, "csrf": self._hidden(response, "csrfmiddlewaretoken")}

    def form_session(self):
        response = self.http.get(self.form_path)
        assert response.status == 200, (self.form_path, response.status)
        return {"cookies": response.cookies, "csrf": self._hidden(response, "csrfmiddlewaretoken")}

    @staticmethod
    def _hidden(response, name):
        from .load import hidden_value

        value = hidden_value(response.text, name)
        assert value, f"no {name} in the form"
        return value

    @staticmethod
    def address(n):
        """A resident's own address (10.0.0.0/8), as the trusted proxy would forward it."""
        return f"10.{(n >> 16) & 255}.{(n >> 8) & 255}.{n & 255}"

    # The loops: one action per call.

    def signer(self, session, confirm_http=None, mail_timeout=15):
        """One signature per call; ``confirm_http``: another app server to follow the emailed link on."""
        from .mail import link_path, wait_for_mail

        http = self.http
        confirm_http = confirm_http or http
        fields = {
            "name": "",
            "email": "",
            "area": "RB1 2AB",
            "wants_updates": "on",
            "website": "",
            "csrfmiddlewaretoken": session["csrf"],
        }
        cookies = session["cookies"]

        def loop(rec, stop):
            n = next(self.numbers)
            if self.limit is not None and n > self.limit:
                stop.set()  # every signature has been started: the phase ends when they are done
                return
            email = f"signer{self.run_id}x{n}@{EMAIL_DOMAINS[n % len(EMAIL_DOMAINS)]}"
            headers = {"X-Forwarded-For": self.address(n)}
            begin = time.perf_counter()
            token = self._open_sign_form(rec, session, headers)
            if token is None:
                return
            start = time.perf_counter()
            response = http.post(
                session["action"],
                {**fields, "name": f"Signer {n}", "email": email, "form_rendered": token},
                headers=headers,
                cookies=cookies,
            )
            if not rec.expect("sign POST", response, 302, start=start):
                return
            if not (response.location or "").endswith("/signed/"):
                rec.error("sign POST: redirected elsewhere")
                return
            start = time.perf_counter()
            response = http.get(response.location, headers=headers, cookies=cookies)
            if not rec.expect("signed page GET", response, 200, start=start):
                return
            start = time.perf_counter()
            path = link_path(wait_for_mail(self.redis, self.prefix, email, timeout=mail_timeout))
            rec.request("email wait", start, time.perf_counter())
            if path is None:
                rec.error(f"confirmation email: none within {mail_timeout} s")
                return
            start = time.perf_counter()
            response = confirm_http.get(path, headers=headers, cookies=cookies)
            if not rec.expect("confirm page GET", response, 200, start=start):
                return
            start = time.perf_counter()
            response = confirm_http.post(
                path, {"csrfmiddlewaretoken": session["csrf"]}, headers=headers, cookies=cookies
            )
            if not rec.expect("confirm POST", response, 200, start=start):
                return
            with self._lock:
                self.confirmed += 1
            rec.action("signature", begin, time.perf_counter())

        loop.kind = "signer"
        return loop

    def poster(self, session, path=None, data=None, kind="FormPage POST", action="submission"):
        """One POST per call: the peer's FormPage, unless told another form (``bare_poster``)."""
        http = self.http
        path = path or self.form_path
        fields = {
            **(self.form_data if data is None else data),
            "csrfmiddlewaretoken": session["csrf"],
        }

        def loop(rec, stop):
            start = time.perf_counter()
            response = http.post(path, fields, cookies=session["cookies"])
            if rec.expect(kind, response, 200, start=start):
                rec.action(action, start, time.perf_counter())

        loop.kind = "poster"
        return loop

    def bare_poster(self, session):
        """The bare peer: one POST to a plain Django view that inserts one row (``benchmarks.peer``)."""
        return self.poster(
            session,
            self.bare_insert_path,
            {"body": "Open on Sundays, please."},
            kind="bare insert POST",
            action="bare insert",
        )

    def reader(self, paths, pause=0.0):
        """Reads ``paths`` in turn; ``pause``: seconds between reads (0: as fast as answered)."""
        http = self.http
        turn = itertools.cycle(paths)

        def loop(rec, stop):
            kind, path = next(turn)
            start = time.perf_counter()
            response = http.get(path)
            if rec.expect(kind, response, 200, start=start):
                rec.action("read", start, time.perf_counter())
            if pause:
                stop.wait(pause)

        loop.kind = "reader"
        return loop

    def shown_count(self):
        import json

        response = self.http.get(self.count_path)
        return json.loads(response.body)["signatures"] if response.status == 200 else None


SIGNATURE_REQUESTS = ("sign POST", "signed page GET", "confirm page GET", "confirm POST")


def _settle(surge, expected, timeout):
    """Wait until the petition shows ``expected`` signatures (or ``timeout`` s); (shown, seconds)."""
    stopped = time.perf_counter()
    shown = surge.shown_count()
    while shown != expected and time.perf_counter() - stopped < timeout:
        time.sleep(0.1)
        shown = surge.shown_count()
    return shown, round(time.perf_counter() - stopped, 2)


def _error_counts(recorders, server_errors):
    """Errors by kind over the recorders, plus the server log's error lines."""
    errors = {}
    for recorder in recorders:
        for kind, n in recorder.errors.items():
            errors[kind] = errors.get(kind, 0) + n
    if server_errors:
        errors["server log: error lines"] = len(server_errors)
    return errors


def _ratio(value, peer):
    return round(value / peer, 2) if value is not None and peer else None


def probe(surge, sign_session, form_session, bare_session, server, connection, count):
    """Server CPU per request, one request at a time (no queueing, no other load).

    ``count`` signatures, FormPage POSTs and reads of each kind, one after the other;
    after each request, the CPU the gunicorn workers and PostgreSQL's backends used
    since the last one is put down to it. Returns ({kind: {"app_ms", "database_ms",
    "total_ms", "alone_ms"}}, recorder): CPU milliseconds per request (``signature``:
    its four requests together) and the median time it took with the server otherwise idle.
    """
    from collections import defaultdict

    from .load import Recorder, summary
    from .server import cpu_snapshot, cpu_used

    class CpuRecorder(Recorder):
        def __init__(self):
            super().__init__()
            self.window = (0.0, float("inf"))
            self.cpu = defaultdict(lambda: [0.0, 0.0, 0])
            self.last = cpu_snapshot(server, connection)

        def request(self, kind, start, end):
            super().request(kind, start, end)
            now = cpu_snapshot(server, connection)
            used, self.last = cpu_used(self.last, now), now
            figures = self.cpu[kind]
            figures[0] += used["app"]
            figures[1] = (
                None
                if used["database"] is None or figures[1] is None
                else figures[1] + used["database"]
            )
            figures[2] += 1

    recorder = CpuRecorder()
    paths = {
        "petition page GET": surge.petition_path,
        "count.json GET": surge.count_path,
        "form page GET": surge.form_path,
    }
    loops = [
        surge.signer(sign_session),
        surge.poster(form_session),
        surge.bare_poster(bare_session),
        *(surge.reader([(kind, path)]) for kind, path in paths.items()),
    ]
    for loop in loops:
        for _ in range(count):
            loop(recorder, None)
    figures = {}
    for kind, (app, database, n) in recorder.cpu.items():
        if kind == "email wait":
            continue
        app_ms, database_ms = app * 1000 / n, None if database is None else database * 1000 / n
        figures[kind] = {
            "app_ms": round(app_ms, 2),
            "database_ms": None if database_ms is None else round(database_ms, 2),
            "total_ms": round(app_ms + (database_ms or 0), 2),
            "alone_ms": summary(recorder.latencies(kind))["median_ms"],
        }
    parts = [figures[kind] for kind in SIGNATURE_REQUESTS if kind in figures]
    if len(parts) == len(SIGNATURE_REQUESTS):
        database = [p["database_ms"] for p in parts]
        figures["signature"] = {
            "app_ms": round(sum(p["app_ms"] for p in parts), 2),
            "database_ms": None if None in database else round(sum(database), 2),
            "total_ms": round(sum(p["total_ms"] for p in parts), 2),
            "alone_ms": round(sum(p["alone_ms"] for p in parts), 2),
        }
    return figures, recorder


def run(
    seconds=10,
    rounds=3,
    signers=32,
    readers=64,
    workers=None,
    existing=10000,
    warmup=3,
    ramp=1.0,
    settle_timeout=60,
    probe_count=50,
    min_fill=3,
):
    """Measure; returns {"data", "goal", "goal_met", "rows", ...} as the other benchmarks do.

    ``seconds`` of load per side and round, after ``ramp`` seconds of each phase and a
    first unmeasured ``warmup`` of both sides; ``existing`` confirmed signatures on the
    petition before the surge; ``workers`` gunicorn sync workers (default 2 x CPUs + 1);
    ``probe_count`` actions of each kind, one at a time, for the server CPU per action;
    ``min_fill`` the anti-spam minimum fill time the server requires (its default, 3 s).
    """
    import os

    from django.db import connection

    from wagtail_participation.petitions.models import PetitionTally, Signature, SignatureValidity

    from .load import run_phase, summary
    from .server import cpu_snapshot, cpu_used, gunicorn

    petition, form = _setup(existing)
    started = time.perf_counter()
    load_before = os.getloadavg()
    with gunicorn(
        connection,
        workers=workers,
        min_fill_seconds=min_fill,
        ready_path=f"/participation/petitions/{petition.pk}/count.json",
    ) as server:
        surge = Surge(server, petition, form, run_id=os.getpid(), min_fill=min_fill)
        sign_sessions = [surge.sign_session() for _ in range(signers)]
        form_sessions = [surge.form_session() for _ in range(signers)]
        bare_sessions = [surge.bare_session() for _ in range(signers)]
        time.sleep(min_fill + 0.2)  # the sessions' forms are now old enough to be sent
        petition_reads = [
            ("petition page GET", surge.petition_path),
            ("count.json GET", surge.count_path),
        ]
        form_reads = [("form page GET", surge.form_path)]

        def petition_phase(length, ramp_):
            loops = [surge.signer(s) for s in sign_sessions] + [
                surge.reader(petition_reads[i % 2 :] + petition_reads[: i % 2])
                for i in range(readers)
            ]
            return run_phase(loops, length, ramp_)

        def form_phase(length, ramp_):
            loops = [surge.poster(s) for s in form_sessions] + [
                surge.reader(form_reads) for _ in range(readers)
            ]
            return run_phase(loops, length, ramp_)

        def bare_phase(length, ramp_):
            # The same readers as the petition's: only what the writers do differs.
            loops = [surge.bare_poster(s) for s in bare_sessions] + [
                surge.reader(petition_reads[i % 2 :] + petition_reads[: i % 2])
                for i in range(readers)
            ]
            return run_phase(loops, length, ramp_)

        warm = [form_phase(warmup, 0), bare_phase(warmup, 0), petition_phase(warmup, 0)]
        cpu, alone = probe(
            surge,
            sign_sessions[0],
            form_sessions[0],
            bare_sessions[0],
            server,
            connection,
            probe_count,
        )
        measured = {"form": [], "bare": [], "petition": []}
        server_cores = {"form": [], "bare": [], "petition": []}
        lag = []
        client_cpu = wall = 0.0
        for _round in range(rounds):
            for side, phase in (
                ("form", form_phase),
                ("bare", bare_phase),
                ("petition", petition_phase),
            ):
                before, times, begin = (
                    cpu_snapshot(server, connection),
                    os.times(),
                    time.perf_counter(),
                )
                measured[side].append(phase(seconds, ramp))
                used, span = (
                    cpu_used(before, cpu_snapshot(server, connection)),
                    time.perf_counter() - begin,
                )
                client_cpu += os.times().user + os.times().system - times.user - times.system
                wall += span
                server_cores[side].append(round((used["app"] + (used["database"] or 0)) / span, 2))
            with surge._lock:
                confirmed_now = surge.confirmed
            lag.append(existing + confirmed_now - (surge.shown_count() or 0))
        # The surge is over: the count must settle on the exact figure.
        expected = existing + surge.confirmed
        shown, settle_seconds = _settle(surge, expected, settle_timeout)
        server_errors = server.error_lines()
        worker_count, worker_class = server.workers, server.worker_class
        key_prefix, gunicorn_pid = server.key_prefix, server.process.pid
    elapsed = round(time.perf_counter() - started, 1)
    load_after = os.getloadavg()

    tally = (
        PetitionTally.objects.filter(petition_id=petition.pk)
        .values_list("signatures", flat=True)
        .first()
    )
    rows_counted = Signature.objects.counted().filter(petition_id=petition.pk).count()
    held = Signature.objects.filter(
        petition_id=petition.pk, validity=SignatureValidity.HELD
    ).count()
    pending = Signature.objects.filter(petition_id=petition.pk, confirmed_at__isnull=True).count()
    exact = shown == tally == rows_counted == expected

    errors = _error_counts(
        [*warm, alone, *measured["form"], *measured["bare"], *measured["petition"]], server_errors
    )
    error_total = sum(errors.values())

    def pooled(phase, kind, actions=False):
        values = []
        for recorder in measured[phase]:
            values += recorder.action_latencies(kind) if actions else recorder.latencies(kind)
        return summary(values)

    def rate(phase, kind):
        done = sum(r.completed(kind) for r in measured[phase])
        span = sum(r.window[1] - r.window[0] for r in measured[phase])
        return round(done / span, 1) if span else 0.0

    def per_round(phase, kind):
        return [round(r.completed(kind) / (r.window[1] - r.window[0]), 1) for r in measured[phase]]

    signature_rate, form_rate = rate("petition", "signature"), rate("form", "submission")
    bare_rate = rate("bare", "bare insert")
    # The ceiling: four requests per signature, each at best as cheap as the bare insert.
    ceiling = round(bare_rate / 4, 1)
    form_post = pooled("form", "FormPage POST")
    form_page = pooled("form", "form page GET")

    def against(name, figures, peer, peer_name):
        return {
            "benchmark": f"petitions.{name}",
            **figures,
            "peer": peer_name,
            "peer_median_ms": peer["median_ms"],
            "ratio": _ratio(figures["median_ms"], peer["median_ms"]),
            "goal": "(no goal)",
            "met": None,
        }

    # Server CPU (gunicorn workers and PostgreSQL) per action, measured one action at a time;
    # the capacity is what all the machine's cores could do if they did nothing else.
    cores = os.cpu_count() or 1
    sig_cpu = cpu.get("signature", {}).get("total_ms")
    form_cpu = cpu.get("FormPage POST", {}).get("total_ms")
    bare_cpu = cpu.get("bare insert POST", {}).get("total_ms")

    def capacity(cpu_ms):
        return round(cores * 1000 / cpu_ms, 1) if cpu_ms else None

    rows = [
        {
            "benchmark": "petitions.signatures_per_second",
            "value": signature_rate,
            "peer": "wagtail FormPage POSTs/s",
            "peer_value": form_rate,
            "ratio": _ratio(signature_rate, form_rate),
            "goal": f">= {GOAL_RATE}/s",
            "met": signature_rate >= GOAL_RATE,
        },
        {
            "benchmark": "petitions.bare_inserts_per_second",
            "value": bare_rate,
            "peer": "wagtail FormPage POSTs/s",
            "peer_value": form_rate,
            "ratio": _ratio(bare_rate, form_rate),
            "goal": "(the stack's limit)",
            "met": None,
        },
        {
            "benchmark": "petitions.stack_ceiling_per_second",
            "value": ceiling,
            "peer": "signatures/s",
            "peer_value": signature_rate,
            "ratio": _ratio(signature_rate, ceiling),
            "goal": "(bare / 4)",
            "met": None,
        },
        against(
            "signature_ms",
            pooled("petition", "signature", actions=True),
            form_post,
            "wagtail FormPage POST",
        ),
        against("sign_post", pooled("petition", "sign POST"), form_post, "wagtail FormPage POST"),
        against(
            "signed_page_get",
            pooled("petition", "signed page GET"),
            form_page,
            "wagtail FormPage GET",
        ),
        against(
            "confirm_page_get",
            pooled("petition", "confirm page GET"),
            form_page,
            "wagtail FormPage GET",
        ),
        against(
            "confirm_post", pooled("petition", "confirm POST"), form_post, "wagtail FormPage POST"
        ),
        against(
            "read_petition_page",
            pooled("petition", "petition page GET"),
            form_page,
            "wagtail FormPage GET",
        ),
        {
            "benchmark": "petitions.read_count_json",
            **pooled("petition", "count.json GET"),
            "peer": "",
            "goal": "(no goal)",
            "met": None,
        },
        {
            "benchmark": "petitions.reads_per_second",
            "value": rate("petition", "read"),
            "peer": "reads of the FormPage/s",
            "peer_value": rate("form", "read"),
            "ratio": _ratio(rate("petition", "read"), rate("form", "read")),
            "goal": "(no goal)",
            "met": None,
        },
        {
            "benchmark": "petitions.formpage_post",
            **form_post,
            "peer": "",
            "ratio": 1.0,
            "goal": "",
            "met": None,
        },
        {
            "benchmark": "petitions.cpu_ms_per_signature",
            "value": sig_cpu,
            "peer": "wagtail FormPage POST",
            "peer_value": form_cpu,
            "ratio": _ratio(sig_cpu, form_cpu),
            "goal": "(no goal)",
            "met": None,
        },
        {
            "benchmark": "petitions.cpu_ms_per_bare_insert",
            "value": bare_cpu,
            "peer": "wagtail FormPage POST",
            "peer_value": form_cpu,
            "ratio": _ratio(bare_cpu, form_cpu),
            "goal": "(no goal)",
            "met": None,
        },
        {
            "benchmark": "petitions.capacity_per_second",
            "value": capacity(sig_cpu),
            "peer": "wagtail FormPage POSTs/s",
            "peer_value": capacity(form_cpu),
            "ratio": _ratio(capacity(sig_cpu), capacity(form_cpu)),
            "goal": "(estimate)",
            "met": None,
        },
        {
            "benchmark": "petitions.errors",
            "value": error_total,
            "goal": "0",
            "met": error_total == 0,
        },
        {
            "benchmark": "petitions.final_count",
            "value": shown,
            "peer": "signatures confirmed (DB)",
            "peer_value": expected,
            "goal": "exact",
            "met": exact,
        },
    ]
    met = signature_rate >= GOAL_RATE and error_total == 0 and exact
    return {
        "data": {
            "server": f"gunicorn, {worker_count} {worker_class} workers, Redis cache, PostgreSQL",
            "tasks": "django_tasks ImmediateBackend (count and emails run in the request, after commit)",
            "antispam": "on: honeypot, fill time, per-IP limits (one trusted proxy, an address per resident)",
            "signers": signers,
            "readers": readers,
            "rounds": rounds,
            "seconds": seconds,
            "warmup": warmup,
            "existing_signatures": existing,
            "requests_per_signature": 4,
            "signatures_per_second_by_round": per_round("petition", "signature"),
            "formpage_posts_per_second_by_round": per_round("form", "submission"),
            "bare_inserts_per_second_by_round": per_round("bare", "bare insert"),
            "count_lag_at_end_of_round": lag,
            "server_cpu_ms_per_action": cpu,
            "server_cores_used_by_phase": server_cores,
            "client_cores_used": round(client_cpu / wall, 2) if wall else None,
            "load_average_before": [round(x, 2) for x in load_before],
            "load_average_after": [round(x, 2) for x in load_after],
            "elapsed_seconds": elapsed,
            "redis_key_prefix": key_prefix,
            "gunicorn_pid": gunicorn_pid,
        },
        "count": {
            "expected": expected,
            "shown": shown,
            "tally": tally,
            "counted_rows": rows_counted,
            "confirmed_in_run": surge.confirmed,
            "held": held,
            "pending": pending,
            "settle_seconds": settle_seconds,
            "exact": exact,
        },
        "errors": errors,
        "server_errors": server_errors[:20],
        "setup": (
            f"gunicorn {worker_count} {worker_class} workers, Redis, ImmediateBackend; {signers} signers "
            f"(4 requests per signature) + {readers} readers; {rounds} x {seconds} s per side; "
            f"{existing:,} signatures before; count settled in {settle_seconds} s; load average "
            f"{load_before[0]:.1f} before, {load_after[0]:.1f} after"
        ),
        "goal": f">= {GOAL_RATE} confirmed signatures/s, no errors, exact count",
        "goal_met": met,
        "rows": rows,
    }
