"""Fill the example site with a believable council: ``manage.py load_demo_content``.

Idempotent: every object is looked up by slug, title or email before it is
created, so running the command again changes nothing.
"""

import datetime
import io
from decimal import Decimal

from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.images import get_image_model
from wagtail.models import Collection, Locale, Page, Site
from wagtail.rich_text import RichText

from example_site.council.demo_events import add_events
from example_site.council.models import HomePage, InformationPage, NewsArticlePage, NewsIndexPage
from wagtail_participation.core.models import Comment, ModerationMode, ModerationState, Participant
from wagtail_participation.ideas.counts import cast_vote, refresh_comment_count
from wagtail_participation.ideas.models import Idea, IdeaBoardPage, IdeaVote, VotingMode
from wagtail_participation.petitions.counts import recount
from wagtail_participation.petitions.models import (
    PetitionIndexPage,
    PetitionPage,
    PetitionState,
    Signature,
)
from wagtail_participation.projects.models import (
    Area,
    ParticipationIndexPage,
    ParticipationProjectPage,
    ProjectMilestone,
    ProjectUpdate,
    Topic,
)
from wagtail_participation.surveys.models import Poll, PollChoice, SurveyPage, SurveyResponse

TOPICS = [
    ("parks-and-green-spaces", "Parks and green spaces"),
    ("libraries-and-culture", "Libraries and culture"),
    ("transport", "Transport"),
    ("housing", "Housing"),
]
# What the demo's pages promise (the petitions index, the news): every demo petition carries them.
PETITION_RESPONSE_THRESHOLD = 100
PETITION_DEBATE_THRESHOLD = 500
IDEA_CATEGORIES = [
    ("play-and-sport", "Play and sport"),
    ("nature-and-water", "Nature and water"),
    ("paths-and-access", "Paths and access"),
]
# (title, description, category, author, status, response, address, supporters, against: unused on a
# support-only board)
IDEAS = [
    (
        "Raise the path from Mill Lane",
        "The path floods every winter. Raise it or add drains so people can "
        "walk to the station dry.",
        "paths-and-access",
        "amira",
        "accepted",
        "<p>Yes. Our engineers will raise 120 metres of path and add two drains as part of the renewal.</p>",
        "Mill Lane entrance",
        14,
        0,
    ),
    (
        "Keep the big willow by the pond",
        "It is the heart of the park: shade in summer and a meeting place.",
        "nature-and-water",
        "maria",
        "implemented",
        "<p>The willow stays. Our tree officer has checked it and it is healthy; the designs keep it.</p>",
        "The pond",
        21,
        1,
    ),
    (
        "A water play area for toddlers",
        "Something like the splash pad in Old Town, for hot days.",
        "play-and-sport",
        "tom",
        "under_consideration",
        "",
        "",
        11,
        2,
    ),
    (
        "Outdoor table tennis",
        "Two concrete tables near the café would get teenagers out.",
        "play-and-sport",
        "li",
        "in_progress",
        "<p>Two tables are ordered and will be installed in the spring.</p>",
        "Near the café",
        9,
        1,
    ),
    (
        "More benches with backs",
        "Older people need somewhere to rest on the long loop path.",
        "paths-and-access",
        "ewa",
        "accepted",
        "<p>We will add eight benches with backs and arm rests.</p>",
        "",
        16,
        0,
    ),
    (
        "Wildflower meadow instead of mown grass",
        "Let the north field grow long for bees and butterflies.",
        "nature-and-water",
        "sam",
        "under_consideration",
        "",
        "North field",
        8,
        3,
    ),
    (
        "Floodlit football pitch",
        "A small all-weather pitch with lights for winter evenings.",
        "play-and-sport",
        "kwame",
        "not_feasible",
        "<p>Thank you. Floodlights so close to homes would need planning permission we are unlikely to get, "
        "but the renewal includes a new unlit pitch.</p>",
        "",
        6,
        4,
    ),
    (
        "Clean the pond properly",
        "It smells in August. Aerate it and remove the silt.",
        "nature-and-water",
        "maria",
        "submitted",
        "",
        "The pond",
        7,
        0,
    ),
    (
        "Step-free entrance from Station Road",
        "The steps make the park hard to reach with a buggy or wheelchair.",
        "paths-and-access",
        "ewa",
        "submitted",
        "",
        "Station Road gate",
        10,
        0,
    ),
    (
        "Public toilets open all year",
        "The toilets close in October. Families need them all year.",
        "paths-and-access",
        "li",
        "submitted",
        "",
        "",
        5,
        0,
    ),
    (
        "Bat boxes along the river",
        "Bats feed over the water at dusk; boxes would help them roost.",
        "nature-and-water",
        "sam",
        "submitted",
        "",
        "River walk",
        3,
        0,
    ),
    (
        "Outdoor gym for adults",
        "Simple fitness equipment beside the running track.",
        "play-and-sport",
        "kwame",
        "rejected",
        "<p>We decided against this: the outdoor gym in Old Town Park, 10 minutes away, is little used.</p>",
        "",
        2,
        5,
    ),
]
# Where each idea is: (place, latitude, longitude) around the park (a town centre's size: about
# 600 by 400 metres), so a board's map shows every published idea.
IDEA_PLACES = {
    "Raise the path from Mill Lane": ("Mill Lane entrance", "51.752021", "-1.257726"),
    "Keep the big willow by the pond": ("The pond", "51.753380", "-1.254910"),
    "A water play area for toddlers": ("Play area", "51.751240", "-1.255480"),
    "Outdoor table tennis": ("Near the café", "51.752610", "-1.253770"),
    "More benches with backs": ("Loop path", "51.754120", "-1.256340"),
    "Wildflower meadow instead of mown grass": ("North field", "51.755070", "-1.254150"),
    "Floodlit football pitch": ("Playing fields", "51.750860", "-1.252360"),
    "Clean the pond properly": ("The pond", "51.753120", "-1.255380"),
    "Step-free entrance from Station Road": ("Station Road gate", "51.750410", "-1.256920"),
    "Public toilets open all year": ("Café toilets", "51.752440", "-1.253460"),
    "Bat boxes along the river": ("River walk", "51.753960", "-1.251690"),
    "Outdoor gym for adults": ("Running track", "51.751570", "-1.251420"),
    "Dog-free area near the playground": ("Play area", "51.751050", "-1.255010"),
}
# Photographs residents attached: (drawn scene, description).
IDEA_PHOTOS = {
    "Raise the path from Mill Lane": (
        "flooded-path",
        "The path at the Mill Lane entrance under water after rain",
    ),
    "Keep the big willow by the pond": (
        "pond",
        "The willow leaning over the pond, ducks on the water",
    ),
    "More benches with backs": ("benches", "Three old benches without backs on the loop path"),
    "A water play area for toddlers": ("playground", "The play area today: swings and a slide"),
    "Dog-free area near the playground": (
        "playground",
        "The playground and the open grass beside it",
    ),
}
AREAS = [
    ("riverside-north", "Riverside North"),
    ("old-town", "Old Town"),
    ("whole-borough", "Whole borough"),
]


def child(parent, model, slug, **fields):
    """The child of ``parent`` with ``slug``, created (live) with ``fields`` if missing."""
    existing = model.objects.child_of(parent).filter(slug=slug).first()
    if existing:
        return existing, False
    page = model(slug=slug, live=True, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return model.objects.get(pk=page.pk), True


def _promised_thresholds(petition):
    """Give a petition of an older demo database the thresholds the pages promise; 1 if it changed."""
    if (petition.response_threshold, petition.debate_threshold) == (
        PETITION_RESPONSE_THRESHOLD,
        PETITION_DEBATE_THRESHOLD,
    ):
        return 0
    petition.response_threshold = PETITION_RESPONSE_THRESHOLD
    petition.debate_threshold = PETITION_DEBATE_THRESHOLD
    petition.save_revision().publish()
    return 1


def demo_image(title, scene):
    """The Wagtail image ``title``: the drawn ``scene`` (demo_pictures), created or redrawn.

    Databases made by older demos hold striped placeholders under the same titles: those are
    redrawn in place, so the pages that use them keep them.
    """
    from example_site.council import demo_pictures

    Image = get_image_model()
    name = f"{slugify(title)}-{scene}-drawn.jpg"
    image = Image.objects.filter(title=title).first()
    if image and "-drawn" in image.file.name:
        return image, 0
    file = ImageFile(io.BytesIO(demo_pictures.draw(scene)), name=name)
    if image is None:
        return Image.objects.create(title=title, file=file), 1
    image.renditions.all().delete()
    image.file.delete(save=False)
    image.file = file
    image._set_image_file_metadata()
    image.save()
    return image, 1


def para(html):
    return ("paragraph", RichText(html))


class Command(BaseCommand):
    help = "Create (once) the example council's pages, projects, topics, areas and comments."

    @transaction.atomic
    def handle(self, *args, **options):
        today = timezone.localdate()
        now = timezone.now()
        home, created = self._home()

        locale = Locale.get_default()
        topics = {
            slug: Topic.objects.get_or_create(slug=slug, locale=locale, defaults={"name": name})[0]
            for slug, name in TOPICS
        }
        areas = {
            slug: Area.objects.get_or_create(slug=slug, locale=locale, defaults={"name": name})[0]
            for slug, name in AREAS
        }

        park_image, new = demo_image("Riverside Park", "park")
        created += new
        library_image, new = demo_image("Central Library", "library")
        created += new

        # Information pages
        for slug, title, intro, text in [
            (
                "bins-and-recycling",
                "Bins and recycling",
                "Collection days, what goes in which bin, and bulky waste.",
                "<p>Green bins are collected every week, blue recycling bins every other week. "
                "Put your bins out by 7am on your collection day.</p>",
            ),
            (
                "council-tax",
                "Council tax",
                "Bands, payments and discounts.",
                "<p>You can pay your council tax in 10 or 12 monthly instalments. "
                "Single people living alone get a 25% discount.</p>",
            ),
            (
                "contact-us",
                "Contact us",
                "How to reach the council.",
                "<p>Call 01234 567890 (Monday to Friday, 9am to 5pm) or visit the Town Hall.</p>",
            ),
        ]:
            _, new = child(
                home,
                InformationPage,
                slug,
                title=title,
                intro=intro,
                body=[para(text)],
                show_in_menus=slug != "contact-us",
            )
            created += new

        # Participation
        have_your_say, new = child(
            home,
            ParticipationIndexPage,
            "have-your-say",
            title="Have your say",
            show_in_menus=True,
            intro="<p>Help shape Riverside. Join an open project, see what others said, "
            "and find out what the council did with your input.</p>",
        )
        created += new
        park, new = child(
            have_your_say,
            ParticipationProjectPage,
            "riverside-park-renewal",
            title="Riverside Park renewal",
            summary="The park's play area, paths and pond need renewing. Tell us what you love about "
            "the park and what should change.",
            image=park_image,
            start_date=today - datetime.timedelta(days=20),
            end_date=today + datetime.timedelta(days=40),
            allow_comments=True,
            moderation_mode=ModerationMode.POST,
            body=[
                para(
                    "<p>Riverside Park opened in 1962. Its play area is worn out, the paths flood in winter "
                    "and the pond needs cleaning. We have £1.2 million to spend over the next two years.</p>"
                    "<p>Before our landscape architects draw anything, we want to hear from you.</p>"
                ),
                (
                    "faq",
                    {
                        "heading": "Questions and answers",
                        "items": [
                            {
                                "question": "Will the park close during the works?",
                                "answer": RichText(
                                    "<p>No. We will work in phases and keep most of the park open.</p>"
                                ),
                            },
                            {
                                "question": "Can I see the plans before they are final?",
                                "answer": RichText(
                                    "<p>Yes. Draft designs will be shown here and at the library in spring.</p>"
                                ),
                            },
                        ],
                    },
                ),
                (
                    "contact",
                    {
                        "name": "Priya Shah",
                        "role": "Parks project officer",
                        "email": "parks@riverside.example",
                        "phone": "01234 567891",
                    },
                ),
            ],
        )
        if new:
            created += 1
            park.topics.set([topics["parks-and-green-spaces"]])
            park.areas.set([areas["riverside-north"]])
            for offset, title, description in [
                (-20, "Ideas and comments open", "Tell us what you think."),
                (40, "Comments close", ""),
                (90, "Draft designs shown", "At the library and on this page."),
                (300, "Works start", ""),
            ]:
                ProjectMilestone.objects.create(
                    page=park,
                    date=today + datetime.timedelta(days=offset),
                    title=title,
                    description=description,
                )
            park.save_revision().publish()

        library, new = child(
            have_your_say,
            ParticipationProjectPage,
            "library-opening-hours",
            title="Library opening hours",
            summary="We asked when our libraries should open. Here is what you told us and what we changed.",
            image=library_image,
            start_date=today - datetime.timedelta(days=200),
            end_date=today - datetime.timedelta(days=140),
            allow_comments=False,
            body=[
                para(
                    "<p>Between March and May we asked residents how they use the Central Library and the "
                    "two branch libraries, and when they would like them to open.</p>"
                )
            ],
        )
        if new:
            created += 1
            library.topics.set([topics["libraries-and-culture"]])
            library.areas.set([areas["whole-borough"], areas["old-town"]])
            ProjectMilestone.objects.create(
                page=library, date=today - datetime.timedelta(days=200), title="Survey opens"
            )
            ProjectMilestone.objects.create(
                page=library, date=today - datetime.timedelta(days=140), title="Survey closes"
            )
            ProjectUpdate.objects.create(
                page=library,
                date=today - datetime.timedelta(days=110),
                title="You said, we did",
                body="<p>1,240 residents answered. Most of you asked for later opening on weekdays, so from "
                "September the Central Library opens until 8pm on Tuesdays and Thursdays.</p>",
            )
            ProjectUpdate.objects.create(
                page=library,
                date=today - datetime.timedelta(days=60),
                title="Sunday opening trial",
                body="<p>The Old Town branch now opens on Sundays from 11am to 3pm, as a six-month trial.</p>",
            )
            library.save_revision().publish()

        created += self._more_projects(have_your_say, topics, areas, today)

        # Demo residents and their comments on the open project
        residents = {}
        for email, name in [
            ("maria@example.org", "Maria"),
            ("tom@example.org", "Tom"),
            ("amira@example.org", "Amira"),
        ]:
            residents[email], _ = Participant.objects.get_or_create(
                email=email, defaults={"display_name": name, "verified_at": now}
            )
        if not Comment.objects.filter(page=park).exists():
            first = Comment.objects.create(
                page=park,
                author=residents["maria@example.org"],
                moderation_state=ModerationState.PUBLISHED,
                body="Please keep the big willow by the pond. My children love its shade in summer.",
            )
            Comment.objects.create(
                page=park,
                author=residents["tom@example.org"],
                reply_to=first,
                moderation_state=ModerationState.PUBLISHED,
                body="Agreed. A few benches around it would be lovely too.",
            )
            Comment.objects.create(
                page=park,
                author=residents["amira@example.org"],
                moderation_state=ModerationState.PUBLISHED,
                body="The path from Mill Lane floods every winter. Could it be raised or drained?",
            )
            created += 3

        created += self._idea_board(park, locale, residents, now)
        created += self._idea_places_and_photos()
        created += self._survey(park, now)
        created += self._budget(park, now)
        created += add_events(
            park,
            now,
            child,
            topics=[topics["parks-and-green-spaces"]],
            areas=[areas["riverside-north"]],
        )
        poll = self._poll()
        petitions, new = self._petitions(home, now)
        created += new

        # News
        news, new = child(
            home,
            NewsIndexPage,
            "news",
            title="News",
            show_in_menus=True,
            intro="<p>The latest from Riverside Borough Council.</p>",
        )
        created += new
        for days_ago, slug, title, intro, extra in [
            (
                2,
                "have-your-say-on-riverside-park",
                "Have your say on Riverside Park",
                "We want your ideas for the renewal of Riverside Park before any designs are drawn.",
                [
                    ("project_teaser", {"heading": "Take part", "project": park}),
                    ("poll", {"poll": poll}),
                    (
                        "survey_teaser",
                        {
                            "heading": "",
                            "survey": SurveyPage.objects.child_of(park)
                            .filter(slug="visitor-survey")
                            .first(),
                            "summary": "",
                        },
                    ),
                ],
            ),
            (
                1,
                "sunday-library-petition-nears-its-target",
                "Sunday library petition nears its target",
                "A residents' petition asking for Sunday opening at the Central Library is close to the "
                f"{PETITION_RESPONSE_THRESHOLD} signatures that bring a council response.",
                [
                    (
                        "petition",
                        {
                            "petition": petitions["sunday-opening-at-the-central-library"],
                            "heading": "",
                        },
                    )
                ],
            ),
            (
                12,
                "new-recycling-centre-opening-hours",
                "New recycling centre opening hours",
                "From next month the Mill Lane recycling centre opens an hour earlier.",
                [],
            ),
            (
                30,
                "libraries-open-later",
                "Libraries open later after your feedback",
                "After 1,240 residents answered our survey, the Central Library now opens until 8pm twice a week.",
                [("project_teaser", {"heading": "", "project": library})],
            ),
        ]:
            _, new = child(
                news,
                NewsArticlePage,
                slug,
                title=title,
                intro=intro,
                date=today - datetime.timedelta(days=days_ago),
                body=[para(f"<p>{intro}</p>"), *extra],
            )
            created += new

        if not home.body:
            home.body = [
                ("heading", "Have your say"),
                para("<p>Our open projects need your views.</p>"),
                ("project_teaser", {"heading": "", "project": park}),
                (
                    "idea_board_teaser",
                    {
                        "heading": "",
                        "board": IdeaBoardPage.objects.first(),
                        "show": "supported",
                        "count": 3,
                    },
                ),
            ]
            home.save_revision().publish()
            created += 1

        self.stdout.write(
            f"Demo content ready: {created} object(s) created "
            f"({'first run' if created else 'nothing to do, already loaded'})."
        )

    def _more_projects(self, have_your_say, topics, areas, today):
        """A cycle lane that opens for comments soon and new homes being discussed now."""
        created = 0
        day = datetime.timedelta(days=1)
        street_image, new = demo_image("Station Road", "street")
        created += new
        homes_image, new = demo_image("Mill Quarter", "homes")
        created += new
        for slug, fields, topic, area_slugs, milestones in [
            (
                "station-road-cycle-lane",
                {
                    "title": "A cycle lane on Station Road",
                    "summary": "A protected cycle lane from the station to the town centre. The "
                    "consultation on the draft design opens soon.",
                    "image": street_image,
                    "start_date": today + 14 * day,
                    "end_date": today + 70 * day,
                    "body": [
                        para(
                            "<p>Station Road carries 900 cyclists a day, most of them in traffic. "
                            "We have government funding for a kerb-protected lane on both sides, "
                            "new crossings and 40 trees.</p>"
                            "<p>When the consultation opens you can comment on the draft design, "
                            "street by street.</p>"
                        )
                    ],
                },
                "transport",
                ["old-town", "riverside-north"],
                [
                    (14, "Consultation opens", "Draft design published here and at the Town Hall."),
                    (70, "Consultation closes", ""),
                    (200, "Works start", "In phases, keeping the road open."),
                ],
            ),
            (
                "mill-quarter-new-homes",
                {
                    "title": "New homes at Mill Quarter",
                    "summary": "180 homes on the old mill site, 60 of them for social rent. Help "
                    "us write the design brief for the developer.",
                    "image": homes_image,
                    "start_date": today - 10 * day,
                    "end_date": today + 25 * day,
                    "allow_comments": True,
                    "moderation_mode": ModerationMode.PRE,
                    "body": [
                        para(
                            "<p>The council owns the old mill site beside the river. Before we choose "
                            "a developer we want to agree with residents what the new quarter needs: "
                            "how tall the buildings may be, where the green space goes and which "
                            "shops and services should open on the ground floors.</p>"
                        ),
                        (
                            "contact",
                            {
                                "name": "Daniel Okafor",
                                "role": "Housing development officer",
                                "email": "housing@riverside.example",
                                "phone": "01234 567892",
                            },
                        ),
                    ],
                },
                "housing",
                ["riverside-north"],
                [
                    (-10, "Comments open", ""),
                    (25, "Comments close", ""),
                    (80, "Design brief agreed", "By the planning committee, in public."),
                ],
            ),
        ]:
            project, new = child(have_your_say, ParticipationProjectPage, slug, **fields)
            if not new:
                continue
            created += 1
            project.topics.set([topics[topic]])
            project.areas.set([areas[a] for a in area_slugs])
            for offset, title, description in milestones:
                ProjectMilestone.objects.create(
                    page=project, date=today + offset * day, title=title, description=description
                )
            project.save_revision().publish()
        return created

    def _home(self):
        """The home page and the default site showing it, created when missing; (home, created)."""
        created = 0
        site = Site.objects.filter(is_default_site=True).first() or Site.objects.first()
        root = Page.get_first_root_node()
        if root is None:  # a flushed database: recreate what Wagtail's first migration makes
            Locale.objects.get_or_create(
                language_code=get_supported_content_language_variant(django_settings.LANGUAGE_CODE)
            )
            root = Page.add_root(instance=Page(title="Root", slug="root", live=True))
        if not Collection.objects.exists():
            Collection.add_root(name="Root")

        home = HomePage.objects.first()
        if home is None:
            home, _ = child(
                root,
                HomePage,
                "riverside",
                title="Riverside Borough Council",
                intro="Services, news and your say on the future of Riverside.",
            )
            created += 1
        if site is None:
            site = Site.objects.create(
                hostname="localhost",
                port=80,
                root_page=home,
                is_default_site=True,
                site_name="Riverside Borough Council",
            )
        elif site.root_page_id != home.pk:
            old_root = site.root_page
            site.root_page = home
            site.site_name = "Riverside Borough Council"
            site.save()
            if type(old_root.specific) is Page and not old_root.get_children().exists():
                old_root.delete()  # Wagtail's "Welcome to your new Wagtail site!" page
        return home, created

    def _petitions(self, home, now):
        """A petitions index with one open petition near its threshold, one answered, one rejected."""
        index, created = child(
            home,
            PetitionIndexPage,
            "petitions",
            title="Petitions",
            show_in_menus=True,
            intro=f"<p>Ask the council to act. A petition with {PETITION_RESPONSE_THRESHOLD} signatures "
            "gets a response from the council; one with "
            f"{PETITION_DEBATE_THRESHOLD} is debated at a full council meeting.</p>",
            rules="<p>Petitions must ask for something the council is responsible for, must not name private "
            "individuals, and must not be offensive or advertise anything.</p>",
        )
        pages = {}
        for slug, fields, signers in [
            (
                "sunday-opening-at-the-central-library",
                {
                    "title": "Open the Central Library on Sundays",
                    "request": "Open the Central Library on Sundays.",
                    "background": "Many of us work all week. The Old Town trial shows Sunday opening is popular.",
                    "details": "We ask for 11am to 4pm, starting with a one-year trial.",
                    "creator_name": "Maria Lopez",
                    "paper_signatures": 5,
                    "opens_at": now - datetime.timedelta(days=30),
                    "closes_at": now + datetime.timedelta(days=60),
                },
                92,
            ),
            (
                "safe-crossing-on-station-road",
                {
                    "title": "A safe crossing on Station Road",
                    "request": "Build a zebra crossing outside Riverside Primary School on Station Road.",
                    "background": "Children cross four lanes of traffic every morning.",
                    "creator_name": "Tom Baker",
                    "opens_at": now - datetime.timedelta(days=150),
                    "closes_at": now - datetime.timedelta(days=20),
                    "response": "<p>Thank you. Our highways team agrees: a zebra crossing with flashing beacons "
                    "will be built during the summer holidays.</p>",
                    "response_date": (now - datetime.timedelta(days=10)).date(),
                },
                130,
            ),
            (
                "scrap-parking-charges-everywhere",
                {
                    "title": "Scrap all parking charges in the borough",
                    "request": "Scrap every parking charge in the borough, including on private car parks.",
                    "background": "Parking costs too much.",
                    "creator_name": "Sam Green",
                    "state": PetitionState.REJECTED,
                    "rejection_reason": "no_action",
                    "rejection_details": "The council cannot set charges on private car parks. A petition about "
                    "council car parks would be accepted.",
                    "opens_at": now - datetime.timedelta(days=40),
                },
                0,
            ),
        ]:
            fields = {
                "response_threshold": PETITION_RESPONSE_THRESHOLD,
                "debate_threshold": PETITION_DEBATE_THRESHOLD,
                **fields,
            }
            petition, new = child(index, PetitionPage, slug, **fields)
            created += _promised_thresholds(petition)
            pages[slug] = petition
            if new:
                created += 1
                first_names = [
                    "Alex",
                    "Bea",
                    "Chris",
                    "Dana",
                    "Eli",
                    "Fatima",
                    "Gus",
                    "Hana",
                    "Ian",
                    "Jo",
                ]
                Signature.objects.bulk_create(
                    [
                        Signature.for_email(
                            f"signer{n}@{slug[:12]}.example",
                            petition_id=petition.pk,
                            name=f"{first_names[n % 10]} Resident{n}",
                            area=["RV1 1AA", "RV1 2BB", "RV2 3CC", "RV3 4DD"][n % 4],
                            wants_updates=n % 3 == 0,
                            created_at=now - datetime.timedelta(hours=n),
                            confirmed_at=now - datetime.timedelta(hours=n),
                            response_sent_at=now if fields.get("response") and n % 3 == 0 else None,
                        )
                        for n in range(signers)
                    ]
                )
                recount(petition.pk)
        return pages, created

    def _idea_board(self, park, locale, residents, now):
        """An idea board on the park project: a dozen ideas, votes, comments and answers."""
        if IdeaBoardPage.objects.child_of(park).filter(slug="ideas").exists():
            return 0
        categories = [
            Topic.objects.get_or_create(slug=slug, locale=locale, defaults={"name": name})[0]
            for slug, name in IDEA_CATEGORIES
        ]
        board, _ = child(
            park,
            IdeaBoardPage,
            "ideas",
            title="Ideas for Riverside Park",
            question="What would make Riverside Park better for you?",
            intro="<p>Post an idea, support the ones you like and discuss them. The parks team answers "
            "every idea here.</p>",
            opens_at=now - datetime.timedelta(days=20),
            closes_at=now + datetime.timedelta(days=40),
            allow_comments=True,
            moderation_mode=ModerationMode.POST,
            voting_mode=VotingMode.SUPPORT,
            ask_location=True,
            allow_images=True,
            max_ideas_per_participant=5,
        )
        board.categories.set(categories)
        board.save_revision().publish()
        by_slug = {c.slug: c for c in categories}
        people = dict(residents)
        for name in ["Li", "Ewa", "Sam", "Kwame", *[f"Neighbour {n}" for n in range(1, 21)]]:
            email = f"{name.lower().replace(' ', '')}@example.org"
            people[email], _ = Participant.objects.get_or_create(
                email=email, defaults={"display_name": name, "verified_at": now}
            )
        voters = list(people.values())
        author_of = {p.display_name.lower(): p for p in people.values()}
        officer = "Priya Shah, Parks project officer"
        for n, (
            title,
            description,
            category,
            author,
            status,
            response,
            address,
            up,
            _against,
        ) in enumerate(IDEAS):
            created_at = now - datetime.timedelta(days=19 - n, hours=n)
            idea = Idea.objects.create(
                page=board,
                author=author_of[author],
                title=title,
                description=description,
                category=by_slug[category],
                status=status,
                address=address,
                moderation_state=ModerationState.PUBLISHED,
                created_at=created_at,
                response=response,
                responder_name=officer if response else "",
                response_date=timezone.localdate() - datetime.timedelta(days=3)
                if response
                else None,
                status_changed_at=now - datetime.timedelta(days=3)
                if status != "submitted"
                else None,
            )
            for voter in voters[:up]:
                cast_vote(idea, voter, IdeaVote.SUPPORT, wants_updates=voter.pk % 2 == 0)
            IdeaVote.objects.filter(idea=idea).update(
                created_at=created_at + datetime.timedelta(hours=6)
            )
            if n % 3 == 0:
                Comment.objects.create(
                    page=board,
                    target=idea,
                    author=voters[(n + 5) % len(voters)],
                    moderation_state=ModerationState.PUBLISHED,
                    body="Good idea. I walk here every day and would use this.",
                )
                refresh_comment_count(idea.pk)
        Idea.objects.create(
            page=board,
            author=people["tom@example.org"],
            title="Dog-free area near the playground",
            description="Waiting for a moderator, so only its author and moderators can see it.",
            category=by_slug["play-and-sport"],
            moderation_state=ModerationState.PENDING,
        )
        return len(IDEAS) + 2

    def _idea_places_and_photos(self):
        """Give the demo ideas their place on the map and their photographs, where missing.

        Separate from creating the board so that a database made by an older demo gets them too.
        """
        from example_site.council import demo_pictures

        changed = 0
        board = IdeaBoardPage.objects.filter(slug="ideas").first()
        for idea in Idea.objects.filter(page=board, title__in=IDEA_PLACES):
            fields = []
            place, latitude, longitude = IDEA_PLACES[idea.title]
            if idea.latitude is None or idea.longitude is None:
                idea.latitude, idea.longitude = Decimal(latitude), Decimal(longitude)
                fields += ["latitude", "longitude"]
            if not idea.address:
                idea.address = place
                fields.append("address")
            if idea.title in IDEA_PHOTOS and not idea.image:
                scene, alt = IDEA_PHOTOS[idea.title]
                picture = demo_pictures.draw(scene, size=(800, 450))
                idea.image.save(f"{scene}.jpg", ContentFile(picture), save=False)
                idea.image_alt = alt
                fields += ["image", "image_alt"]
            if fields:
                idea.save(update_fields=fields)
                changed += 1
        return changed

    def _budget(self, park, now):
        """A participatory budget whose vote has closed: three areas and a city-wide pot, 20
        proposals, 300 generated residents each voting city-wide and in their area, two funded
        projects with progress updates."""
        import random

        from wagtail_participation.budgeting.models import (
            Ballot,
            BallotChoice,
            BudgetArea,
            BudgetPage,
            BudgetProposal,
            DeliveryStatus,
            Feasibility,
            ProgressUpdate,
            VotingMethod,
        )

        day = datetime.timedelta(days=1)
        budget, new = child(
            park,
            BudgetPage,
            "community-budget",
            title="Riverside community budget",
            intro="<p>You decide how to spend £220,000: £100,000 across the borough and "
            "£40,000 in each ward.</p>",
            total_budget=220_000,
            citywide_budget=100_000,
            currency="GBP",
            voting_method=VotingMethod.APPROVAL,
            max_choices=4,
            allow_comments=True,
            opens_at=now - 120 * day,
            proposals_close_at=now - 90 * day,
            review_ends_at=now - 60 * day,
            voting_opens_at=now - 45 * day,
            voting_closes_at=now - 15 * day,
            delivery_starts_at=now - 10 * day,
        )
        if not new:
            return 0
        areas = [
            BudgetArea.objects.create(page=budget, name=name, budget=40_000, sort_order=i)
            for i, name in enumerate(["North Ward", "South Ward", "Old Town"])
        ]
        ideas = {
            None: [
                ("Free drinking fountains in three parks", 24_000),
                ("Bike racks at every library", 15_000),
                ("Solar lights on the river path", 38_000),
                ("Wildflower verges on the ring road", 12_000),
                ("Outdoor gym by the leisure centre", 30_000),
                ("Defibrillators in community halls", 18_000),
                ("Repair café equipment", 6_000),
                ("A mural trail for young artists", 20_000),
            ],
            0: [
                ("Benches on Hill Road", 8_000),
                ("A safer crossing at North School", 25_000),
                ("Fruit trees on the estate", 5_000),
                ("Play area refresh at Oak Green", 22_000),
            ],
            1: [
                ("Skate ramp in South Park", 28_000),
                ("Planters on the high street", 9_000),
                ("A community notice board", 3_000),
                ("Lighting in the underpass", 14_000),
            ],
            2: [
                ("Restore the market clock", 16_000),
                ("Heritage signs on the old walls", 11_000),
                ("Bins with recycling on Castle Street", 7_500),
                ("Shade sails in the square", 19_000),
            ],
        }
        proposals = {}
        for key, items in ideas.items():
            area = areas[key] if key is not None else None
            proposals[key] = [
                BudgetProposal.objects.create(
                    page=budget,
                    title=title,
                    description=f"{title}. Proposed by residents and costed by the council.",
                    estimated_cost=cost,
                    final_cost=cost,
                    budget_area=area,
                    feasibility=Feasibility.FEASIBLE,
                    moderation_state=ModerationState.PUBLISHED,
                    entered_by_staff=key is None and title.startswith("Defib"),
                )
                for title, cost in items
            ]
        BudgetProposal.objects.create(
            page=budget,
            title="A cable car over the river",
            description="A cable car from the station to the park.",
            estimated_cost=2_000_000,
            feasibility=Feasibility.NOT_FEASIBLE,
            feasibility_reason="It costs ten times the whole budget.",
            moderation_state=ModerationState.PUBLISHED,
        )
        rng = random.Random(2027)  # noqa: S311 (the same demo ballots every time)
        voters = Participant.objects.bulk_create(
            [
                Participant(
                    email=f"voter{n}@example.org", display_name=f"Voter {n}", verified_at=now
                )
                for n in range(1, 301)
            ]
        )
        voters = list(
            Participant.objects.filter(email__startswith="voter", email__endswith="@example.org")
        )
        choices = []
        for n, voter in enumerate(voters):
            area_index = n % 3
            for key in (None, area_index):
                pool = proposals[key]
                weights = [len(pool) - i for i in range(len(pool))]  # earlier ideas more popular
                picked = set()
                for _ in range(rng.randint(1, 4)):
                    picked.add(rng.choices(range(len(pool)), weights=weights)[0])
                ballot = Ballot.objects.create(
                    page=budget,
                    area=areas[key] if key is not None else None,
                    participant=voter,
                    created_at=now - rng.randint(16, 44) * day,
                )
                choices += [BallotChoice(ballot=ballot, proposal=pool[i]) for i in picked]
        BallotChoice.objects.bulk_create(choices)
        funded = [proposals[None][0], proposals[0][1]]
        for proposal, status in zip(
            funded, [DeliveryStatus.IN_PROGRESS, DeliveryStatus.DONE], strict=True
        ):
            proposal.delivery_status = status
            proposal.save()
        ProgressUpdate.objects.create(
            proposal=funded[0],
            date=(now - 5 * day).date(),
            title="Fountains ordered",
            text="The three fountains are ordered; they go in at the end of the month.",
        )
        ProgressUpdate.objects.create(
            proposal=funded[1],
            date=(now - 8 * day).date(),
            title="Work starts at North School",
            text="The crossing is being built during the school holidays.",
        )
        ProgressUpdate.objects.create(
            proposal=funded[1],
            date=(now - 2 * day).date(),
            title="The crossing is open",
            text="Children now cross Hill Road with a zebra crossing and a warden.",
        )
        return 1 + len(areas) + sum(len(v) for v in proposals.values()) + len(voters)

    def _poll(self):
        poll, new = Poll.objects.get_or_create(question="Should the park café stay open in winter?")
        if new:
            for label, votes in [("Yes, every day", 41), ("Yes, at weekends", 57), ("No", 12)]:
                PollChoice.objects.create(poll=poll, label=label, vote_count=votes)
        return poll

    def _survey(self, park, now):
        """A three-step visitor survey with a conditional question and 300 generated responses."""
        import random
        import uuid

        if SurveyPage.objects.child_of(park).filter(slug="visitor-survey").exists():
            return 0
        ids = {
            name: str(uuid.uuid5(uuid.NAMESPACE_URL, f"riverside-survey-{name}"))
            for name in [
                "ward",
                "visits",
                "how",
                "park_and_ride",
                "clean",
                "safe",
                "rank",
                "facilities",
                "other",
            ]
        }

        def q(kind, name, label, **value):
            base = {
                "label": label,
                "help_text": "",
                "required": False,
                "show_if_question": "",
                "show_if_answer": "",
            }
            return {"type": kind, "id": ids[name], "value": {**base, **value}}

        questions = [
            q(
                "single_choice",
                "ward",
                "Which ward do you live in?",
                required=True,
                display="radio",
                choices=[
                    "Riverside North",
                    "Old Town",
                    "Another ward",
                    "I don't live in Riverside",
                ],
                allow_other=False,
            ),
            q(
                "single_choice",
                "visits",
                "How often do you visit Riverside Park?",
                required=True,
                display="dropdown",
                choices=["Every day", "Every week", "Every month", "Less often"],
                allow_other=False,
            ),
            q(
                "multiple_choice",
                "how",
                "How do you get there?",
                required=True,
                allow_other=True,
                choices=["On foot", "By bike", "By bus", "By car"],
                min_choices=None,
                max_choices=None,
            ),
            {
                "type": "page_break",
                "id": str(uuid.uuid4()),
                "value": {"title": "The park today", "show_if_question": "", "show_if_answer": ""},
            },
            q(
                "single_choice",
                "park_and_ride",
                "Would you use a car park at the Mill Lane entrance?",
                display="radio",
                choices=["Yes", "No"],
                allow_other=False,
                show_if_question=ids["how"],
                show_if_answer="By car",
            ),
            q(
                "scale",
                "clean",
                "The park is clean and well kept.",
                required=True,
                points=5,
                min_label="Strongly disagree",
                max_label="Strongly agree",
            ),
            q(
                "rating",
                "safe",
                "How safe do you feel in the park after dark?",
                required=True,
                max_rating=5,
            ),
            {
                "type": "page_break",
                "id": str(uuid.uuid4()),
                "value": {
                    "title": "What should change",
                    "show_if_question": "",
                    "show_if_answer": "",
                },
            },
            q(
                "ranking",
                "rank",
                "Rank these improvements, most important first.",
                choices=["Better paths", "New play area", "More benches", "Cleaner pond"],
            ),
            q(
                "matrix",
                "facilities",
                "How good are these?",
                rows=["Toilets", "Café", "Lighting"],
                columns=["Poor", "OK", "Good"],
            ),
            q("long_text", "other", "Anything else you want to tell us?", max_length=2000),
        ]
        survey, _ = child(
            park,
            SurveyPage,
            "visitor-survey",
            title="Riverside Park visitor survey",
            intro="<p>Five minutes, three short steps. Your answers help us decide what to renew first.</p>",
            thank_you_text="<p>Thank you. We will publish what you told us here and on the project page in spring.</p>",
            questions=questions,
            opens_at=now - datetime.timedelta(days=20),
            closes_at=now + datetime.timedelta(days=40),
            results_visibility="live",
        )
        rng = random.Random(2026)  # noqa: S311 - reproducible demo data, not secrets
        comments = [
            "Please fix the paths.",
            "The café is great.",
            "More bins by the pond, please.",
            "Lights on the river path would help.",
            "Keep it wild in places.",
        ]
        responses = []
        for n in range(300):
            how = rng.sample(["On foot", "By bike", "By bus", "By car"], rng.choice([1, 1, 2]))
            answers = {
                ids["ward"]: rng.choice(
                    ["Riverside North", "Riverside North", "Old Town", "Another ward"]
                ),
                ids["visits"]: rng.choice(
                    ["Every day", "Every week", "Every week", "Every month", "Less often"]
                ),
                ids["how"]: how,
                ids["clean"]: rng.choice([2, 3, 3, 4, 4, 5]),
                ids["safe"]: rng.choice([1, 2, 3, 3, 4]),
                ids["rank"]: rng.sample(
                    ["Better paths", "New play area", "More benches", "Cleaner pond"], 4
                ),
                ids["facilities"]: {
                    "Toilets": rng.choice(["Poor", "OK"]),
                    "Café": rng.choice(["OK", "Good"]),
                    "Lighting": rng.choice(["Poor", "Poor", "OK"]),
                },
            }
            if "By car" in how:
                answers[ids["park_and_ride"]] = rng.choice(["Yes", "No"])
            if n % 4 == 0:
                answers[ids["other"]] = rng.choice(comments)
            responses.append(
                SurveyResponse(
                    page=survey,
                    answers=answers,
                    submitted_at=now - datetime.timedelta(minutes=40 * n),
                )
            )
        SurveyResponse.objects.bulk_create(responses)
        return 1 + len(responses)
