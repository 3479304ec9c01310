"""An idea board's listing with 5,000 ideas and 50,000 votes, beside a plain Wagtail page.

Every page is rendered by Django's test client (the whole request cycle: middleware,
Wagtail's page serving, the view, templates and queries; no web server), after a
warm-up, alternating between the listing and the plain page so both see the same
machine. The goal is a ratio: the listing at most GOAL times the plain page.
"""

from django.test import Client

GOAL = 1.5
#: The listings the goal is set for (anonymous visitors, the board's first page).
GOAL_ROWS = ("listing_newest", "listing_supported", "listing_trending")


def run(ideas=5000, votes=50000, rounds=60, warmup=5):
    from django.core.cache import cache

    from example_site.council.models import InformationPage
    from wagtail_participation.core.conf import settings
    from wagtail_participation.ideas.models import idea_status_choices
    from wagtail_participation.projects.models import Topic

    from .data import add_page, analyze, bulk_ideas, bulk_votes, make_board, participants
    from .measure import interleaved

    topics = [
        Topic.objects.get_or_create(slug=slug, defaults={"name": name})[0]
        for name, slug in (
            ("Parks", "bench-parks"),
            ("Roads", "bench-roads"),
            ("Housing", "bench-housing"),
        )
    ]
    board = make_board(title="Benchmark board", slug="benchmark-board", categories=topics)
    plain = add_page(
        InformationPage(
            title="Plain page",
            slug="plain-page",
            intro="A plain Wagtail page of the example site.",
            body=[("paragraph", "<p>Bins are collected every week.</p>")],
        )
    )
    voters = participants(max(50, min(votes // 10, 5000)))
    statuses = [value for value, _label in idea_status_choices()]
    idea_ids = bulk_ideas(board, ideas, authors=voters[:200], categories=topics, statuses=statuses)
    votes = bulk_votes(idea_ids, votes, voters)
    analyze()

    anonymous, resident = Client(), Client()
    session = resident.session
    session[settings.SESSION_KEY] = voters[0].pk
    session.save()

    def get(client, url, cold=False):
        def call():
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            assert b"wp-idea-card" in response.content or url == plain.url, url

        # A cold render: the cache (idea count, trending ranking, idea cards) emptied first.
        return (cache.clear, call) if cold else call

    from wagtail_participation.ideas import counts
    from wagtail_participation.ideas.models import Idea

    top_idea = Idea.objects.filter(pk__in=idea_ids).order_by("-score", "-pk").first()
    toggled = {"voted": False}

    def vote_or_unvote():
        """A resident supports the top idea, or takes it back: as after every vote, the cached
        page of results (and that idea's card) must be rendered again."""
        if toggled["voted"]:
            counts.remove_vote(top_idea, voters[-1])
        else:
            counts.cast_vote(top_idea, voters[-1], 1)
        toggled["voted"] = not toggled["voted"]

    timings = interleaved(
        {
            "plain_page": get(anonymous, plain.url),
            "listing_newest": get(anonymous, board.url),
            "listing_supported": get(anonymous, board.url + "?sort=supported"),
            "listing_trending": get(anonymous, board.url + "?sort=trending"),
            "listing_filtered": get(
                anonymous,
                board.url + f"?category={topics[0].slug}&status={statuses[0]}"
                "&sort=supported&page=2",
            ),
            "listing_search": get(anonymous, board.url + "?q=bench"),
            "listing_signed_in": get(resident, board.url + "?sort=supported"),
            "listing_busy_board": (vote_or_unvote, get(anonymous, board.url + "?sort=supported")),
        },
        rounds=rounds,
        warmup=warmup,
    )
    # Separately, as votes would slow the other rows down too: the listing rendered afresh
    # after every vote (IDEA_COUNT_LAG_SECONDS 0: the cached page of results is never reused).
    from django.test import override_settings

    with override_settings(WAGTAIL_PARTICIPATION_IDEA_COUNT_LAG_SECONDS=0):
        fresh = interleaved(
            {
                "plain_page": get(anonymous, plain.url),
                "listing_after_each_vote": (
                    vote_or_unvote,
                    get(anonymous, board.url + "?sort=supported"),
                ),
            },
            rounds=max(2, rounds // 2),
            warmup=warmup,
        )
    timings["listing_after_each_vote"] = {
        **fresh["listing_after_each_vote"],
        "peer_median_ms": fresh["plain_page"]["median_ms"],
    }
    # Separately, as emptying the cache would slow the other rows down too: the first
    # render after the cache was emptied (a restart, or every few minutes for trending).
    cold = interleaved(
        {
            "plain_page": get(anonymous, plain.url),
            "listing_cold_cache": get(anonymous, board.url + "?sort=trending", cold=True),
        },
        rounds=max(2, rounds // 3),
        warmup=1,
    )
    timings["listing_cold_cache"] = {
        **cold["listing_cold_cache"],
        "peer_median_ms": cold["plain_page"]["median_ms"],
    }
    base = timings["plain_page"]["median_ms"]
    rows = []
    for name, figures in timings.items():
        row = {"benchmark": f"ideas.{name}", **figures}
        if name == "plain_page":
            row.update(ratio=1.0, goal="", met=None)
        else:
            peer = row.pop("peer_median_ms", base)
            ratio = round(figures["median_ms"] / peer, 2) if peer else None
            row.update(
                peer="ideas.plain_page",
                peer_median_ms=peer,
                ratio=ratio,
                goal=f"<= {GOAL}x" if name in GOAL_ROWS else "(no goal)",
                met=(ratio is not None and ratio <= GOAL) if name in GOAL_ROWS else None,
            )
        rows.append(row)
    met = all(row["met"] for row in rows if row["benchmark"].removeprefix("ideas.") in GOAL_ROWS)
    return {
        "data": {
            "ideas": ideas,
            "votes": votes,
            "voters": len(voters),
            "rounds": rounds,
            "warmup": warmup,
            "page_size": settings.PAGE_SIZE,
        },
        "goal": f"listing (newest, supported, trending) <= {GOAL}x a plain Wagtail page",
        "goal_met": met,
        "rows": rows,
    }
