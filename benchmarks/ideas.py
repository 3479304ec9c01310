"""An idea board's listing with 5,000 ideas and 50,000 votes, beside a plain Wagtail page."""

from django.test import Client

GOAL = 1.5


def run(ideas=5000, votes=50000, rounds=60):
    from example_site.council.models import InformationPage

    from .data import add_page, analyze, bulk_ideas, bulk_votes, make_board, participants
    from .measure import interleaved

    board = make_board(title="Benchmark board", slug="benchmark-board")
    plain = add_page(InformationPage(title="Plain page", slug="plain-page", intro="A plain Wagtail page.",
                                     body=[("paragraph", "<p>Bins are collected every week.</p>")]))
    idea_ids = bulk_ideas(board, ideas)
    voters = participants(max(200, votes // max(1, ideas) * 4))
    bulk_votes(idea_ids, min(votes, len(idea_ids) * len(voters)), voters)
    analyze()
    client = Client()
    for url in (board.url, plain.url):
        assert client.get(url).status_code == 200, url

    def get(url):
        def call():
            response = client.get(url)
            assert response.status_code == 200

        return call

    timings = interleaved({
        "plain_page": get(plain.url),
        "listing_newest": get(board.url),
        "listing_supported": get(board.url + "?sort=supported"),
        "listing_trending": get(board.url + "?sort=trending"),
        "listing_search": get(board.url + "?q=park+better"),
    }, rounds=rounds)
    base = timings["plain_page"]["median_ms"]
    rows = []
    for name, figures in timings.items():
        ratio = round(figures["median_ms"] / base, 2) if base else None
        rows.append({
            "benchmark": f"ideas.{name}", "median_ms": figures["median_ms"], "p95_ms": figures["p95_ms"],
            "peer": "ideas.plain_page", "ratio": ratio if name != "plain_page" else 1.0,
            "goal": f"<= {GOAL}x" if name.startswith("listing") else "",
            "met": (ratio <= GOAL) if name.startswith("listing") else None,
        })
    return {"data": {"ideas": ideas, "votes": votes}, "rows": rows}
