"""The small world the permission matrix runs in: two projects, their pages and contributions,
and the six roles.

Everything private carries a *marker*, a word found nowhere else, with the roles that may see
it. The matrix looks for every marker in every page it gets back: a marker in a page for a
role not allowed to see it is a leak, whatever the status code.
"""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth.models import Group, Permission
from django.utils import timezone
from wagtail.models import GroupPagePermission, PageViewRestriction

from tests.factories import ParticipantFactory, UserFactory, add_page, make_index, make_project
from tests.ideas.factories import IdeaFactory, make_board
from tests.petitions.factories import add_signature
from tests.surveys.factories import make_survey, question
from wagtail_participation.core.models import Comment, ModerationMode, ModerationState, Report
from wagtail_participation.petitions.counts import recount
from wagtail_participation.petitions.models import PetitionIndexPage, PetitionPage, PetitionState
from wagtail_participation.surveys.models import Poll, PollChoice, SurveyResponse

ANONYMOUS, RESIDENT_A, RESIDENT_B, EDITOR_X, MODERATOR_Y, SUPERUSER = ROLES = (
    "anonymous",
    "resident_a",
    "resident_b",
    "editor_x",
    "moderator_y",
    "superuser",
)
ROLE_TITLES = {
    ANONYMOUS: "Anonymous visitor",
    RESIDENT_A: "Resident A",
    RESIDENT_B: "Resident B",
    EDITOR_X: "Editor of project X",
    MODERATOR_Y: "Moderator of project Y",
    SUPERUSER: "Superuser",
}
ROLE_DESCRIPTIONS = {
    ANONYMOUS: "no session, no login.",
    RESIDENT_A: "signed in by email link (no site login); author of ideas on project X's board, "
    "creator of a petition still collecting supporters; has typed the password of X's "
    "password-protected board.",
    RESIDENT_B: "signed in by email link; author of ideas and comments, none of them A's.",
    EDITOR_X: "a site login in a group with Wagtail's *access admin*, and *add* and *edit* (not *publish*) "
    "page permissions on project X.",
    MODERATOR_Y: "a site login in a group with *access admin*, and *add*, *edit* and *publish* page "
    "permissions on project Y (so it moderates Y's contributions, not X's); also in the "
    "residents' panel, the group that X's panel board and the members' page are restricted to.",
    SUPERUSER: "a Django superuser.",
}
STAFF = (EDITOR_X, MODERATOR_Y, SUPERUSER)


@dataclass
class World:
    """The objects the cases point at, by name (``world.idea_pending_a``...)."""

    objects: dict = field(default_factory=dict)
    #: marker name -> (text, roles allowed to see it)
    markers: dict = field(default_factory=dict)

    def __getattr__(self, name):
        try:
            return self.objects[name]
        except KeyError:
            raise AttributeError(name) from None

    def participant(self, role):
        return {RESIDENT_A: self.objects["a"], RESIDENT_B: self.objects["b"]}.get(role)

    def user(self, role):
        return {
            EDITOR_X: self.objects["editor"],
            MODERATOR_Y: self.objects["moderator"],
            SUPERUSER: self.objects["superuser"],
        }.get(role)


#: The private things of the world: (marker text, who may see it). Superusers see everything.
MARKERS = {
    "email of A": ("zqresidenta", {RESIDENT_A}),
    "email of B": ("zqresidentb", {RESIDENT_B}),
    "A's pending idea": ("zqpendingidea", {RESIDENT_A}),
    "A's rejected idea": ("zqrejectedidea", {RESIDENT_A}),  # A sees it on "my data" only
    "B's pending comment": ("zqpendingcomment", {RESIDENT_B}),
    "pending idea on Y": ("zqypendingidea", {RESIDENT_B, MODERATOR_Y}),
    "B's report": ("zqreportdetails", {RESIDENT_B}),
    "signer's name": ("zqsignername", set()),
    "signer's email": ("zqsigneremail", set()),
    "signer's IP": ("203.0.113.77", set()),
    "unpublished petition": ("zqdraftpetition", set()),
    "A's petition collecting supporters": ("zqresidentpetition", {RESIDENT_A}),
    "hidden petition": ("zqhiddenpetition", set()),
    "survey answer": ("zqsurveyanswer", {EDITOR_X}),
    # Page privacy: published contributions on X's view-restricted boards, for the visitors each
    # restriction lets in (and X's editor, who edits those pages).
    "idea behind a password": ("zqpasswordidea", {RESIDENT_A, EDITOR_X}),
    "comment behind a password": ("zqpasswordcomment", {RESIDENT_A, EDITOR_X}),
    "idea behind a login": ("zqloginidea", {EDITOR_X, MODERATOR_Y}),
    "comment behind a login": ("zqlogincomment", {EDITOR_X, MODERATOR_Y}),
    "idea of the panel's board": ("zqpanelidea", {EDITOR_X, MODERATOR_Y}),
    "comment on the panel's board": ("zqpanelcomment", {EDITOR_X, MODERATOR_Y}),
    "request of the petition for logged-in users": ("zqprivatepetition", {EDITOR_X, MODERATOR_Y}),
    "answer of the members' poll": ("zqmembersanswer", {MODERATOR_Y}),
    # The test app's method (tests/testapp/onequestion): A's answer awaiting moderation.
    "A's pending answer": ("zqpendinganswer", {RESIDENT_A}),
    # Participatory budgets: A's proposal awaiting moderation, A's paper-ballot number.
    "A's pending proposal": ("zqpendingproposal", {RESIDENT_A}),
    "paper ballot number": ("zqpaperballot", set()),
    # Events: the name A registered under, and the online link registered attendees get.
    "A's registration name": ("zqattendeename", {RESIDENT_A}),
    "online link of the event": ("zqonlinelink", {RESIDENT_A}),
}


def _group(name, page, codenames):
    group = Group.objects.create(name=name)
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    for codename in codenames:
        GroupPagePermission.objects.create(
            group=group,
            page=page,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            ),
        )
    return group


def build_world():
    w = World(
        markers={name: (text, roles | {SUPERUSER}) for name, (text, roles) in MARKERS.items()}
    )
    o = w.objects
    o["a"] = a = ParticipantFactory(email="zqresidenta@example.org", display_name="Ann Avery")
    o["b"] = b = ParticipantFactory(email="zqresidentb@example.org", display_name="Bob Brook")

    o["index"] = index = make_index()
    o["project_x"] = x = make_project(index, title="Project X", slug="project-x")
    o["project_y"] = y = make_project(index, title="Project Y", slug="project-y")

    o["editor"] = editor = UserFactory(username="editor-x", email="editor-x@example.org")
    editor.groups.add(_group("Editors of X", x, ["add_page", "change_page"]))
    o["moderator"] = moderator = UserFactory(
        username="moderator-y", email="moderator-y@example.org"
    )
    moderator.groups.add(_group("Moderators of Y", y, ["add_page", "change_page", "publish_page"]))
    o["superuser"] = UserFactory(username="admin", is_superuser=True, is_staff=True)
    # Staff whose addresses the site verified: their participants hold their mailboxes
    # (tests/core/test_security_user_emails.py covers users whose addresses it has not).
    for user in (editor, moderator, o["superuser"]):
        ParticipantFactory(user=user, email=user.email, display_name=user.username)

    # Project X: an idea board (post-moderated) with ideas in every state.
    o["board"] = board = make_board(parent=x, title="Ideas for X", slug="ideas")
    o["idea_a"] = idea_a = IdeaFactory(page=board, author=a, title="Benches by the pond")
    o["idea_b"] = IdeaFactory(page=board, author=b, title="Lights on the path")
    o["idea_pending_a"] = IdeaFactory(
        page=board,
        author=a,
        title="zqpendingidea: xylophones in the square",
        moderation_state=ModerationState.PENDING,
    )
    o["idea_rejected_a"] = IdeaFactory(
        page=board, author=a, title="zqrejectedidea", moderation_state=ModerationState.REJECTED
    )
    o["comment_pending_b"] = Comment.objects.create(
        page=board,
        target=idea_a,
        author=b,
        body="zqpendingcomment",
        moderation_state=ModerationState.PENDING,
    )
    Comment.objects.create(
        page=x,
        author=b,
        body="zqpendingcomment on the project",
        moderation_state=ModerationState.PENDING,
    )
    o["report_b"] = Report.objects.create(
        contribution=idea_a, participant=b, reason="other", details="zqreportdetails"
    )
    # Project Y: a pre-moderated board, what its moderator works on.
    o["board_y"] = board_y = make_board(
        parent=y, title="Ideas for Y", slug="ideas", moderation_mode=ModerationMode.PRE
    )
    o["idea_y"] = IdeaFactory(page=board_y, author=b, title="A playground")
    o["idea_pending_y"] = IdeaFactory(
        page=board_y, author=b, title="zqypendingidea", moderation_state=ModerationState.PENDING
    )

    # Project X: a survey whose results are not public, with one written answer.
    o["survey"] = survey = make_survey(
        [question("long_text", "Anything else?", id=SURVEY_QUESTION, max_length=500)],
        parent=x,
        title="Survey of X",
        slug="survey",
    )
    SurveyResponse.objects.create(page=survey, answers={SURVEY_QUESTION: "zqsurveyanswer"})

    # Project X: petitions, in every state a visitor could meet.
    o["petitions"] = petitions = add_page(
        PetitionIndexPage(title="Petitions of X", slug="petitions"), parent=x
    )

    def petition(slug, **fields):
        fields.setdefault("title", f"Petition {slug}")
        fields.setdefault("request", "Open the library on Sundays.")
        fields.setdefault("background", "Many residents work during the week.")
        return add_page(PetitionPage(slug=slug, **fields), parent=petitions)

    o["petition"] = open_petition = petition("open", title="Open the library on Sundays")
    add_signature(
        open_petition,
        email="zqsigneremail@example.org",
        name="Zqsignername",
        ip_address="203.0.113.77",
    )
    o["pending_signature"] = add_signature(
        open_petition, email="carol@example.org", name="Carol", confirmed=False
    )
    recount(open_petition.pk)
    o["petition_draft"] = petition(
        "draft", title="zqdraftpetition: a velodrome", request="Build a velodrome.", live=False
    )
    o["petition_a"] = petition(
        "residents",
        title="zqresidentpetition: trampolines",
        request="Trampolines in the park.",
        live=False,
        creator=a,
        creator_name="Ann Avery",
        state=PetitionState.SPONSORING,
        state_changed_at=timezone.now(),
    )
    add_signature(o["petition_a"], email=a.email, name="Ann Avery")
    o["petition_rejected"] = petition(
        "rejected",
        title="Rejected petition",
        state=PetitionState.REJECTED,
        rejection_reason="duplicate",
    )
    o["petition_hidden"] = petition(
        "hidden", title="zqhiddenpetition", state=PetitionState.HIDDEN, rejection_reason="offensive"
    )
    o["petition_closed"] = petition(
        "closed", title="Closed petition", closes_at=timezone.now() - datetime.timedelta(days=1)
    )
    o["petition_private"] = private = petition(
        "private",
        title="Petition for logged-in users",
        request="zqprivatepetition: a members' library card.",
    )
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    add_signature(private, email="dave@example.org", name="Dave")
    recount(private.pk)

    # A poll (a snippet shown as a block on any page): on a public page, see _page_privacy.
    _page_privacy(w)

    from wagtail_participation.projects.models import Area, Topic

    o["topic"] = Topic.objects.create(name="Parks", slug="parks")
    o["area"] = Area.objects.create(name="North", slug="north")
    _one_question(w)
    _budgets(w)
    _events(w)
    _voting_codes(w)
    return w


def _voting_codes(w):
    """Pages taking voting codes on X and Y (the test app's), each with a batch of codes."""
    from tests.testapp.models import EligibleMethodPage
    from wagtail_participation.core.voting_codes import generate_codes

    o = w.objects
    for name, project in (("codes_x", o["project_x"]), ("codes_y", o["project_y"])):
        o[name] = page = add_page(
            EligibleMethodPage(
                title=f"Vote of {project.title}", slug="vote", eligibility_voting_codes="required"
            ),
            parent=project,
        )
        o[f"{name}_batch"], _codes = generate_codes(page, 2)


SURVEY_QUESTION = "66666666-6666-4666-8666-666666666666"


def _page_privacy(w):
    """Project X's view-restricted pages, and a public page whose blocks point at them.

    - ``board_password``: a board behind a password that resident A has typed;
    - ``board_login``: a board for visitors logged in to the site (staff here; residents
      signed in by email link are not logged in);
    - ``board_panel``: a board for the residents' panel group (moderator Y is in it);
    - ``members``: a page for the panel too, the only page showing ``poll_private``;
    - ``blocks_page``: a public page with the teasers of the password and login boards, the
      petition block of the petition for logged-in users, and the public poll.
    """
    from example_site.council.models import InformationPage
    from tests.factories import add_page

    o = w.objects
    x, a = o["project_x"], o["a"]
    carol = ParticipantFactory(email="carol-writes@example.org", display_name="Carol Clay")
    o["panel"] = panel = Group.objects.create(name="Residents' panel")
    o["moderator"].groups.add(panel)
    for kind, marker in (("password", "password"), ("login", "login"), ("groups", "panel")):
        board = make_board(parent=x, title=f"Ideas for X ({kind})", slug=f"ideas-{kind}")
        restriction = PageViewRestriction.objects.create(
            page=board,
            restriction_type=kind,
            password="open-sesame" if kind == "password" else "",
        )
        if kind == "groups":
            restriction.groups.add(panel)
        name = {"password": "board_password", "login": "board_login", "groups": "board_panel"}[kind]
        o[name] = board
        o[f"{name}_restriction"] = restriction
        o[f"{name}_idea"] = idea = IdeaFactory(
            page=board,
            author=a if kind == "password" else carol,
            title=f"zq{marker}idea: a quiet reading room",
        )
        o[f"{name}_comment"] = Comment.objects.create(
            page=board, target=idea, author=carol, body=f"zq{marker}comment: yes, please"
        )

    o["poll_private"] = poll_private = Poll.objects.create(
        question="Which day should the members' library open?"
    )
    o["poll_private_choice"] = PollChoice.objects.create(
        poll=poll_private, label="zqmembersanswer: Sunday"
    )
    o["members"] = members = add_page(
        InformationPage(
            title="Members' page", slug="members", body=[("poll", {"poll": poll_private})]
        ),
        parent=x,
    )
    restriction = PageViewRestriction.objects.create(
        page=members, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(panel)

    o["poll"] = poll = Poll.objects.create(question="Should the library open on Sundays?")
    o["poll_choice"] = PollChoice.objects.create(poll=poll, label="Yes")
    PollChoice.objects.create(poll=poll, label="No")
    teaser = {"heading": "", "show": "newest", "count": 3}
    o["blocks_page"] = add_page(
        InformationPage(
            title="News: have your say",
            slug="news-have-your-say",
            body=[
                ("idea_board_teaser", {**teaser, "board": o["board_password"]}),
                ("idea_board_teaser", {**teaser, "board": o["board_login"]}),
                ("petition", {"petition": o["petition_private"], "heading": ""}),
                ("poll", {"poll": poll}),
            ],
        )
    )


def _one_question(w):
    """Project X's one-question page (the test app's method, tests/testapp/onequestion), post-moderated,
    with A's published answer and A's answer awaiting moderation; and a closed one."""
    from tests.onequestion.factories import make_question_page
    from tests.testapp.onequestion.models import Answer

    o = w.objects
    o["question"] = question = make_question_page(
        parent=o["project_x"], title="One question for X", slug="one-question"
    )
    o["answer_a"] = Answer.objects.create(page=question, author=o["a"], body="Market Square")
    o["answer_pending_a"] = Answer.objects.create(
        page=question,
        author=o["a"],
        body="zqpendinganswer: Xylophone Square",
        moderation_state=ModerationState.PENDING,
    )
    o["question_closed"] = make_question_page(
        parent=o["project_x"],
        title="A closed question for X",
        slug="closed-question",
        closes_at=timezone.now() - datetime.timedelta(days=1),
    )


def _budgets(w):
    """Project X's budgets: one taking proposals, one voting (with an area, A's published and
    pending proposals, A's ballot, a paper ballot), one closed (results published)."""
    from tests.budgeting.factories import make_budget, make_proposal
    from wagtail_participation.budgeting import services
    from wagtail_participation.budgeting.models import BallotSource, VotingMethod

    o = w.objects
    x = o["project_x"]
    o["budget_proposals"] = make_budget(
        parent=x, stage="proposals", title="Budget collecting proposals", slug="budget-proposals"
    )
    o["budget_proposal_open"] = make_proposal(
        o["budget_proposals"], title="Skate park", author=o["b"]
    )
    o["budget"] = budget = make_budget(
        parent=x,
        stage="voting",
        title="Budget voting",
        slug="budget-voting",
        areas=[("North", 50_000)],
        voting_method=VotingMethod.APPROVAL,
    )
    o["budget_area"] = area = budget.areas()[0]
    o["budget_proposal_a"] = make_proposal(budget, title="Trees on Elm Street", author=o["a"])
    o["budget_proposal_north"] = make_proposal(
        budget, title="North library", area=area, author=o["a"]
    )
    o["budget_proposal_pending_a"] = make_proposal(
        budget,
        title="zqpendingproposal: a fountain",
        author=o["a"],
        moderation_state=ModerationState.PENDING,
    )
    o["ballot_a"] = services.cast_ballot(budget.scope(None), o["a"], {o["budget_proposal_a"].pk: 1})
    services.cast_ballot(
        budget.scope(None),
        None,
        {o["budget_proposal_a"].pk: 1},
        source=BallotSource.PAPER,
        paper_reference="zqpaperballot",
    )
    o["budget_closed"] = closed = make_budget(
        parent=x, stage="closed", title="Budget closed", slug="budget-closed", areas=[("South", 9)]
    )
    o["budget_closed_area"] = closed.areas()[0]
    make_proposal(closed, title="Playground")


def _events(w):
    """Project X: an events index with an event (one place, taken by A), and a past event."""
    from tests.events.factories import make_event, make_event_index
    from wagtail_participation.events import services

    o = w.objects
    o["events"] = events = make_event_index(parent=o["project_x"], title="Events of X")
    o["event"] = event = make_event(
        events,
        title="Workshop",
        slug="workshop",
        capacity=1,
        mode="hybrid",
        online_url="https://meet.example.org/zqonlinelink",
    )
    o["registration_a"], _ = services.register(event, o["a"], name="zqattendeename")
    o["event_past"] = make_event(events, title="Last year", slug="last-year", days=-300)
