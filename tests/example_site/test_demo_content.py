from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def counts():
    """Rows in every table of every installed app (log entries and revisions included)."""
    return {m._meta.label: m._default_manager.count() for m in apps.get_models()}


def test_load_demo_content_twice_changes_nothing(client):
    call_command("load_demo_content", stdout=StringIO())
    first = counts()
    out = StringIO()
    call_command("load_demo_content", stdout=out)
    assert counts() == first
    assert "0 object(s) created" in out.getvalue()
    assert first["wagtail_participation_projects.ParticipationProjectPage"] == 2
    assert first["council.NewsArticlePage"] == 4
    assert first["wagtail_participation_petitions.PetitionPage"] == 3


DEMO_PAGES = [
    ("/", "Riverside Borough Council"),
    ("/have-your-say/", "Riverside Park renewal"),
    ("/have-your-say/?status=closed&topic=libraries-and-culture", "Library opening hours"),
    ("/have-your-say/riverside-park-renewal/", "Please keep the big willow"),
    ("/have-your-say/library-opening-hours/", "You said, we did"),
    ("/news/", "Have your say on Riverside Park"),
    ("/news/have-your-say-on-riverside-park/", "Riverside Park renewal"),
    ("/bins-and-recycling/", "Green bins"),
    ("/council-tax/", "instalments"),
    ("/participation/sign-in/", "Sign in to take part"),
    ("/have-your-say/riverside-park-renewal/ideas/", "Keep the big willow by the pond"),
    (
        "/have-your-say/riverside-park-renewal/ideas/?sort=supported&status=accepted",
        "More benches with backs",
    ),
    ("/have-your-say/riverside-park-renewal/ideas/feed/", "Raise the path from Mill Lane"),
    ("/have-your-say/riverside-park-renewal/visitor-survey/", "Which ward do you live in?"),
    ("/have-your-say/riverside-park-renewal/visitor-survey/results/", "300 responses"),
    ("/news/have-your-say-on-riverside-park/", "Should the park café stay open in winter?"),
    ("/petitions/", "Open the Central Library on Sundays"),
    ("/have-your-say/riverside-park-renewal/community-budget/", "You said, we did"),
    (
        "/have-your-say/riverside-park-renewal/community-budget/proposals/",
        "Skate ramp in South Park",
    ),
    ("/have-your-say/riverside-park-renewal/community-budget/results/", "North Ward"),
    ("/have-your-say/riverside-park-renewal/", "Riverside community budget: Voting"),
    ("/petitions/?status=responded", "A safe crossing on Station Road"),
    ("/petitions/sunday-opening-at-the-central-library/", "97</strong>"),
    ("/petitions/safe-crossing-on-station-road/", "flashing beacons"),
    ("/petitions/scrap-parking-charges-everywhere/", "This petition was rejected"),
    ("/petitions/sunday-opening-at-the-central-library/sign/", "Your postcode"),
    ("/news/sunday-library-petition-nears-its-target/", "Sign this petition"),
]


def test_demo_pages(client):
    call_command("load_demo_content", stdout=StringIO())
    for path, text in DEMO_PAGES:
        response = client.get(path)
        assert response.status_code == 200, path
        assert text in response.content.decode(), path


def test_demo_replaces_the_welcome_page_and_keeps_the_open_project_open():
    from wagtail.models import Page, Site

    from example_site.council.models import HomePage
    from wagtail_participation.core.models import Comment
    from wagtail_participation.core.phases import Phase
    from wagtail_participation.projects.models import ParticipationProjectPage

    call_command("load_demo_content", stdout=StringIO())
    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    assert not Page.objects.filter(depth=2, title__startswith="Welcome").exists()
    park = ParticipationProjectPage.objects.get(slug="riverside-park-renewal")
    library = ParticipationProjectPage.objects.get(slug="library-opening-hours")
    assert (park.status, library.status) == (Phase.OPEN, Phase.CLOSED)
    assert park.allow_comments and park.topics.exists() and park.areas.exists()
    assert Comment.objects.filter(page=park, moderation_state="published").count() >= 2
    assert library.updates.exists()


def test_demo_idea_board():
    from wagtail_participation.core.models import Comment
    from wagtail_participation.ideas.counts import recount_votes
    from wagtail_participation.ideas.models import Idea, IdeaBoardPage

    call_command("load_demo_content", stdout=StringIO())
    board = IdeaBoardPage.objects.get(slug="ideas")
    assert board.is_open and board.categories.count() == 3
    ideas = Idea.objects.filter(page=board)
    assert ideas.filter(moderation_state="published").count() == 12
    assert ideas.filter(moderation_state="pending").count() == 1
    assert ideas.exclude(response="").count() >= 5
    assert len(set(ideas.values_list("status", flat=True))) >= 6
    before = list(ideas.order_by("pk").values_list("support_count", "score", "comment_count"))
    assert sum(row[0] for row in before) > 100
    recount_votes()
    assert (
        list(ideas.order_by("pk").values_list("support_count", "score", "comment_count")) == before
    )
    assert Comment.objects.filter(target__in=ideas).count() == sum(row[2] for row in before)


def test_home_page_teases_the_idea_board(client):
    call_command("load_demo_content", stdout=StringIO())
    html = client.get("/").content.decode()
    assert "What would make Riverside Park better for you?" in html
    assert "/have-your-say/riverside-park-renewal/ideas/submit/" in html


def test_demo_budget():
    from wagtail_participation.budgeting.models import Ballot, BudgetPage, BudgetProposal
    from wagtail_participation.budgeting.results import budget_results

    call_command("load_demo_content", stdout=StringIO())
    budget = BudgetPage.objects.get(slug="community-budget")
    assert len(budget.areas()) == 3 and budget.citywide_budget == 100_000
    assert BudgetProposal.objects.on_budget(budget).count() == 21
    assert Ballot.objects.on_budget(budget).count() == 600
    results = budget_results(budget)
    assert [r.name for r in results] == ["City-wide", "North Ward", "South Ward", "Old Town"]
    for result in results:
        assert result.winners("greedy") and result.greedy_spent <= result.budget
    funded = BudgetProposal.objects.on_budget(budget).funded()
    assert funded.count() == 2 and all(p.updates.exists() for p in funded)


def test_demo_events(client):
    """Three upcoming events (one full with a waiting list, one online, one hybrid) and two
    past ones with their minutes."""
    from wagtail_participation.events.models import EventIndexPage, EventPage, Registration

    call_command("load_demo_content", stdout=StringIO())
    events = list(EventPage.objects.live())
    upcoming = [e for e in events if not e.is_past]
    past = [e for e in events if e.is_past]
    assert len(upcoming) == 3 and len(past) == 2
    assert {e.mode for e in upcoming} == {"in_person", "online", "hybrid"}
    assert all(e.minutes and e.attended_count for e in past)
    full = next(e for e in upcoming if e.capacity and e.places_left() == 0)
    assert Registration.objects.on_event(full).waiting().count() == 2
    index = EventIndexPage.objects.get()
    page = client.get(index.url).content.decode()
    assert "Park design workshop" in page and "First public meeting" in page
    assert "The event is full" in client.get(full.url).content.decode()
    assert b"BEGIN:VEVENT" in client.get(index.feed_url).content
