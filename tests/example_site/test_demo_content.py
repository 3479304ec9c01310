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
    assert first["wagtail_participation_projects.ParticipationProjectPage"] == 4
    assert first["council.NewsArticlePage"] == 4
    assert first["wagtail_participation_petitions.PetitionPage"] == 3


DEMO_PAGES = [
    ("/", "Riverside Borough Council"),
    ("/have-your-say/", "Riverside Park renewal"),
    ("/have-your-say/?status=closed&topic=libraries-and-culture", "Library opening hours"),
    ("/have-your-say/riverside-park-renewal/", "Please keep the big willow"),
    ("/have-your-say/library-opening-hours/", "You said, we did"),
    ("/have-your-say/?status=upcoming", "A cycle lane on Station Road"),
    ("/have-your-say/station-road-cycle-lane/", "Consultation opens"),
    ("/have-your-say/?topic=housing", "New homes at Mill Quarter"),
    ("/have-your-say/mill-quarter-new-homes/", "Daniel Okafor"),
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


def test_demo_projects_differ_in_phase_and_topic_and_have_pictures():
    from wagtail_participation.core.phases import Phase
    from wagtail_participation.projects.models import ParticipationProjectPage

    call_command("load_demo_content", stdout=StringIO())
    projects = list(ParticipationProjectPage.objects.live())
    assert len(projects) >= 4
    assert {p.status for p in projects} == {Phase.OPEN, Phase.UPCOMING, Phase.CLOSED}
    topics = [tuple(p.topics.values_list("slug", flat=True)) for p in projects]
    assert all(topics) and len(set(topics)) == len(projects)
    assert all(p.image and p.milestones.exists() for p in projects)
    assert len({p.image_id for p in projects}) == len(projects)


def test_closed_demo_project_says_what_the_council_did(client):
    from wagtail_participation.core.phases import Phase
    from wagtail_participation.projects.models import ParticipationProjectPage

    call_command("load_demo_content", stdout=StringIO())
    closed = [p for p in ParticipationProjectPage.objects.live() if p.status == Phase.CLOSED]
    assert closed
    updates = [u for p in closed for u in p.updates.all()]
    assert len(updates) >= 2 and any(u.title == "You said, we did" for u in updates)
    html = client.get(closed[0].url).content.decode()
    assert all(u.title in html for u in closed[0].updates.all())


def _is_a_drawing(file):
    """A picture, not a placeholder: many colours, and neither a flat fill nor one pattern."""
    from PIL import Image, ImageStat

    with Image.open(file) as image:
        small = image.convert("RGB").resize((120, 68))
    colours = small.getcolors(120 * 68)
    spread = ImageStat.Stat(small).stddev
    # the old placeholder: one colour plus white stripes (two colours, JPEG noise aside)
    main = sorted(colours, reverse=True)[:2]
    return len(colours) > 200 and sum(n for n, _ in main) < 0.5 * 120 * 68 and min(spread) > 20


def test_demo_photographs_are_drawn_scenes_not_placeholders():
    from wagtail.images import get_image_model

    from example_site.council import demo_pictures
    from wagtail_participation.ideas.models import Idea

    call_command("load_demo_content", stdout=StringIO())
    images = list(get_image_model().objects.all())
    assert len(images) >= 4
    for image in images:
        assert "-drawn" in image.file.name
        with image.open_file() as file:
            assert _is_a_drawing(file), image.title
    with_photos = Idea.objects.exclude(image="")
    assert with_photos.count() >= 4
    for idea in with_photos:
        assert idea.image_alt
        with idea.image.open() as file:
            assert _is_a_drawing(file), idea.title
    # the same picture every time (seeded), and each scene its own
    assert demo_pictures.draw("park") == demo_pictures.draw("park")
    assert len({demo_pictures.draw(name) for name in demo_pictures.SCENES}) == len(
        demo_pictures.SCENES
    )


def test_demo_ideas_have_places_on_the_map():
    from wagtail_participation.ideas.models import Idea

    call_command("load_demo_content", stdout=StringIO())
    ideas = list(Idea.objects.filter(page__slug="ideas"))
    assert ideas and all(idea.has_location and idea.address for idea in ideas)
    latitudes = [float(idea.latitude) for idea in ideas]
    longitudes = [float(idea.longitude) for idea in ideas]
    # in Great Britain, within a town centre's size (about a kilometre across)
    assert all(49.9 < lat < 58.7 for lat in latitudes)
    assert all(-8.2 < lon < 1.8 for lon in longitudes)
    assert max(latitudes) - min(latitudes) < 0.01 and max(longitudes) - min(longitudes) < 0.015
    assert len(set(zip(latitudes, longitudes, strict=True))) == len(ideas)


def test_an_older_demo_database_gets_pictures_and_places():
    """A database made before the drawn pictures: striped images redrawn, ideas placed."""
    import io

    from django.core.files.images import ImageFile
    from PIL import Image as PILImage
    from PIL import ImageDraw
    from wagtail.images import get_image_model

    from wagtail_participation.ideas.models import Idea

    Image = get_image_model()
    canvas = PILImage.new("RGB", (1200, 675), (0, 89, 79))
    draw = ImageDraw.Draw(canvas)
    for i in range(0, 1200, 60):
        draw.line([(i, 675), (i + 300, 300)], fill=(255, 255, 255), width=3)
    buffer = io.BytesIO()
    canvas.save(buffer, format="PNG")
    old = Image.objects.create(
        title="Riverside Park", file=ImageFile(buffer, name="riverside-park.png")
    )
    call_command("load_demo_content", stdout=StringIO())
    old.refresh_from_db()
    assert "-drawn" in old.file.name and Image.objects.filter(title="Riverside Park").count() == 1
    with old.open_file() as file:
        assert _is_a_drawing(file)
    assert old.width == 1200 and old.file_size and old.file_hash

    Idea.objects.update(latitude=None, longitude=None, image="")
    out = StringIO()
    call_command("load_demo_content", stdout=out)
    assert "0 object(s)" not in out.getvalue()
    assert not Idea.objects.filter(page__slug="ideas", latitude__isnull=True).exists()
    assert Idea.objects.exclude(image="").count() >= 4
