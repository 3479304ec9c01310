"""Events: an event page, a registration and the site's calendar feed, each beside its peer.

- ``events.event_page``: an event page (anonymous visitor) against a plain Wagtail page of the
  example site. Goal: at most 1.5 times.
- ``events.registration``: a signed-in resident registering (the POST, with its email written
  to the outbox for a worker, as in production) against a Wagtail FormPage POST of the same
  size. Goal: no slower. ``events.registration_sending_email``: the same with the immediate
  task backend, which sends the email inside the request (no goal).
- ``events.calendar_feed``: an events index's calendar feed of 1,000 events against the
  plain page. Goal: at most 3 times, and the same number of queries for 10 events as for
  1,000. The feed is cached until an event below the index changes;
  ``events.calendar_feed_cold`` is the feed made afresh (no goal: once per change).

Every request goes through Django's test client (middleware, Wagtail's page serving, the
view, templates and queries; no web server), alternating with its peer so both see the same
machine.
"""

import datetime

from django.test import Client

PAGE_GOAL = 1.5
FEED_GOAL = 3.0
EVENTS = 1000
#: ``--quick``: a smoke run, not a measurement.
QUICK = {"events": 50, "rounds": 5}


def _pages(events):
    from django.utils import timezone

    from example_site.council.models import FormField, FormPage, InformationPage
    from wagtail_participation.events.models import EventIndexPage, EventPage

    from .data import add_page

    plain = add_page(
        InformationPage(
            title="Plain page",
            slug="plain-page-events",
            intro="A plain Wagtail page of the example site.",
            body=[("paragraph", "<p>Bins are collected every week.</p>")],
        )
    )
    index = add_page(EventIndexPage(title="Events", slug="bench-events"))
    start = timezone.now() + datetime.timedelta(days=2)
    for n in range(events):
        starts = start + datetime.timedelta(hours=7 * n)
        index.add_child(
            instance=EventPage(
                title=f"Meeting {n}",
                slug=f"meeting-{n}",
                starts_at=starts,
                ends_at=starts + datetime.timedelta(hours=2),
                address="Town Hall\nHigh Street",
                intro="<p>Come and tell us what you think.</p>",
                capacity=10**6,
                step_free=True,
                hearing_loop=True,
            )
        )
    event = EventPage.objects.get(slug="meeting-0")
    form = FormPage(title="Benchmark form (events)", slug="benchmark-form-events")
    add_page(form)
    FormField.objects.create(page=form, sort_order=0, label="Your name", field_type="singleline")
    form.save_revision().publish()
    return plain, index, event, form


def _queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def run(events=EVENTS, rounds=60):
    from wagtail_participation.core.conf import settings

    from .data import analyze, participants
    from .measure import interleaved

    plain, index, event, form = _pages(events)
    analyze()
    anonymous = Client()

    def get(url, marker):
        def call():
            response = anonymous.get(url)
            assert response.status_code == 200, (url, response.status_code)
            assert marker in response.content, url

        return call

    pages = interleaved(
        {
            "plain_page": get(plain.url, b"Bins are collected"),
            "event_page": get(event.url, b"Meeting 0"),
            "calendar_feed": get(index.feed_url, b"BEGIN:VEVENT"),
        },
        rounds=rounds,
    )

    # Registrations: a new resident for each POST (signed in, untimed, before it).
    residents = iter(participants(2 * rounds + 20, prefix="bench-events"))
    resident = Client()

    def sign_in_next():
        session = resident.session
        session[settings.SESSION_KEY] = next(residents).pk
        session.save()

    def register():
        response = resident.post(event.register_url, {"name": "Rosa Diaz"})
        assert response.status_code == 302, response.status_code

    poster = Client()

    def submit_form():
        response = poster.post(form.url, {"your_name": "Rosa Diaz"})
        assert response.status_code == 200, response.status_code

    # As in production, a worker sends the emails (DummyBackend: the task is only queued); the
    # request writes the registration and its email to the outbox, as a FormPage POST writes
    # its submission. The immediate backend's cost (sending in the request) is measured apart.
    from django.test import override_settings

    with override_settings(
        TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    ):
        posts = interleaved(
            {"registration": (sign_in_next, register), "formpage_submission": submit_form},
            rounds=rounds,
            warmup=5,
        )
    sending = interleaved(
        {"registration": (sign_in_next, register), "formpage_submission": submit_form},
        rounds=max(2, rounds // 3),
        warmup=2,
    )

    # The feed made afresh (its cache emptied first): after an event below the index changed.
    from django.core.cache import cache

    cold = interleaved(
        {
            "plain_page": get(plain.url, b"Bins are collected"),
            "calendar_feed_cold": (cache.clear, get(index.feed_url, b"BEGIN:VEVENT")),
        },
        rounds=max(2, rounds // 6),
        warmup=1,
    )
    few_index_queries = _feed_queries(index, 10)
    many_index_queries = _queries(anonymous, index.feed_url)
    base = pages["plain_page"]["median_ms"]
    rows = [{"benchmark": "events.plain_page", **pages["plain_page"], "ratio": 1.0, "met": None}]
    page_ratio = round(pages["event_page"]["median_ms"] / base, 2)
    rows.append(
        {
            "benchmark": "events.event_page",
            **pages["event_page"],
            "peer": "events.plain_page",
            "peer_median_ms": base,
            "ratio": page_ratio,
            "goal": f"<= {PAGE_GOAL}x",
            "met": page_ratio <= PAGE_GOAL,
        }
    )
    peer = posts["formpage_submission"]["median_ms"]
    post_ratio = round(posts["registration"]["median_ms"] / peer, 2)
    rows.append(
        {
            "benchmark": "events.registration",
            **posts["registration"],
            "peer": "wagtail FormPage POST",
            "peer_median_ms": peer,
            "ratio": post_ratio,
            "goal": "<= 1.0x",
            "met": post_ratio <= 1.0,
        }
    )
    rows.append(
        {
            "benchmark": "events.registration_sending_email",
            **sending["registration"],
            "peer": "wagtail FormPage POST",
            "peer_median_ms": sending["formpage_submission"]["median_ms"],
            "ratio": round(
                sending["registration"]["median_ms"] / sending["formpage_submission"]["median_ms"],
                2,
            ),
            "goal": "(no goal: the email sent in the request)",
            "met": None,
        }
    )
    feed_ratio = round(pages["calendar_feed"]["median_ms"] / base, 2)
    rows.append(
        {
            "benchmark": "events.calendar_feed",
            **pages["calendar_feed"],
            "peer": "events.plain_page",
            "peer_median_ms": base,
            "ratio": feed_ratio,
            "goal": f"<= {FEED_GOAL}x, same queries",
            "queries": {"10 events": few_index_queries, f"{events} events": many_index_queries},
            "met": feed_ratio <= FEED_GOAL and many_index_queries <= few_index_queries,
        }
    )
    rows.append(
        {
            "benchmark": "events.calendar_feed_cold",
            **cold["calendar_feed_cold"],
            "peer": "events.plain_page",
            "peer_median_ms": cold["plain_page"]["median_ms"],
            "ratio": round(
                cold["calendar_feed_cold"]["median_ms"] / cold["plain_page"]["median_ms"], 2
            ),
            "goal": "(no goal: made once per change)",
            "met": None,
        }
    )
    met = all(row["met"] for row in rows[1:] if row["met"] is not None)
    return {
        "data": {"events": events, "rounds": rounds},
        "setup": f"feed queries: {few_index_queries} for 10 events, "
        f"{many_index_queries} for {events}",
        "goal": f"event page <= {PAGE_GOAL}x a plain page, registration <= a FormPage POST, "
        f"feed of {events} events <= {FEED_GOAL}x a plain page with constant queries",
        "goal_met": met,
        "rows": rows,
    }


def _feed_queries(index, count):
    """The queries of a feed of ``count`` events (a second index with that many)."""
    from django.utils import timezone

    from wagtail_participation.events.models import EventIndexPage, EventPage

    from .data import add_page

    small = add_page(EventIndexPage(title="Few events", slug="bench-few-events"))
    start = timezone.now() + datetime.timedelta(days=2)
    for n in range(count):
        small.add_child(instance=EventPage(title=f"Few {n}", slug=f"few-{n}", starts_at=start))
    return _queries(Client(), small.feed_url)
