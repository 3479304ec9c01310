"""The example council's meetings (``load_demo_content``): three upcoming events (one full with
a waiting list, one online, one hybrid) and two past ones with their minutes, under an events
index in the riverside project."""

import datetime

from django.utils import timezone

NAMES = [
    ("tom@example.org", "Tom Baker"),
    ("amira@example.org", "Amira Khan"),
    ("li@example.org", "Li Wei"),
    ("grace@example.org", "Grace Okafor"),
    ("owen@example.org", "Owen Price"),
    ("sofia@example.org", "Sofia Rossi"),
]


def _at(now, days, hour, minute=0):
    """``days`` from today at ``hour``:``minute``, in the site's time zone."""
    day = timezone.localdate(now) + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def add_events(project, now, child, topics=(), areas=()):
    """Create the events (once); returns how many pages and registrations were made."""
    from wagtail_participation.core.models import Participant
    from wagtail_participation.events import services
    from wagtail_participation.events.models import EventIndexPage, EventPage, Registration

    index, created = child(
        project,
        EventIndexPage,
        "meetings",
        title="Meetings and workshops",
        intro="<p>Come and talk to us about the park: workshops on site, evening meetings at "
        "the town hall, and online sessions for those who cannot travel.</p>",
    )
    made = int(created)
    events = [
        dict(
            slug="design-workshop",
            title="Park design workshop",
            starts_at=_at(now, 9, 18, 30),
            ends_at=_at(now, 9, 20, 30),
            mode="in_person",
            address="Riverside Community Centre\n12 Mill Lane\nRiverside RV1 2AB",
            intro="<p>Plans on the tables, pens in hand: tell the landscape architects where "
            "the paths, the play area and the quiet garden should go.</p>",
            agenda="<ol><li>Welcome and what you told us so far</li><li>Three layouts, on "
            "the tables</li><li>What happens next</li></ol>",
            capacity=4,
            max_guests=1,
            step_free=True,
            hearing_loop=True,
            childcare=True,
            event_language="English",
        ),
        dict(
            slug="online-question-time",
            title="Online question time: the park's budget",
            starts_at=_at(now, 14, 12, 30),
            ends_at=_at(now, 14, 13, 30),
            mode="online",
            online_url="https://meet.example.org/riverside-park",
            intro="<p>A lunchtime session with the council's parks team: ask about the budget, "
            "the timetable and the contractors.</p>",
            event_language="English, with live captions",
        ),
        dict(
            slug="public-meeting",
            title="Public meeting: the final plan",
            starts_at=_at(now, 30, 19),
            ends_at=_at(now, 30, 21),
            mode="hybrid",
            address="Riverside Town Hall, Council Chamber\nHigh Street\nRiverside RV1 1AA",
            online_url="https://meet.example.org/riverside-final-plan",
            intro="<p>The final plan, and the council's answers to what residents said.</p>",
            capacity=120,
            max_guests=2,
            step_free=True,
            hearing_loop=True,
            sign_language=True,
            event_language="English, with BSL interpretation",
        ),
        dict(
            slug="site-walk",
            title="Walk of the park with the rangers",
            starts_at=_at(now, -40, 10),
            ends_at=_at(now, -40, 12),
            mode="in_person",
            address="Park gates, Mill Lane",
            intro="<p>A walk along the river path with the park rangers.</p>",
            minutes="<p>31 residents walked the river path. Most asked for the flooded path by "
            "Mill Lane to be raised, more benches by the pond and lighting at the school gate. "
            "All three are in the draft plan.</p>",
            attended_count=31,
            step_free=True,
        ),
        dict(
            slug="first-meeting",
            title="First public meeting",
            starts_at=_at(now, -60, 19),
            ends_at=_at(now, -60, 21),
            mode="hybrid",
            address="Riverside Town Hall, Council Chamber\nHigh Street",
            online_url="https://meet.example.org/riverside-first-meeting",
            intro="<p>The start of the park's renewal: what it is for, and how to take part.</p>",
            minutes="<p>64 people came, 22 more joined online. The council agreed to run an "
            "idea board, a survey and a participatory budget before drawing any plan; a "
            "councillor promised an answer to every idea with 20 supporters.</p>",
            attended_count=86,
            step_free=True,
            hearing_loop=True,
        ),
    ]
    pages = {}
    for fields in events:
        slug = fields.pop("slug")
        page, new = child(index, EventPage, slug, **fields)
        pages[slug] = page
        made += int(new)
        if new and (topics or areas):
            page.topics.set(topics)
            page.areas.set(areas)
            page.save_revision().publish()
    workshop = pages["design-workshop"]
    if not Registration.objects.on_event(workshop).exists():
        # Four places, six residents: the last two wait.
        for email, name in NAMES:
            participant, _ = Participant.objects.get_or_create(
                email=email, defaults={"display_name": name, "verified_at": now}
            )
            services.register(workshop, participant, name=name)
            made += 1
        for email, name in NAMES[:3]:
            participant = Participant.objects.get(email=email)
            services.register(pages["public-meeting"], participant, name=name)
            made += 1
    return made
