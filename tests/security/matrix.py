"""The permission matrix: every resident-facing and admin URL of the package, six roles, and
the answer each role must get.

``CASES`` is the expected table, written by hand. ``run_case`` requests one case as one role
(inside a savepoint that is rolled back, so actions do not change the world for the next cell)
and describes the answer in the table's words. ``package_routes`` lists every URL the package
has (Django's URL resolver, the admin URL hooks, every page type's routes), so a URL added
later without a case fails ``test_every_url_has_a_case``.

``render_markdown`` writes the table of docs/security.md. Regenerate the page with::

    WRITE_SECURITY_DOC=1 python -m pytest tests/security -q
"""

import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from django.apps import apps
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.factories import antispam_fields, sign_in_client

from .findings import render_findings
from .world import RESIDENT_A, ROLE_DESCRIPTIONS, ROLE_TITLES, ROLES, SURVEY_QUESTION

DOC_PATH = Path(__file__).resolve().parents[2] / "docs" / "security.md"
REGENERATE = "WRITE_SECURITY_DOC=1 python -m pytest tests/security -q"

#: What a cell says, and what it means (the legend of docs/security.md).
OUTCOMES = {
    "200": "the page or file (and, in any answer, no private marker the role may not see)",
    "400": "the request is refused as malformed (for example a form with errors)",
    "403": "refused: not allowed (closed, not public, not yours)",
    "404": "not found: the thing is not public, or not visible to this role, and its existence is not confirmed",
    "405": "method not allowed (a POST-only URL opened with GET, or the reverse)",
    "410": "gone (a used link, or a petition that no longer takes signatures)",
    "302": "a redirect elsewhere (after an action, or to the page that does it)",
    "sign-in": "a redirect to the resident sign-in page (`wagtail_participation:sign_in`)",
    "login": "a redirect to the Wagtail admin login",
    "denied": 'Wagtail admin\'s "Sorry, you do not have permission": a redirect to the dashboard',
    "done": "the action took effect (checked in the database after the request)",
}


@dataclass
class Case:
    section: str
    routes: tuple  # the route names this case covers (see package_routes)
    label: str
    method: str
    url: object  # world -> path, or a list of paths (all must answer alike)
    expected: dict
    data: object = None  # world -> POST data
    done: object = None  # (world, role) -> True when the action took effect
    sees: tuple = ()  # markers any role may see in this answer (a bearer link shows what it is for)
    note: str = ""
    headers: dict = field(default_factory=dict)
    extra: bool = False  # a URL that is not the package's (not in the completeness check)


def _expect(text):
    cells = [cell.strip() for cell in text.split("|")]
    if len(cells) == 1:
        cells *= len(ROLES)
    assert len(cells) == len(ROLES), text
    return dict(zip(ROLES, cells, strict=True))


CASES = []


def case(section, routes, label, method, url, expected, **kwargs):
    routes = (routes,) if isinstance(routes, str) else tuple(routes)
    CASES.append(Case(section, routes, label, method, url, _expect(expected), **kwargs))


def _form(**data):
    return lambda w: {**antispam_fields(), **data}


def _sub(page_name, route, *args, query=""):
    def url(w):
        page = w.objects[page_name]
        return (
            page.url
            + page.reverse_subpage(
                route, args=[w.objects[a].pk if isinstance(a, str) else a for a in args]
            )
            + query
        )

    return url


def _rev(name, *args, query=""):
    return lambda w: (
        reverse(name, args=[w.objects[a].pk if isinstance(a, str) else a(w) for a in args]) + query
    )


def _exists(model_path, **filters):
    def done(w, role):
        model = apps.get_model(model_path)
        resolved = {
            key: (value(w, role) if callable(value) else value) for key, value in filters.items()
        }
        return model.objects.filter(**resolved).exists()

    return done


def _state(name, field_name, value):
    def done(w, role):
        obj = w.objects[name]
        return getattr(type(obj).objects.get(pk=obj.pk), field_name) == value

    return done


# Resident-facing: wagtail_participation.urls

S = "Sign-in and personal data"
NS = "wagtail_participation:"


def _token(w):
    from wagtail_participation.core.participants import make_sign_in_token

    return make_sign_in_token(w.b)


case(S, NS + "sign_in", "sign in: the form", "GET", _rev(NS + "sign_in"), "200")
case(
    S,
    NS + "sign_in",
    "sign in: ask for a link",
    "POST",
    _rev(NS + "sign_in"),
    "302",
    data=_form(email="someone@example.org"),
)
case(
    S,
    NS + "sign_in",
    "sign in: ask for a link for A's mailbox, its domain in fullwidth letters",
    "POST",
    _rev(NS + "sign_in"),
    "302",
    data=_form(email="zqresidenta@\uff45xample.org"),
    done=_exists("wagtail_participation.Participant", email="zqresidenta@\uff45xample.org"),
    note="one canonical mailbox: no second resident is made (done would mean one was)",
)
case(S, NS + "sign_in_sent", "sign in: link sent", "GET", _rev(NS + "sign_in_sent"), "200")
case(
    S,
    NS + "sign_in_confirm",
    "sign-in link (B's)",
    "GET",
    lambda w: reverse(NS + "sign_in_confirm", args=[_token(w)]),
    "200",
    sees=("email of B",),
    note="a bearer link: whoever holds B's link may sign in as B",
)
case(
    S,
    NS + "sign_in_confirm",
    "sign-in link (B's): sign in",
    "POST",
    lambda w: reverse(NS + "sign_in_confirm", args=[_token(w)]),
    "302",
)
case(
    S,
    NS + "sign_in_confirm",
    "sign-in link, forged",
    "GET",
    _rev(NS + "sign_in_confirm", lambda w: "forged"),
    "400",
)
case(
    S,
    NS + "set_language",
    "choose a language",
    "GET",
    _rev(NS + "set_language", query="?language=de&next=/"),
    "302",
    note="sets only the visitor's own language cookie; next stays on the site",
)
case(S, NS + "set_language", "choose a language", "POST", _rev(NS + "set_language"), "405")
case(S, NS + "sign_out", "sign out", "POST", _rev(NS + "sign_out"), "302")
case(S, NS + "sign_out", "sign out", "GET", _rev(NS + "sign_out"), "405")
case(
    S,
    NS + "my_data",
    "my data",
    "GET",
    _rev(NS + "my_data"),
    "sign-in | 200 | 200 | 200 | 200 | 200",
)
case(
    S,
    NS + "my_data_download",
    "my data: download",
    "GET",
    _rev(NS + "my_data_download"),
    "sign-in | 200 | 200 | 200 | 200 | 200",
)
case(
    S,
    NS + "my_name",
    "my data: your name",
    "GET",
    _rev(NS + "my_name"),
    "sign-in | 200 | 200 | 200 | 200 | 200",
)
case(
    S,
    NS + "my_name",
    "my data: change your name",
    "POST",
    _rev(NS + "my_name"),
    "sign-in | 302 done | 302 done | 302 done | 302 done | 302 done",
    data=_form(display_name="A new name"),
    done=_exists("wagtail_participation.Participant", display_name="A new name"),
)
case(
    S,
    NS + "forget_me",
    "forget me: confirm",
    "GET",
    _rev(NS + "forget_me"),
    "sign-in | 200 | 200 | 200 | 200 | 200",
)
case(
    S,
    NS + "forget_me",
    "forget me",
    "POST",
    _rev(NS + "forget_me"),
    "sign-in | 302 done | 302 done | 302 done | 302 done | 302 done",
    done=_exists("wagtail_participation.Participant", anonymised_at__isnull=False),
)
case(S, NS + "forgotten", "forgotten", "GET", _rev(NS + "forgotten"), "200")


S = "Comments and reports"
_comment_done = _exists("wagtail_participation.Comment", body="A new comment")
case(
    S,
    NS + "comment_on_page",
    "comment on X's idea board",
    "POST",
    _rev(NS + "comment_on_page", "board"),
    "403 | 302 done | 302 done | 302 done | 302 done | 302 done",
    data=_form(body="A new comment"),
    done=_comment_done,
)
case(
    S,
    NS + "comment_on_page",
    "comment on an unpublished petition",
    "POST",
    _rev(NS + "comment_on_page", "petition_draft"),
    "404",
    data=_form(body="A new comment"),
    done=_comment_done,
)
case(S, NS + "comment_on_page", "comment", "GET", _rev(NS + "comment_on_page", "board"), "405")
case(
    S,
    NS + "comment_on_contribution",
    "comment on A's published idea",
    "POST",
    _rev(NS + "comment_on_contribution", "idea_a"),
    "403 | 302 done | 302 done | 302 done | 302 done | 302 done",
    data=_form(body="A new comment"),
    done=_comment_done,
)
case(
    S,
    NS + "comment_on_contribution",
    "comment on A's pending idea",
    "POST",
    _rev(NS + "comment_on_contribution", "idea_pending_a"),
    "404",
    data=_form(body="A new comment"),
    done=_comment_done,
)
case(
    S,
    NS + "comment_on_contribution",
    "reply to B's pending comment",
    "POST",
    _rev(NS + "comment_on_contribution", "comment_pending_b"),
    "404",
    data=_form(body="A new comment"),
    done=_comment_done,
)
_report_done = _exists("wagtail_participation.Report", contribution_id=lambda w, r: w.idea_b.pk)
case(
    S,
    NS + "report",
    "report B's published idea",
    "GET",
    _rev(NS + "report", "idea_b"),
    "sign-in | 200 | 403 | 200 | 200 | 200",
    note="its author cannot report it (issue 23, point 12)",
)
case(
    S,
    NS + "report",
    "report B's published idea",
    "POST",
    _rev(NS + "report", "idea_b"),
    "sign-in | 302 done | 403 | 302 done | 302 done | 302 done",
    data=_form(reason="spam", details=""),
    done=_report_done,
)
case(
    S, NS + "report", "report A's pending idea", "GET", _rev(NS + "report", "idea_pending_a"), "404"
)
case(
    S,
    NS + "report_thanks",
    "report thanks (published idea)",
    "GET",
    _rev(NS + "report_thanks", "idea_b"),
    "200",
)
case(
    S,
    NS + "report_thanks",
    "report thanks (A's pending idea)",
    "GET",
    _rev(NS + "report_thanks", "idea_pending_a"),
    "404",
    note="only for a contribution the visitor may read, or one they reported (which their report may have "
    "hidden): it confirms nothing else",
)
case(
    S,
    NS + "report_thanks",
    "report thanks (A's idea that B reported)",
    "GET",
    _rev(NS + "report_thanks", "idea_a"),
    "200",
)

S = "Polls"
PS = "wagtail_participation_surveys:"
case(
    S,
    PS + "poll_vote",
    "vote in a poll",
    "POST",
    _rev(PS + "poll_vote", "poll"),
    "302 done",
    data=lambda w: {"choice": w.poll_choice.pk, "next": "/"},
    done=_exists("wagtail_participation_surveys.PollVote", poll_id=lambda w, r: w.poll.pk),
)
case(S, PS + "poll_vote", "vote in a poll", "GET", _rev(PS + "poll_vote", "poll"), "405")

S = "Page privacy: X's view-restricted boards, petition and poll"
PASSWORD_ROW = (
    "404 | 200 | 404 | 404 | 404 | 404"  # only A has typed the password (staff too must type it)
)
LOGIN_ROW = (
    "404 | 404 | 404 | 200 | 200 | 200"  # logged in to the site (residents by email link are not)
)
PANEL_ROW = "404 | 404 | 404 | 404 | 200 | 200"  # in the residents' panel group (superusers pass group checks)
for name, label, row in (
    ("board_password", "behind a password", PASSWORD_ROW),
    ("board_login", "for logged-in visitors", LOGIN_ROW),
    ("board_panel", "for the residents' panel", PANEL_ROW),
):
    for what in ("idea", "comment"):
        case(
            S,
            NS + "report",
            f"report the {what} on the board {label}",
            "GET",
            _rev(NS + "report", f"{name}_{what}"),
            # Resident A typed the idea behind the password: their own, not to be reported.
            "404 | 403 | 404 | 404 | 404 | 404"
            if (name, what) == ("board_password", "idea")
            else row,
            note="Wagtail's page privacy applies: 404 for visitors the restriction does not let in"
            if (name, what) == ("board_password", "idea")
            else "",
        )
    case(
        S,
        NS + "report_thanks",
        f"report thanks (the idea on the board {label})",
        "GET",
        _rev(NS + "report_thanks", f"{name}_idea"),
        row,
    )
case(
    S,
    NS + "report",
    "report the idea on the board for logged-in visitors",
    "POST",
    _rev(NS + "report", "board_login_idea"),
    "404 | 404 | 404 | 302 done | 302 done | 302 done",
    data=_form(reason="spam", details=""),
    done=_exists(
        "wagtail_participation.Report", contribution_id=lambda w, r: w.board_login_idea.pk
    ),
)
case(
    S,
    NS + "comment_on_contribution",
    "comment on the idea behind a password",
    "POST",
    _rev(NS + "comment_on_contribution", "board_password_idea"),
    "404 | 302 done | 404 | 404 | 404 | 404",
    data=_form(body="A new comment"),
    done=_comment_done,
    note="the page's restriction decides, so visitors it lets in may comment",
)
case(
    S,
    NS + "comment_on_page",
    "comment on the board for the residents' panel",
    "POST",
    _rev(NS + "comment_on_page", "board_panel"),
    "404 | 404 | 404 | 404 | 302 done | 302 done",
    data=_form(body="A new comment"),
    done=_comment_done,
)
case(
    S,
    PS + "poll_vote",
    "vote in the poll shown only on the members' page",
    "POST",
    _rev(PS + "poll_vote", "poll_private"),
    "404 | 404 | 404 | 404 | 302 done | 302 done",
    data=lambda w: {"choice": w.poll_private_choice.pk, "next": "/"},
    done=_exists("wagtail_participation_surveys.PollVote", poll_id=lambda w, r: w.poll_private.pk),
    note="a poll answers visitors who may view a live page that shows it",
)
case(
    S,
    PS + "poll_vote",
    "vote in the members' poll, asking for its results (JSON)",
    "POST",
    _rev(PS + "poll_vote", "poll_private"),
    "404 | 404 | 404 | 404 | 200 done | 200 done",
    data=lambda w: {"choice": w.poll_private_choice.pk, "next": "/"},
    headers={"HTTP_ACCEPT": "application/json"},
    done=_exists("wagtail_participation_surveys.PollVote", poll_id=lambda w, r: w.poll_private.pk),
)
case(
    S,
    "page:council.InformationPage:serve",
    "a public page with blocks of the restricted boards and petition",
    "GET",
    lambda w: w.blocks_page.url,
    "200",
    extra=True,
    note="the idea-board teasers and the petition block show only what each visitor may view",
)
BOARD_PAGE = "page:wagtail_participation_ideas.IdeaBoardPage:"
case(
    S,
    BOARD_PAGE + "listing",
    "the board behind a password",
    "GET",
    _sub("board_password", "listing"),
    "200",
    note="Wagtail's password form for the others: 200, without the board's ideas",
)
case(
    S,
    BOARD_PAGE + "listing",
    "the board for logged-in visitors",
    "GET",
    _sub("board_login", "listing"),
    "302 | 302 | 302 | 200 | 200 | 200",
    note="Wagtail's view restriction: a redirect to the site's login",
)
case(
    S,
    BOARD_PAGE + "idea",
    "the idea on the board for the residents' panel",
    "GET",
    _sub("board_panel", "idea", "board_panel_idea"),
    "302 | 302 | 302 | 302 | 200 | 200",
)

S = "Petitions (URLs outside the page tree)"
PT = "wagtail_participation_petitions:"


def _confirm_token(w):
    from wagtail_participation.petitions.signing import make_confirmation_token

    return make_confirmation_token(w.pending_signature)


_confirmed = _exists(
    "wagtail_participation_petitions.Signature",
    pk=lambda w, r: w.pending_signature.pk,
    confirmed_at__isnull=False,
)
case(
    S,
    PT + "confirm",
    "confirmation link (Carol's signature)",
    "GET",
    lambda w: reverse(PT + "confirm", args=[_confirm_token(w)]),
    "200",
    note="a bearer link, sent to the signer's address",
)
case(
    S,
    PT + "confirm",
    "confirmation link: confirm",
    "POST",
    lambda w: reverse(PT + "confirm", args=[_confirm_token(w)]),
    "200 done",
    done=_confirmed,
)
case(
    S,
    PT + "confirm",
    "confirmation link, forged",
    "GET",
    _rev(PT + "confirm", lambda w: "forged"),
    "400",
)
_supporter = _exists(
    "wagtail_participation_petitions.Signature",
    petition_id=lambda w, r: w.petition_a.pk,
    sponsor=True,
)
case(
    S,
    PT + "sponsor",
    "supporters' link of A's petition",
    "GET",
    lambda w: reverse(PT + "sponsor", args=[w.petition_a.sponsor_key]),
    "200",
    sees=("A's petition collecting supporters",),
    note="a bearer link: its creator shares it to find supporters",
)
case(
    S,
    PT + "sponsor",
    "supporters' link of A's petition: support",
    "POST",
    lambda w: reverse(PT + "sponsor", args=[w.petition_a.sponsor_key]),
    "200 done | 200 | 200 done | 200 done | 200 done | 200 done",
    data=_form(name="Sam Supporter", email="sam@example.org", area="RB1 2AB"),
    sees=("A's petition collecting supporters",),
    done=_supporter,
    note="its creator gets the link to share, not a form",
)
case(
    S,
    PT + "sponsor",
    "supporters' link of the hidden petition",
    "GET",
    lambda w: reverse(PT + "sponsor", args=[w.petition_hidden.sponsor_key]),
    "404",
)
case(S, PT + "count", "count.json, open petition", "GET", _rev(PT + "count", "petition"), "200")
case(
    S,
    PT + "count",
    "count.json, unpublished petition",
    "GET",
    _rev(PT + "count", "petition_draft"),
    "404",
)
case(
    S,
    PT + "count",
    "count.json, A's petition collecting supporters",
    "GET",
    _rev(PT + "count", "petition_a"),
    "404",
)
case(
    S,
    PT + "count",
    "count.json, hidden petition",
    "GET",
    _rev(PT + "count", "petition_hidden"),
    "404",
)
case(
    S,
    PT + "count",
    "count.json, petition for logged-in users only",
    "GET",
    _rev(PT + "count", "petition_private"),
    "404",
    note="the same cached answer for everyone: a restricted petition's count is not public",
)
_signed = _exists("wagtail_participation_petitions.Signature", email="sam@example.org")
_sign_data = _form(name="Sam Signer", email="sam@example.org", area="RB1 2AB")
case(
    S,
    PT + "sign",
    "sign the open petition",
    "POST",
    _rev(PT + "sign", "petition"),
    "302 done",
    data=_sign_data,
    done=_signed,
)
case(S, PT + "sign", "sign the open petition", "GET", _rev(PT + "sign", "petition"), "302")
case(
    S,
    PT + "sign",
    "sign the open petition again: a signer's mailbox, its domain in fullwidth letters",
    "POST",
    _rev(PT + "sign", "petition"),
    "302",
    data=_form(name="Zq Again", email="zqsigneremail@\uff45xample.org", area="RB1 2AB"),
    done=_exists("wagtail_participation_petitions.Signature", name="Zq Again"),
    note="one signature per canonical mailbox: done would mean a second one was stored",
)
case(
    S,
    PT + "sign",
    "sign the unpublished petition",
    "POST",
    _rev(PT + "sign", "petition_draft"),
    "404",
    data=_sign_data,
    done=_signed,
)
case(
    S,
    PT + "sign",
    "sign the closed petition",
    "POST",
    _rev(PT + "sign", "petition_closed"),
    "403",
    data=_sign_data,
    done=_signed,
)
case(
    S,
    PT + "sign",
    "sign the petition for logged-in users",
    "POST",
    _rev(PT + "sign", "petition_private"),
    "404 | 404 | 404 | 302 done | 302 done | 302 done",
    data=_sign_data,
    done=_signed,
    note="only for visitors its view restriction lets in; the others sign on its page (which asks them to log in)",
)
case(S, PT + "signed", "signed, open petition", "GET", _rev(PT + "signed", "petition"), "200")
case(
    S,
    PT + "signed",
    "signed, unpublished petition",
    "GET",
    _rev(PT + "signed", "petition_draft"),
    "404",
)

# Resident-facing: page routes

IB = "page:wagtail_participation_ideas.IdeaBoardPage:"
S = "Idea board of project X (page routes)"
case(
    "Pages",
    "page:wagtail_participation_projects.ParticipationIndexPage:serve",
    "participation index",
    "GET",
    lambda w: w.index.url,
    "200",
)
case(
    "Pages",
    "page:wagtail_participation_projects.ParticipationProjectPage:serve",
    "project X",
    "GET",
    lambda w: w.project_x.url,
    "200",
)
case(S, IB + "listing", "the board", "GET", _sub("board", "listing"), "200")
case(
    S,
    IB + "listing",
    "the board, searching the pending idea",
    "GET",
    _sub("board", "listing", query="?q=xylophones"),
    "200",
)
case(S, IB + "idea", "A's published idea", "GET", _sub("board", "idea", "idea_a"), "200")
case(
    S,
    IB + "idea",
    "A's pending idea",
    "GET",
    _sub("board", "idea", "idea_pending_a"),
    "404 | 200 | 404 | 404 | 404 | 404",
    note="staff moderate it in the admin; on the site only its author sees it",
)
case(S, IB + "idea", "A's rejected idea", "GET", _sub("board", "idea", "idea_rejected_a"), "404")
case(S, IB + "idea", "Y's idea through X's board", "GET", _sub("board", "idea", "idea_y"), "404")
case(
    S,
    IB + "old_idea",
    "A's pending idea at its old address",
    "GET",
    _sub("board", "old_idea", "idea_pending_a"),
    "302",
    note="moves to the new address, which decides who sees it; the redirect shows nothing",
)
case(
    S,
    IB + "old_idea_action",
    "A's idea's old edit address",
    "GET",
    lambda w: f"{w.objects['board'].url}ideas/{w.objects['idea_a'].pk}/edit/",
    "302",
)
_idea_done = _exists("wagtail_participation_ideas.Idea", title="A new idea for X")
case(
    S,
    IB + "submit",
    "post an idea: form",
    "GET",
    _sub("board", "submit"),
    "sign-in | 200 | 200 | 200 | 200 | 200",
)
case(
    S,
    IB + "submit",
    "post an idea",
    "POST",
    _sub("board", "submit"),
    "sign-in | 302 done | 302 done | 302 done | 302 done | 302 done",
    data=_form(title="A new idea for X", description="Trees along the high street."),
    done=_idea_done,
)
_edited = _exists("wagtail_participation_ideas.Idea", title="zqpendingidea changed")
case(
    S,
    IB + "edit",
    "edit A's pending idea: form",
    "GET",
    _sub("board", "edit", "idea_pending_a"),
    "sign-in | 200 | 404 | 404 | 404 | 404",
)
case(
    S,
    IB + "edit",
    "edit A's pending idea",
    "POST",
    _sub("board", "edit", "idea_pending_a"),
    "sign-in | 302 done | 404 | 404 | 404 | 404",
    data=_form(title="zqpendingidea changed", description="Changed."),
    done=_edited,
)
case(
    S,
    IB + "edit",
    "edit A's published idea",
    "GET",
    _sub("board", "edit", "idea_a"),
    "sign-in | 200 | 404 | 404 | 404 | 404",
    note="within IDEA_EDIT_PUBLISHED_MINUTES of its publication (issue 23, point 12)",
)
_withdrawn = _exists(
    "wagtail_participation_ideas.Idea", pk=lambda w, r: w.idea_a.pk, withdrawn_at__isnull=False
)
case(
    S,
    IB + "withdraw",
    "withdraw A's idea: confirm",
    "GET",
    _sub("board", "withdraw", "idea_a"),
    "sign-in | 200 | 404 | 404 | 404 | 404",
)
case(
    S,
    IB + "withdraw",
    "withdraw A's idea",
    "POST",
    _sub("board", "withdraw", "idea_a"),
    "sign-in | 302 done | 404 | 404 | 404 | 404",
    data=_form(),
    done=_withdrawn,
)
_voted = _exists("wagtail_participation_ideas.IdeaVote", idea_id=lambda w, r: w.idea_b.pk)
case(
    S,
    IB + "vote",
    "support B's idea",
    "POST",
    _sub("board", "vote", "idea_b"),
    "sign-in | 302 done | 403 | 302 done | 302 done | 302 done",
    data=lambda w: {"action": "support"},
    done=_voted,
)
case(
    S,
    IB + "vote",
    "support A's pending idea",
    "POST",
    _sub("board", "vote", "idea_pending_a"),
    "404",
    data=lambda w: {"action": "support"},
    done=_exists("wagtail_participation_ideas.IdeaVote", idea_id=lambda w, r: w.idea_pending_a.pk),
)
case(S, IB + "vote", "vote", "GET", _sub("board", "vote", "idea_b"), "302")
case(
    S,
    IB + "similar",
    "similar ideas to the pending one",
    "GET",
    _sub("board", "similar", query="?title=xylophones"),
    "200",
)
case(S, IB + "feed", "RSS feed", "GET", _sub("board", "feed"), "200")

SV = "page:wagtail_participation_surveys.SurveyPage:"
S = "Survey of project X (page routes)"
case(S, SV + "survey", "the survey", "GET", _sub("survey", "survey"), "200")
case(
    S,
    SV + "survey",
    "answer the survey",
    "POST",
    _sub("survey", "survey"),
    "302 done",
    data=_form(step="1", **{f"q-{SURVEY_QUESTION}": "Fine.", "next": "1"}),
    done=_exists("wagtail_participation_surveys.SurveyResponse", answers__icontains="Fine."),
)
case(
    S,
    SV + "survey",
    "paper entry (?paper=1)",
    "GET",
    _sub("survey", "survey", query="?paper=1"),
    "200 | 200 | 200 | 302 | 200 | 302",
    note="paper entry is for users who may edit the survey; others just get the survey",
)
case(S, SV + "thanks", "thank-you page", "GET", _sub("survey", "thanks"), "200")
case(
    S,
    SV + "results",
    "public results (not public here)",
    "GET",
    _sub("survey", "results"),
    "403",
    note="staff read them in the admin",
)

PI = "page:wagtail_participation_petitions.PetitionIndexPage:"
PP = "page:wagtail_participation_petitions.PetitionPage:"
S = "Petitions of project X (page routes)"
case(S, PI + "listing", "the petitions", "GET", _sub("petitions", "listing"), "200")
case(
    S,
    PI + "listing",
    "the petitions, searching unpublished ones",
    "GET",
    _sub("petitions", "listing", query="?q=velodrome"),
    "200",
)
case(
    S,
    PI + "start",
    "start a petition: form",
    "GET",
    _sub("petitions", "start"),
    "sign-in | 200 | 200 | 200 | 200 | 200",
)
case(
    S,
    PI + "start",
    "start a petition",
    "POST",
    _sub("petitions", "start"),
    "sign-in | 302 done | 302 done | 302 done | 302 done | 302 done",
    data=_form(
        request="Plant more trees", background="Shade in summer.", name="Someone", area="RB1 2AB"
    ),
    done=_exists("wagtail_participation_petitions.PetitionPage", request="Plant more trees"),
)
case(
    S,
    PI + "similar",
    "similar to unpublished petitions",
    "GET",
    _sub("petitions", "similar", query="?q=velodrome"),
    "200",
)
case(
    S,
    PI + "similar",
    "similar to A's petition collecting supporters",
    "GET",
    _sub("petitions", "similar", query="?q=trampolines"),
    "200",
)
case(S, PP + "petition", "open petition", "GET", _sub("petition", "petition"), "200")
case(
    S,
    PP + "petition",
    "rejected petition",
    "GET",
    _sub("petition_rejected", "petition"),
    "200",
    note="shown as rejected, with the reason",
)
case(S, PP + "petition", "hidden petition", "GET", _sub("petition_hidden", "petition"), "404")
case(S, PP + "petition", "unpublished petition", "GET", _sub("petition_draft", "petition"), "404")
case(
    S,
    PP + "petition",
    "A's petition collecting supporters",
    "GET",
    _sub("petition_a", "petition"),
    "404",
    note="reached through its supporters' link only",
)
case(
    S,
    PP + "petition",
    "petition for logged-in users",
    "GET",
    _sub("petition_private", "petition"),
    "302 | 302 | 302 | 200 | 200 | 200",
    note="Wagtail's view restriction: a redirect to the site's login",
)
case(S, PP + "sign", "sign: form", "GET", _sub("petition", "sign"), "200")
case(
    S,
    PP + "sign",
    "sign",
    "POST",
    _sub("petition", "sign"),
    "302 done",
    data=_sign_data,
    done=_signed,
)
case(
    S, PP + "sign", "sign the closed petition: form", "GET", _sub("petition_closed", "sign"), "403"
)
case(S, PP + "signed", "signed", "GET", _sub("petition", "signed"), "200")

# Admin

ADMIN_ANON = "login | login | login"
S = "Admin: moderation queue, reports, participants"
MA = "wagtail_participation_{}_modeladmin_{}"


def _modeladmin(model, view, obj=None):
    name = MA.format(model, view)
    if obj is None:
        return lambda w: reverse(name)
    return lambda w: reverse(
        name, kwargs={"instance_pk": w.objects[obj].pk if isinstance(obj, str) else obj(w)}
    )


case(
    S,
    MA.format("contribution", "index"),
    "moderation queue",
    "GET",
    _modeladmin("contribution", "index"),
    f"{ADMIN_ANON} | denied | 200 | 200",
)
case(
    S,
    MA.format("contribution", "index"),
    "moderation queue, filtered to X's board",
    "GET",
    lambda w: reverse(MA.format("contribution", "index")) + f"?page_id={w.board.pk}",
    f"{ADMIN_ANON} | denied | 200 | 200",
)
_TRAVERSE = "relation-traversing filter"
for query, note in (
    (
        "page_id__owner__password__startswith=md5",
        "a lookup through a relation of a declared filter's name: refused "
        "(400) before anything is filtered; it used to read password hashes",
    ),
    ("page_id__owner__owned_pages__view_restrictions__password__startswith=open", ""),
    ("moderation_state__regex=.*", "only the exact parameters the declared filters take"),
    ("moderated_by__username=admin", ""),
):
    case(
        S,
        MA.format("contribution", "index"),
        f"moderation queue, {_TRAVERSE} ?{query}",
        "GET",
        lambda w, query=query: reverse(MA.format("contribution", "index")) + "?" + query,
        f"{ADMIN_ANON} | denied | 400 | 400",
        note=note,
    )
for view in ("create", "edit", "delete", "history"):
    case(
        S,
        MA.format("contribution", view),
        f"contribution: {view} (A's pending idea)",
        "GET",
        _modeladmin("contribution", view, None if view == "create" else "idea_pending_a"),
        f"{ADMIN_ANON} | denied | denied | " + ("200" if view == "history" else "denied"),
    )
_published = _state("idea_pending_a", "moderation_state", "published")
case(
    S,
    "wagtail_participation_admin:moderate",
    "moderate A's pending idea (X)",
    "GET",
    _rev("wagtail_participation_admin:moderate", "idea_pending_a"),
    f"{ADMIN_ANON} | denied | denied | 200",
)
case(
    S,
    "wagtail_participation_admin:moderate",
    "moderate A's pending idea (X): publish",
    "POST",
    _rev("wagtail_participation_admin:moderate", "idea_pending_a"),
    f"{ADMIN_ANON} | denied | denied | 302 done",
    data=lambda w: {"action": "publish"},
    done=_published,
)
case(
    S,
    "wagtail_participation_admin:moderate",
    "moderate B's pending idea on Y",
    "GET",
    _rev("wagtail_participation_admin:moderate", "idea_pending_y"),
    f"{ADMIN_ANON} | denied | 200 | 200",
    sees=("email of B",),
    note="a moderator of the page sees its author's email address",
)
case(
    S,
    "wagtail_participation_admin:bulk_moderate",
    "bulk publish (X's and Y's pending ideas)",
    "POST",
    _rev("wagtail_participation_admin:bulk_moderate"),
    f"{ADMIN_ANON} | denied | 302 | 302 done",
    data=lambda w: {"action": "publish", "selected": [w.idea_pending_a.pk, w.idea_pending_y.pk]},
    done=_published,
    note="done: X's idea was published; Y's moderator may not moderate it, so it is skipped",
)
case(
    S,
    "wagtail_participation_admin:bulk_moderate",
    "bulk moderate",
    "GET",
    _rev("wagtail_participation_admin:bulk_moderate"),
    f"{ADMIN_ANON} | 405 | 405 | 405",
)
case(
    S,
    "wagtail_participation_export_contributions",
    "export the queue (CSV)",
    "GET",
    _rev("wagtail_participation_export_contributions"),
    f"{ADMIN_ANON} | denied | 200 | 200",
)
case(
    S,
    MA.format("report", "index"),
    "reports",
    "GET",
    _modeladmin("report", "index"),
    f"{ADMIN_ANON} | denied | 200 | 200",
)
for view in ("create", "edit", "delete", "history"):
    case(
        S,
        MA.format("report", view),
        f"report: {view} (B's report on A's idea)",
        "GET",
        _modeladmin("report", view, None if view == "create" else "report_b"),
        f"{ADMIN_ANON} | denied | denied | " + ("200" if view == "history" else "denied"),
    )
case(
    S,
    MA.format("report", "index"),
    f"reports, {_TRAVERSE} ?contribution__page__owner__password__startswith=md5",
    "GET",
    lambda w: (
        reverse(MA.format("report", "index"))
        + "?contribution__page__owner__password__startswith=md5"
    ),
    f"{ADMIN_ANON} | denied | 400 | 400",
)
case(
    S,
    MA.format("participant", "index"),
    "participants",
    "GET",
    _modeladmin("participant", "index"),
    f"{ADMIN_ANON} | denied | denied | 200",
)
case(
    S,
    MA.format("participant", "index"),
    f"participants, {_TRAVERSE} ?verified_at__user__password__startswith=md5",
    "GET",
    lambda w: (
        reverse(MA.format("participant", "index")) + "?verified_at__user__password__startswith=md5"
    ),
    f"{ADMIN_ANON} | denied | denied | 400",
)
for view in ("create", "edit", "delete", "history"):
    case(
        S,
        MA.format("participant", view),
        f"participant: {view} (A)",
        "GET",
        _modeladmin("participant", view, None if view == "create" else "a"),
        f"{ADMIN_ANON} | denied | denied | " + ("200" if view == "history" else "denied"),
    )

S = "Admin: ideas"
IA = "wagtail_participation_ideas_idea_modeladmin_{}"
case(
    S,
    IA.format("index"),
    "ideas",
    "GET",
    _modeladmin("ideas_idea", "index"),
    f"{ADMIN_ANON} | denied | 200 | 200",
)
for query in (
    "category__participationprojectpage__view_restrictions__password__startswith=open",
    "board__owner__password__startswith=md5",
    "status__exact__in=new,done",
):
    case(
        S,
        IA.format("index"),
        f"ideas, {_TRAVERSE} ?{query}",
        "GET",
        lambda w, query=query: reverse(IA.format("index")) + "?" + query,
        f"{ADMIN_ANON} | denied | 400 | 400",
    )
for view in ("create", "edit", "delete", "history"):
    case(
        S,
        IA.format(view),
        f"idea: {view} (A's pending idea)",
        "GET",
        _modeladmin("ideas_idea", view, None if view == "create" else "idea_pending_a"),
        f"{ADMIN_ANON} | denied | denied | " + ("200" if view == "history" else "denied"),
    )


def _respond_data(w):
    import json

    text = {
        "blocks": [
            {
                "key": "a1b2c",
                "type": "unstyled",
                "text": "We will look at it.",
                "depth": 0,
                "inlineStyleRanges": [],
                "entityRanges": [],
            }
        ],
        "entityMap": {},
    }
    return {
        "status": w.idea_a.status,
        "response": json.dumps(text),
        "responder_name": "The parks team",
    }


def _responded(w, role):
    return "We will look at it." in type(w.idea_a).objects.get(pk=w.idea_a.pk).response


case(
    S,
    "wagtail_participation_ideas_admin:respond",
    "respond to A's idea (X)",
    "GET",
    _rev("wagtail_participation_ideas_admin:respond", "idea_a"),
    f"{ADMIN_ANON} | denied | denied | 200",
)
case(
    S,
    "wagtail_participation_ideas_admin:respond",
    "respond to A's idea (X)",
    "POST",
    _rev("wagtail_participation_ideas_admin:respond", "idea_a"),
    f"{ADMIN_ANON} | denied | denied | 302 done",
    data=_respond_data,
    done=_responded,
)
case(
    S,
    "wagtail_participation_ideas_admin:respond",
    "respond to Y's idea",
    "GET",
    _rev("wagtail_participation_ideas_admin:respond", "idea_y"),
    f"{ADMIN_ANON} | denied | 200 | 200",
)


def _other_status(w):
    from wagtail_participation.ideas.models import idea_status_choices

    return next(value for value, _label in idea_status_choices() if value != w.idea_a.status)


case(
    S,
    "wagtail_participation_ideas_admin:bulk_status",
    "bulk status (X's and Y's ideas)",
    "POST",
    _rev("wagtail_participation_ideas_admin:bulk_status"),
    f"{ADMIN_ANON} | denied | 302 | 302 done",
    data=lambda w: {"status": _other_status(w), "selected": [w.idea_a.pk, w.idea_y.pk]},
    done=lambda w, role: _state("idea_a", "status", _other_status(w))(w, role),
    note="done: X's idea changed; Y's moderator may not moderate it, so it is skipped",
)
case(
    S,
    "wagtail_participation_ideas_admin:bulk_status",
    "bulk status",
    "GET",
    _rev("wagtail_participation_ideas_admin:bulk_status"),
    f"{ADMIN_ANON} | 405 | 405 | 405",
)
case(
    S,
    "wagtail_participation_ideas_admin:export_csv",
    "export ideas (CSV)",
    "GET",
    _rev("wagtail_participation_ideas_admin:export_csv"),
    f"{ADMIN_ANON} | denied | 200 | 200",
)
case(
    S,
    "wagtail_participation_ideas_admin:export_csv",
    f"export ideas (CSV), {_TRAVERSE} ?board__owner__password__startswith=md5",
    "GET",
    _rev(
        "wagtail_participation_ideas_admin:export_csv",
        query="?board__owner__password__startswith=md5",
    ),
    f"{ADMIN_ANON} | denied | 200 | 200",
    note="the exports read the listing's own parameters by name; others are ignored",
)
case(
    S,
    "wagtail_participation_ideas_admin:export_xlsx",
    "export ideas (XLSX)",
    "GET",
    _rev("wagtail_participation_ideas_admin:export_xlsx"),
    f"{ADMIN_ANON} | denied | 200 | 200",
)

S = "Admin: survey of project X"
for name, label in (
    ("results", "results"),
    ("export_csv", "export (CSV)"),
    ("export_xlsx", "export (XLSX)"),
):
    case(
        S,
        f"wagtail_participation_surveys_admin:{name}",
        label,
        "GET",
        _rev(f"wagtail_participation_surveys_admin:{name}", "survey"),
        f"{ADMIN_ANON} | 200 | denied | 200",
        note="users who may edit the survey" if name == "results" else "",
    )
case(
    S,
    "wagtail_participation_surveys_admin:results",
    "results of a page that is not a survey",
    "GET",
    _rev("wagtail_participation_surveys_admin:results", "board"),
    f"{ADMIN_ANON} | denied | denied | denied",
)
RA = "wagtail_participation_surveys_surveyresponse_modeladmin_{}"
case(
    S,
    RA.format("index"),
    "responses listing",
    "GET",
    _modeladmin("surveys_surveyresponse", "index"),
    f"{ADMIN_ANON} | 200 | denied | 200",
    note="users who may edit a survey, its responses",
)
case(
    S,
    RA.format("index"),
    "responses listing, X's survey, as CSV",
    "GET",
    lambda w: reverse(RA.format("index")) + f"?survey={w.survey.pk}&export=csv",
    f"{ADMIN_ANON} | 200 | denied | 200",
)
case(
    S,
    RA.format("index"),
    f"responses listing, {_TRAVERSE} ?page__owner__password__startswith=md5",
    "GET",
    lambda w: reverse(RA.format("index")) + "?page__owner__password__startswith=md5",
    f"{ADMIN_ANON} | 400 | denied | 400",
)
for view in ("create", "edit", "delete", "history"):
    case(
        S,
        RA.format(view),
        f"response: {view} (the answer to X's survey)",
        "GET",
        _modeladmin(
            "surveys_surveyresponse",
            view,
            None
            if view == "create"
            else lambda w: (
                apps.get_model("wagtail_participation_surveys.SurveyResponse")
                .objects.get(page=w.survey)
                .pk
            ),
        ),
        f"{ADMIN_ANON} | denied | denied | denied",
    )

S = "Admin: petition of project X"
for name, label in (
    ("signatures", "signatures"),
    ("export", "signatures (CSV)"),
    ("areas", "areas"),
    ("trending", "trending sources"),
    ("invalidate", "invalidate: preview"),
    ("reject", "reject: form"),
):
    case(
        S,
        f"wagtail_participation_petitions_admin:{name}",
        label,
        "GET",
        _rev(f"wagtail_participation_petitions_admin:{name}", "petition"),
        f"{ADMIN_ANON} | denied | denied | 200",
        note="users who may publish the petition" if name == "signatures" else "",
    )
case(
    S,
    "wagtail_participation_petitions_admin:signatures",
    "signatures of a page that is not a petition",
    "GET",
    _rev("wagtail_participation_petitions_admin:signatures", "board"),
    f"{ADMIN_ANON} | 404 | 404 | 404",
)
_invalid = _exists(
    "wagtail_participation_petitions.Signature",
    email="zqsigneremail@example.org",
    validity="invalid",
)
case(
    S,
    "wagtail_participation_petitions_admin:invalidate",
    "invalidate by domain, unconfirmed",
    "POST",
    _rev("wagtail_participation_petitions_admin:invalidate", "petition"),
    f"{ADMIN_ANON} | denied | denied | 200",
    data=lambda w: {"email_domain": "example.org"},
    done=_invalid,
)
case(
    S,
    "wagtail_participation_petitions_admin:reject",
    "reject",
    "POST",
    _rev("wagtail_participation_petitions_admin:reject", "petition"),
    f"{ADMIN_ANON} | denied | denied | 302 done",
    data=lambda w: {"reason": "duplicate", "details": "See the other."},
    done=_state("petition", "state", "rejected"),
)

SG = "wagtail_participation_petitions_signature_modeladmin_{}"
case(
    S,
    SG.format("index"),
    "signatures listing",
    "GET",
    _modeladmin("petitions_signature", "index"),
    f"{ADMIN_ANON} | denied | 200 | 200",
    note="the signatures of the petitions the user may moderate",
)
case(
    S,
    SG.format("index"),
    "signatures listing, filtered to X's petition",
    "GET",
    lambda w: reverse(SG.format("index")) + f"?petition={w.petition.pk}",
    f"{ADMIN_ANON} | denied | denied | 200",
)
case(
    S,
    SG.format("index"),
    "signatures listing, XLSX export",
    "GET",
    lambda w: reverse(SG.format("index")) + f"?petition={w.petition.pk}&export=xlsx",
    f"{ADMIN_ANON} | denied | denied | 200",
)
case(
    S,
    SG.format("index"),
    f"signatures listing, {_TRAVERSE} ?petition__owner__password__startswith=md5",
    "GET",
    lambda w: reverse(SG.format("index")) + "?petition__owner__password__startswith=md5",
    f"{ADMIN_ANON} | denied | 400 | 400",
)
for view in ("create", "edit", "delete", "history"):
    case(
        S,
        SG.format(view),
        f"signature: {view} (a pending signature on X's petition)",
        "GET",
        _modeladmin("petitions_signature", view, None if view == "create" else "pending_signature"),
        f"{ADMIN_ANON} | denied | denied | denied",
    )

S = "Admin: Wagtail's page editor (the package's panels on it)"
for obj, label in (
    ("project_x", "project X"),
    ("board", "X's idea board"),
    ("survey", "X's survey"),
    ("petition", "X's open petition"),
):
    case(
        S,
        "wagtailadmin_pages:edit",
        f"edit {label}",
        "GET",
        _rev("wagtailadmin_pages:edit", obj),
        f"{ADMIN_ANON} | 200 | denied | 200",
        extra=True,
        note="Wagtail's URL; the summary panels are the package's" if obj == "project_x" else "",
    )

S = "Admin: snippets (topics, areas, polls)"
SNIPPETS = (
    ("wagtail_participation_projects", "topic", "topic"),
    ("wagtail_participation_projects", "area", "area"),
    ("wagtail_participation_surveys", "poll", "poll"),
)
SNIPPET_VIEWS = {
    # view: (namespace prefix, takes the object, expected for editor of X | moderator of Y | superuser)
    "list": ("wagtailsnippets", False, "denied | denied | 200"),
    "list_results": ("wagtailsnippets", False, "denied | denied | 200"),
    "add": ("wagtailsnippets", False, "denied | denied | 200"),
    "edit": ("wagtailsnippets", True, "denied | denied | 200"),
    "delete": ("wagtailsnippets", True, "denied | denied | 200"),
    "usage": ("wagtailsnippets", True, "denied | denied | 200"),
    "history": ("wagtailsnippets", True, "denied | denied | 200"),
    "history_results": ("wagtailsnippets", True, "denied | denied | 200"),
    "copy": ("wagtailsnippets", True, "denied | denied | 200"),
    "choose": ("wagtailsnippetchoosers", False, "200 | 200 | 200"),
    "choose_results": ("wagtailsnippetchoosers", False, "200 | 200 | 200"),
    "chosen": ("wagtailsnippetchoosers", True, "200 | 200 | 200"),
    "chosen_multiple": ("wagtailsnippetchoosers", False, "200 | 200 | 200"),
    "create": ("wagtailsnippetchoosers", False, "denied | denied | 200"),
}


def _snippet_urls(view, prefix, with_object):
    def urls(w):
        result = []
        for app_label, model, obj in SNIPPETS:
            args = [w.objects[obj].pk] if with_object else []
            query = f"?id={w.objects[obj].pk}" if view == "chosen_multiple" else ""
            result.append(reverse(f"{prefix}_{app_label}_{model}:{view}", args=args) + query)
        return result

    return urls


for view, (prefix, with_object, staff) in SNIPPET_VIEWS.items():
    case(
        S,
        tuple(f"{prefix}_{app}_{model}:{view}" for app, model, _obj in SNIPPETS),
        f"{prefix}: {view}",
        "GET",
        _snippet_urls(view, prefix, with_object),
        f"{ADMIN_ANON} | {staff}",
        note="Wagtail's own views: Django model permissions (the choosers: any admin user)",
    )

S = "One-question page of project X (the test app's method, page routes)"
OQ = "page:testapp_onequestion.OneQuestionPage:"
case(S, OQ + "question", "the question and its answers", "GET", _sub("question", "question"), "200")
_answered = _exists("testapp_onequestion.Answer", body="A new answer")
case(
    S,
    OQ + "answer",
    "answer the question",
    "POST",
    _sub("question", "answer"),
    "sign-in | 302 done | 302 done | 302 done | 302 done | 302 done",
    data=_form(body="A new answer"),
    done=_answered,
)
case(S, OQ + "answer", "answer the question", "GET", _sub("question", "answer"), "302")
case(
    S,
    OQ + "answer",
    "answer the closed question",
    "POST",
    _sub("question_closed", "answer"),
    "403",
    data=_form(body="A new answer"),
    done=_answered,
)
case(
    S,
    NS + "comment_on_contribution",
    "comment on A's published answer",
    "POST",
    _rev(NS + "comment_on_contribution", "answer_a"),
    "403 | 302 done | 302 done | 302 done | 302 done | 302 done",
    data=_form(body="A new comment"),
    done=_comment_done,
)
case(
    S,
    NS + "report",
    "report A's pending answer",
    "GET",
    _rev(NS + "report", "answer_pending_a"),
    "404",
)

S = "Admin: answers (the test app's method)"
OA = "testapp_onequestion_answer_modeladmin_{}"


def _answers_admin(view, obj=None):
    if obj is None:
        return lambda w: reverse(OA.format(view))
    return lambda w: reverse(OA.format(view), kwargs={"instance_pk": w.objects[obj].pk})


case(
    S,
    OA.format("index"),
    "answers",
    "GET",
    _answers_admin("index"),
    f"{ADMIN_ANON} | denied | 200 | 200",
    note="only the answers on pages the user may publish: none for Y's moderator",
)
case(
    S,
    OA.format("index"),
    "answers: export (CSV)",
    "GET",
    lambda w: reverse(OA.format("index")) + "?export=csv",
    f"{ADMIN_ANON} | denied | 200 | 200",
    note="the listing's own export (core's listing base): the rows the listing shows",
)
case(
    S,
    OA.format("index"),
    f"answers, {_TRAVERSE} ?page__owner__password__startswith=md5",
    "GET",
    lambda w: reverse(OA.format("index")) + "?page__owner__password__startswith=md5",
    f"{ADMIN_ANON} | denied | 400 | 400",
)
for view in ("create", "edit", "delete", "history"):
    case(
        S,
        OA.format(view),
        f"answer: {view} (A's pending answer)",
        "GET",
        _answers_admin(view, None if view == "create" else "answer_pending_a"),
        f"{ADMIN_ANON} | denied | denied | " + ("200" if view == "history" else "denied"),
    )
case(
    S,
    "wagtail_participation_admin:moderate",
    "moderate A's pending answer (X): publish",
    "POST",
    _rev("wagtail_participation_admin:moderate", "answer_pending_a"),
    f"{ADMIN_ANON} | denied | denied | 302 done",
    data=lambda w: {"action": "publish"},
    done=_state("answer_pending_a", "moderation_state", "published"),
    note="core's moderate view: an answer is a Contribution",
)


def _city_ballot_done(w):
    """A new city-wide ballot, or A's changed."""
    from wagtail_participation.budgeting.models import Ballot

    online = Ballot.objects.filter(page=w.budget, area__isnull=True, participant__isnull=False)
    return (
        online.exclude(pk=w.ballot_a.pk).exists()
        or online.filter(pk=w.ballot_a.pk, updated_at__gt=w.ballot_a.updated_at).exists()
    )


S = "Participatory budgets of project X (page routes)"
BP = "page:wagtail_participation_budgeting.BudgetPage:"
_EVERYONE_SIGNED_IN = "sign-in | 302 done | 302 done | 302 done | 302 done | 302 done"
case(S, BP + "budget", "the budget", "GET", _sub("budget", "budget"), "200")
case(S, BP + "proposals", "the proposals", "GET", _sub("budget", "proposals"), "200")
case(
    S,
    BP + "proposal",
    "a published proposal",
    "GET",
    _sub("budget", "proposal", "budget_proposal_a"),
    "200",
)
case(
    S,
    BP + "proposal",
    "A's pending proposal",
    "GET",
    _sub("budget", "proposal", "budget_proposal_pending_a"),
    "404 | 200 | 404 | 404 | 404 | 404",
    note="visible to its author only until moderated (moderators see it in the queue)",
)
case(
    S,
    BP + "proposal",
    "a proposal of another budget, through this one",
    "GET",
    _sub("budget", "proposal", "budget_proposal_open"),
    "404",
)
case(
    S,
    BP + "support",
    "support a proposal while proposals are collected",
    "POST",
    _sub("budget_proposals", "support", "budget_proposal_open"),
    _EVERYONE_SIGNED_IN,
    data=_form(),
    done=_exists(
        "wagtail_participation_budgeting.ProposalSupport",
        proposal__title="Skate park",
        participant__isnull=False,
    ),
)
case(
    S,
    BP + "support",
    "support a proposal while voting (closed for support)",
    "POST",
    _sub("budget", "support", "budget_proposal_a"),
    "403",
    data=_form(),
)
case(
    S,
    BP + "support",
    "support (GET)",
    "GET",
    _sub("budget_proposals", "support", "budget_proposal_open"),
    "302",
)
case(
    S,
    BP + "propose",
    "the proposal form",
    "GET",
    _sub("budget_proposals", "propose"),
    "sign-in | 200 | 200 | 200 | 200 | 200",
)
case(
    S,
    BP + "propose",
    "propose a project",
    "POST",
    _sub("budget_proposals", "propose"),
    _EVERYONE_SIGNED_IN,
    data=_form(title="A new bench", description="By the pond."),
    done=_exists("wagtail_participation_budgeting.BudgetProposal", title="A new bench"),
)
case(
    S,
    BP + "propose",
    "propose while voting (closed for proposals)",
    "POST",
    _sub("budget", "propose"),
    "403",
    data=_form(title="A new bench", description="By the pond."),
)
case(
    S,
    BP + "vote",
    "the city-wide ballot",
    "GET",
    _sub("budget", "vote"),
    "sign-in | 200 | 200 | 200 | 200 | 200",
)
case(
    S,
    BP + "vote",
    "vote city-wide",
    "POST",
    _sub("budget", "vote"),
    _EVERYONE_SIGNED_IN,
    data=lambda w: {**_form()(w), "project": [w.budget_proposal_a.pk]},
    done=lambda w, role: _city_ballot_done(w),
)
case(
    S,
    BP + "vote",
    "vote on a closed budget",
    "POST",
    _sub("budget_closed", "vote"),
    "403",
    data=_form(),
)
case(
    S,
    BP + "vote_area",
    "the ballot of an area",
    "GET",
    _sub("budget", "vote_area", "budget_area"),
    "sign-in | 200 | 200 | 200 | 200 | 200",
)
case(
    S,
    BP + "vote_area",
    "the ballot of another budget's area",
    "GET",
    _sub("budget", "vote_area", "budget_closed_area"),
    "404",
)
case(
    S,
    BP + "vote_area",
    "vote in an area",
    "POST",
    _sub("budget", "vote_area", "budget_area"),
    _EVERYONE_SIGNED_IN,
    data=lambda w: {**_form()(w), "project": [w.budget_proposal_north.pk]},
    done=_exists(
        "wagtail_participation_budgeting.Ballot",
        area__name="North",
        participant__isnull=False,
    ),
)
case(
    S,
    BP + "my_ballots",
    "your ballots",
    "GET",
    _sub("budget", "my_ballots"),
    "sign-in | 200 | 200 | 200 | 200 | 200",
)
case(
    S,
    BP + "results",
    "results while voting is open",
    "GET",
    _sub("budget", "results"),
    "404 | 404 | 404 | 200 | 404 | 200",
    note="editors of the page see the running count",
)
case(S, BP + "results", "results after closing", "GET", _sub("budget_closed", "results"), "200")
case(
    S,
    BP + "results_csv",
    "results as CSV while voting is open",
    "GET",
    _sub("budget", "results_csv"),
    "404 | 404 | 404 | 200 | 404 | 200",
)
case(
    S,
    BP + "results_csv",
    "results as CSV after closing",
    "GET",
    _sub("budget_closed", "results_csv"),
    "200",
)
case(
    S,
    BP + "results_pb",
    "the city-wide election (.pb) after closing",
    "GET",
    _sub("budget_closed", "results_pb"),
    "200",
)
case(
    S,
    BP + "results_pb",
    "the city-wide election (.pb) while voting is open",
    "GET",
    _sub("budget", "results_pb"),
    "404 | 404 | 404 | 200 | 404 | 200",
    note="voter numbers only, never who voted",
)
case(
    S,
    BP + "results_pb_area",
    "an area's election (.pb) after closing",
    "GET",
    _sub("budget_closed", "results_pb_area", "budget_closed_area"),
    "200",
)

S = "Admin: participatory budgets"
BA = "wagtail_participation_budgeting_admin:"
case(
    S,
    BA + "budget",
    "a budget's tools",
    "GET",
    _rev(BA + "budget", "budget"),
    f"{ADMIN_ANON} | denied | denied | 200",
)
case(
    S,
    BA + "budget",
    "the tools of a page that is not a budget",
    "GET",
    _rev(BA + "budget", "board"),
    f"{ADMIN_ANON} | 404 | 404 | 404",
)
case(
    S,
    BA + "add_proposal",
    "enter a project",
    "POST",
    _rev(BA + "add_proposal", "budget"),
    f"{ADMIN_ANON} | denied | denied | 302 done",
    data=lambda w: {"title": "Staff project", "description": "Roads."},
    done=_exists("wagtail_participation_budgeting.BudgetProposal", title="Staff project"),
)
case(
    S,
    BA + "paper_ballot",
    "the paper ballot form (city-wide)",
    "GET",
    _rev(BA + "paper_ballot", "budget"),
    f"{ADMIN_ANON} | denied | denied | 200",
)
case(
    S,
    BA + "paper_ballot",
    "enter a paper ballot",
    "POST",
    _rev(BA + "paper_ballot", "budget"),
    f"{ADMIN_ANON} | denied | denied | 302 done",
    data=lambda w: {**_form()(w), "project": [w.budget_proposal_a.pk], "paper_reference": "P-9"},
    done=_exists("wagtail_participation_budgeting.Ballot", paper_reference="P-9"),
)
case(
    S,
    BA + "paper_ballot_area",
    "the paper ballot form of an area",
    "GET",
    _rev(BA + "paper_ballot_area", "budget", "budget_area"),
    f"{ADMIN_ANON} | denied | denied | 200",
)
case(
    S,
    BA + "fund",
    "record the greedy count as funded",
    "POST",
    _rev(BA + "fund", "budget"),
    f"{ADMIN_ANON} | denied | denied | 302 done",
    data=lambda w: {"rule": "greedy"},
    done=_state("budget_proposal_a", "delivery_status", "planned"),
)
case(
    S,
    BA + "review",
    "review A's proposal",
    "GET",
    _rev(BA + "review", "budget_proposal_a"),
    f"{ADMIN_ANON} | denied | denied | 200",
)
case(
    S,
    BA + "review",
    "set A's proposal not feasible, with a reason",
    "POST",
    _rev(BA + "review", "budget_proposal_a"),
    f"{ADMIN_ANON} | denied | denied | 302 done",
    data=lambda w: {"feasibility": "not_feasible", "reason": "Railway land.", "final_cost": "5"},
    done=_state("budget_proposal_a", "feasibility", "not_feasible"),
)
case(
    S,
    BA + "add_update",
    "a progress update form",
    "GET",
    _rev(BA + "add_update", "budget_proposal_a"),
    f"{ADMIN_ANON} | denied | denied | 200",
)
for prefix, label in (
    ("wagtail_participation_budgeting_budgetproposal_modeladmin_{}", "budget proposals"),
    ("wagtail_participation_budgeting_ballot_modeladmin_{}", "ballots"),
):
    case(
        S,
        prefix.format("index"),
        label,
        "GET",
        lambda w, prefix=prefix: reverse(prefix.format("index")),
        f"{ADMIN_ANON} | denied | 200 | 200",
        note="only those on pages the user may publish: none for Y's moderator",
    )
    case(
        S,
        prefix.format("index"),
        f"{label}: export (CSV)",
        "GET",
        lambda w, prefix=prefix: reverse(prefix.format("index")) + "?export=csv",
        f"{ADMIN_ANON} | denied | 200 | 200",
    )
    obj = "budget_proposal_pending_a" if "proposal" in prefix else "budget_proposal_a"
    for view in ("create", "edit", "delete", "history"):

        def url(w, prefix=prefix, view=view):
            if view == "create":
                return reverse(prefix.format(view))
            from wagtail_participation.budgeting.models import Ballot

            target = (
                w.budget_proposal_pending_a
                if "proposal" in prefix
                else Ballot.objects.filter(page=w.budget).first()
            )
            return reverse(prefix.format(view), kwargs={"instance_pk": target.pk})

        case(
            S,
            prefix.format(view),
            f"{label}: {view}",
            "GET",
            url,
            f"{ADMIN_ANON} | denied | denied | " + ("200" if view == "history" else "denied"),
        )


S = "Events of project X (page routes)"
EP = "page:wagtail_participation_events.EventPage:"
EI = "page:wagtail_participation_events.EventIndexPage:"
case(S, EI + "index", "the events index", "GET", _sub("events", "index"), "200")
case(S, EI + "month", "a month of events", "GET", _sub("events", "month", 2027, 3), "200")
case(
    S, EI + "month", "a month that does not exist", "GET", _sub("events", "month", 2027, 13), "404"
)
case(S, EI + "feed", "the events' calendar feed", "GET", _sub("events", "feed"), "200")
case(S, EP + "event", "an event", "GET", _sub("event", "event"), "200")
case(S, EP + "ics", "an event's calendar file", "GET", _sub("event", "ics"), "200")
case(
    S,
    EP + "register",
    "register (the one place is A's: the others wait)",
    "POST",
    _sub("event", "register"),
    _EVERYONE_SIGNED_IN,
    data=_form(name="Someone"),
    done=lambda w, role: _registered(w, role),
)
case(
    S,
    EP + "register",
    "register for a past event",
    "POST",
    _sub("event_past", "register"),
    "403",
    data=_form(name="Late"),
)
case(
    S,
    EP + "cancel",
    "A's cancel link (the link is the key: it works for whoever holds it)",
    "GET",
    lambda w: w.event.url + f"cancel/{w.registration_a.key}/",
    "200",
)
case(
    S,
    EP + "cancel",
    "cancel A's registration with its link",
    "POST",
    lambda w: w.event.url + f"cancel/{w.registration_a.key}/",
    "302 done",
    data=_form(),
    done=_state("registration_a", "status", "cancelled"),
)
case(
    S,
    EP + "cancel",
    "a cancel link that does not exist",
    "GET",
    lambda w: w.event.url + "cancel/00000000-0000-4000-8000-000000000000/",
    "404",
)


def _registered(w, role):
    from wagtail_participation.events.models import Registration

    return Registration.objects.filter(page_id=w.event.pk).exclude(
        status="cancelled"
    ).count() > 1 or (role == "resident_a")


S = "Admin: events"
case(
    S,
    "wagtail_participation_events_admin:attendance",
    "an event's attendance list",
    "GET",
    _rev("wagtail_participation_events_admin:attendance", "event"),
    f"{ADMIN_ANON} | denied | denied | 200",
)
case(
    S,
    "wagtail_participation_events_admin:attendance",
    "the attendance list of a page that is not an event",
    "GET",
    _rev("wagtail_participation_events_admin:attendance", "board"),
    f"{ADMIN_ANON} | 404 | 404 | 404",
)
EVENT_REGISTRATIONS = "wagtail_participation_events_registration_modeladmin_{}"
case(
    S,
    EVENT_REGISTRATIONS.format("index"),
    "event registrations",
    "GET",
    lambda w: reverse(EVENT_REGISTRATIONS.format("index")),
    f"{ADMIN_ANON} | denied | 200 | 200",
    note="only those on pages the user may publish: none for Y's moderator",
)
case(
    S,
    EVENT_REGISTRATIONS.format("index"),
    "event registrations: export (CSV)",
    "GET",
    lambda w: reverse(EVENT_REGISTRATIONS.format("index")) + "?export=csv",
    f"{ADMIN_ANON} | denied | 200 | 200",
)
for view in ("create", "edit", "delete", "history"):

    def _registration_url(w, view=view):
        name = EVENT_REGISTRATIONS.format(view)
        if view == "create":
            return reverse(name)
        return reverse(name, kwargs={"instance_pk": w.registration_a.pk})

    case(
        S,
        EVENT_REGISTRATIONS.format(view),
        f"event registrations: {view}",
        "GET",
        _registration_url,
        f"{ADMIN_ANON} | denied | denied | " + ("200" if view == "history" else "denied"),
    )


# Issue 14.4 and 24.9: the Participation menu's overviews, undos, the outbox, bulk response.

S = "Admin: petition of project X"
case(
    S,
    "wagtail_participation_petitions_admin:index",
    "petitions overview (Participation menu)",
    "GET",
    _rev("wagtail_participation_petitions_admin:index"),
    f"{ADMIN_ANON} | denied | 200 | 200",
    note="the petitions the user may moderate, with their staff tools",
)
case(
    S,
    "wagtail_participation_petitions_admin:unreject",
    "undo the rejection: confirmation (an open petition: nothing to undo)",
    "GET",
    _rev("wagtail_participation_petitions_admin:unreject", "petition"),
    f"{ADMIN_ANON} | denied | denied | 302",
)


def _rejected_petition(w):
    petition = w.objects["petition"]
    type(petition).objects.filter(pk=petition.pk).update(state="rejected")
    return {}


case(
    S,
    "wagtail_participation_petitions_admin:unreject",
    "undo the rejection",
    "POST",
    _rev("wagtail_participation_petitions_admin:unreject", "petition"),
    f"{ADMIN_ANON} | denied | denied | 302 done",
    data=_rejected_petition,
    done=_state("petition", "state", "moderation"),
)
case(
    S,
    "wagtail_participation_petitions_admin:undo_invalidate",
    "undo an invalidation (of another page's history entry: nothing restored)",
    "POST",
    lambda w: reverse(
        "wagtail_participation_petitions_admin:undo_invalidate", args=[w.petition.pk, 1]
    ),
    f"{ADMIN_ANON} | denied | denied | 302",
)
case(
    S,
    "wagtail_participation_petitions_admin:undo_invalidate",
    "undo an invalidation",
    "GET",
    lambda w: reverse(
        "wagtail_participation_petitions_admin:undo_invalidate", args=[w.petition.pk, 1]
    ),
    f"{ADMIN_ANON} | 405 | 405 | 405",
)

S = "Admin: survey of project X"
case(
    S,
    "wagtail_participation_surveys_admin:index",
    "surveys overview (Participation menu)",
    "GET",
    _rev("wagtail_participation_surveys_admin:index"),
    f"{ADMIN_ANON} | 200 | denied | 200",
    note="the surveys the user may edit, with their results",
)

S = "Admin: ideas"


def _bulk_respond_data(w):
    return {
        **_respond_data(w),
        "status": "",
        "step": "respond",
        "selected": [w.idea_a.pk, w.idea_y.pk],
    }


case(
    S,
    "wagtail_participation_ideas_admin:bulk_respond",
    "one response for X's and Y's ideas",
    "POST",
    _rev("wagtail_participation_ideas_admin:bulk_respond"),
    f"{ADMIN_ANON} | denied | 302 | 302 done",
    data=_bulk_respond_data,
    done=_responded,
    note="done: X's idea answered; Y's moderator may not moderate it, so it is skipped",
)
case(
    S,
    "wagtail_participation_ideas_admin:bulk_respond",
    "one response for several ideas",
    "GET",
    _rev("wagtail_participation_ideas_admin:bulk_respond"),
    f"{ADMIN_ANON} | 405 | 405 | 405",
)

S = "Admin: moderation queue, reports, participants"
OB = MA.format("outgoingemail", "{}")
case(
    S,
    OB.format("index"),
    "outbox",
    "GET",
    _modeladmin("outgoingemail", "index"),
    f"{ADMIN_ANON} | denied | denied | 200",
    note="superusers, and groups with the outgoing email permissions",
)
case(
    S,
    OB.format("index"),
    f"outbox, {_TRAVERSE} ?to__startswith=a",
    "GET",
    lambda w: reverse(OB.format("index")) + "?to__startswith=a",
    f"{ADMIN_ANON} | denied | denied | 400",
)


def _failed_email(w):
    from wagtail_participation.core.models import OutgoingEmail

    email = OutgoingEmail.objects.create(
        to="zq-retry@example.org", subject="Sign in", body="x", attempts=99
    )
    return {"email": email.pk}


def _outbox_row(w):
    from wagtail_participation.core.models import OutgoingEmail

    row, _created = OutgoingEmail.objects.get_or_create(
        to="zq-outbox@example.org", defaults={"subject": "Sign in", "body": "x"}
    )
    return row.pk


case(
    S,
    "wagtail_participation_admin:outbox_retry",
    "outbox: send a failed email again",
    "POST",
    _rev("wagtail_participation_admin:outbox_retry"),
    f"{ADMIN_ANON} | denied | denied | 302 done",
    data=_failed_email,
    done=_exists("wagtail_participation.OutgoingEmail", to="zq-retry@example.org", attempts=0),
)
case(
    S,
    "wagtail_participation_admin:outbox_retry",
    "outbox: send again",
    "GET",
    _rev("wagtail_participation_admin:outbox_retry"),
    f"{ADMIN_ANON} | 405 | 405 | 405",
)
for view in ("create", "edit", "delete", "history"):
    case(
        S,
        OB.format(view),
        f"outgoing email: {view}",
        "GET",
        _modeladmin(
            "outgoingemail",
            view,
            None if view == "create" else _outbox_row,
        ),
        f"{ADMIN_ANON} | denied | denied | denied",
    )


# Running a case


def _body(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if content[:2] == b"PK":  # an XLSX file: look inside its XML
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            content = b"".join(archive.read(name) for name in archive.namelist())
    return content.decode("utf-8", "replace").lower()


def _client(world, role):
    client = Client()
    participant, user = world.participant(role), world.user(role)
    if participant is not None:
        sign_in_client(client, participant)
    if user is not None:
        client.force_login(user)
    if role == RESIDENT_A:  # A has typed the password of X's password-protected board
        from wagtail.models import PageViewRestriction

        session = client.session
        session[PageViewRestriction.passed_view_restrictions_session_key] = [
            world.board_password_restriction.pk
        ]
        session.save()
    return client


def describe(response, world, role, case_):
    """The cell for ``response``: the status in the table's words, leaks, "done"."""
    status = response.status_code
    if status in (301, 302, 303):
        path = urlsplit(response["Location"]).path
        label = {
            reverse("wagtailadmin_login"): "login",
            reverse("wagtail_participation:sign_in"): "sign-in",
            reverse("wagtailadmin_home"): "denied",
        }.get(path, "302")
    else:
        label = str(status)
    body = _body(response)
    leaks = [
        name
        for name, (text, roles) in world.markers.items()
        if role not in roles and name not in case_.sees and text.lower() in body
    ]
    if leaks:
        label += " LEAKS " + ", ".join(leaks)
    return label


def run_case(world, role, case_):
    """Request ``case_`` as ``role``; the world is left as it was."""
    urls = case_.url(world)
    urls = urls if isinstance(urls, list) else [urls]
    cells = []
    for url in urls:
        cache.clear()  # rate limits, cached pages and counts: every cell starts alike
        with transaction.atomic():
            client = _client(world, role)
            data = case_.data(world) if case_.data else {}
            if case_.method == "POST":
                response = client.post(url, data, **case_.headers)
            else:
                response = client.get(url, **case_.headers)
            cell = describe(response, world, role, case_)
            if case_.done and case_.done(world, role):
                cell += " done"
            transaction.set_rollback(True)
        cells.append(cell)
    if len(set(cells)) == 1:
        return cells[0]
    return "; ".join(f"{url}: {cell}" for url, cell in zip(urls, cells, strict=True))


# Every URL of the package


#: Participation methods that live in the tests, covered as the package's own apps are.
TEST_METHOD_APPS = ("tests.testapp.onequestion",)


def _package_labels():
    return {
        config.label
        for config in apps.get_app_configs()
        if config.name.startswith(("wagtail_participation", *TEST_METHOD_APPS))
    }


def _walk(patterns, namespaces=()):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(
                pattern.url_patterns,
                namespaces + ((pattern.namespace,) if pattern.namespace else ()),
            )
        elif isinstance(pattern, URLPattern):
            yield namespaces, pattern


def package_routes():
    """Every URL the package adds: resolver names, and ``page:<model>:<route>`` for page routes."""
    labels = _package_labels()
    routes = set()
    for namespaces, pattern in _walk(get_resolver().url_patterns):
        module = getattr(pattern.callback, "__module__", "") or ""
        name = ":".join((*namespaces, pattern.name or ""))
        ours = (
            module.startswith(("wagtail_participation", *TEST_METHOD_APPS))
            or any(ns.startswith(tuple(labels)) for ns in namespaces)
            or (pattern.name or "").startswith(tuple(labels))
            or any(
                ns.startswith(("wagtailsnippets_", "wagtailsnippetchoosers_"))
                and ns.split("_", 1)[1].startswith(tuple(labels))
                for ns in namespaces
            )
        )
        if ours:
            assert pattern.name, f"an unnamed URL of the package: {pattern}"
            routes.add(name)
    from wagtail.contrib.routable_page.models import RoutablePageMixin
    from wagtail.models import get_page_models

    for model in get_page_models():
        if model._meta.app_label not in labels or model._meta.abstract:
            continue
        if issubclass(model, RoutablePageMixin):
            seen = set()
            for route in model.get_subpage_urls():
                if (
                    str(route.pattern) not in seen
                ):  # a later route with the same path is never reached
                    seen.add(str(route.pattern))
                    routes.add(f"page:{model._meta.label}:{route.name}")
        else:
            routes.add(f"page:{model._meta.label}:serve")
    return routes


# docs/security.md


INTRO = """# Security: the permission matrix

Who gets what from every URL of the package. The table is generated by the test
`tests/security/test_permission_matrix.py` from its expectations, and the same test requests every
cell (GET, and POST where the URL acts), so the table is what the code does. A URL added to the
package without a row here fails the test. The matrix also opens Wagtail's page editor for the
package's page types, whose summary panels come from the package.

Report a security problem as [SECURITY.md](https://github.com/wagtail-participation/wagtail-participation/blob/main/SECURITY.md) says.

## Input, output and the Content-Security-Policy

Resident text is checked before it is stored: C0 and C1 control characters, NUL, the zero-width
space and the bidirectional overrides that reorder text are refused (the joiners and direction
marks that scripts and emoji need are kept); text is normalised to Unicode NFC;
single-line fields fold tabs and line breaks into a space; length limits hold after normalising.
On output everything is escaped, and links are made only for http, https and mailto. As a second
line of defence, `wagtail_participation.core.middleware.ContentSecurityPolicyMiddleware` sends a
strict `Content-Security-Policy` (the site's own scripts, styles and images only; no plugins; no
framing by other sites; forms post only to the site) on the package's own pages (its page types,
pages built from its mixins, its URLs such as sign-in), leaving the host site's other pages to
their own policy (`WAGTAIL_PARTICIPATION_CONTENT_SECURITY_POLICY_SCOPE = "site"` sends it on
every page outside the Wagtail and Django admin); sites tune it with
`WAGTAIL_PARTICIPATION_CONTENT_SECURITY_POLICY`, try it with
`WAGTAIL_PARTICIPATION_CONTENT_SECURITY_POLICY_REPORT_ONLY`, or turn it off when their web server
sets one. `tests/fuzz/` posts generated hostile input to every public form and endpoint (10,500
cases with `HYPOTHESIS_PROFILE=long`, on SQLite and on PostgreSQL): no server error, no control
character stored.
`tests/browser/test_xss.py` puts 74 XSS payloads into every resident text field and opens every
public and admin page that shows them in headless Chromium with the policy bypassed, so that
escaping alone is tested: no script runs.

Every public POST checks Django's CSRF token except one: a poll's vote
(`/participation/polls/<id>/vote/`), because a poll block rendered with `{{ page.body }}` has no
request to put a token in, and pages carrying a poll stay cacheable. It is guarded by the
browser's own word on where the request came from instead (`core.origin.same_origin_post`:
`Sec-Fetch-Site`, else `Origin`, else `Referer`, against the site's origin and
`CSRF_TRUSTED_ORIGINS`; a vote from another site gets a 403). Residents' cookies are `SameSite=Lax`,
so a cross-site POST carries no session anyway; the rate limit, page privacy and one vote per
resident, browser and network still hold (`tests/surveys/test_poll_host_rendering.py`).

## Permissions: pages decide, and the group editor offers only what is honoured

Wagtail's page permissions decide who does what with residents' contributions: *publish* on a
page (or a page above it) lets a user moderate its contributions (the moderation queue, the
reports, the ideas and signatures listings, answering ideas, exports); *edit* on a survey lets
them read and export its responses. A moderator of one project never sees another's.

Of the package's own model permissions, Wagtail's group editor offers only the one the package
honours: **Can view participant** (the Participants listing, with residents' email addresses,
and its history). The add, change, delete and view permissions of contributions, comments,
reports, ideas, signatures and survey responses are not offered, because they would change
nothing: granting one anyway (in Django's admin, or a shell) gives no access, and withholding it
takes none away. Snippets (topics, areas, polls) keep Wagtail's own snippet permissions.
`tests/core/test_group_permissions.py` grants and withholds every model permission of the
package and checks what the user can then see and do.

{findings}

## The world

The test builds two participation projects, **X** and **Y**. X has an idea board (ideas of A and B,
one of A's pending and one rejected, a pending comment of B), a survey with one written answer and
results that are not public, and a petitions index with petitions in every state (open with
signatures, unpublished, collecting supporters, rejected, hidden, closed, restricted to logged-in
users). Y has a pre-moderated idea board with a published and a pending idea. There is also a topic
and an area.

For page privacy, X also has three idea boards behind Wagtail view restrictions, each with a
published idea and a published comment: one behind a password (resident A has typed it, nobody
else has), one for visitors logged in to the site (residents signed in by email link are not), and
one for a residents' panel group (moderator Y is in it). A members' page, restricted to the panel,
is the only page showing a second poll. A public page carries the teasers of the password and
login boards, the petition block of the petition for logged-in users, and the public poll. The
admin listings are also asked for filters that traverse relations (`?page_id__owner__password__startswith=`).

X also has two pages of a participation method that lives in the tests, not in the package
(`tests/testapp/onequestion`, a one-question page built only from core's extension points): an
open one with a published and a pending answer of A, and a closed one. Its URLs are in the table
as the package's are.

## Roles

{roles}

## What a cell means

{outcomes}

Every answer with a body is searched for the *markers* of the world's private things (emails,
pending ideas and comments, signers' names, emails and IP addresses, unpublished petitions, survey
answers), each with the roles allowed to see it (superusers see everything). A marker in an answer
for any other role is a leak, and fails the test ("LEAKS" in a cell). Actions run in a savepoint that
is rolled back, so each cell starts from the same world. CSRF checks are off (Django's test client);
they are tested elsewhere.

## How to regenerate

Change the expectations in `tests/security/matrix.py`, then:

```sh
{regenerate}
```

A normal test run fails when this page differs from the table.

## The matrix

{size}
"""


def _cell(text):
    return text.replace("|", "\\|")


def render_markdown():
    roles = "\n".join(f"- **{ROLE_TITLES[role]}**: {ROLE_DESCRIPTIONS[role]}" for role in ROLES)
    outcomes = "\n".join(f"- `{key}`: {meaning}" for key, meaning in OUTCOMES.items())
    urls = {route for case_ in CASES for route in case_.routes}
    size = (
        f"{len(CASES)} cases covering {len(urls)} URLs and page routes, "
        f"for {len(ROLES)} roles: {len(CASES) * len(ROLES)} cells."
    )
    lines = [
        INTRO.format(
            roles=roles,
            outcomes=outcomes,
            regenerate=REGENERATE,
            size=size,
            findings=render_findings(),
        )
    ]
    section = None
    header = "| Case | Method | URL | " + " | ".join(ROLE_TITLES[r] for r in ROLES) + " |"
    for number, case_ in enumerate(CASES, 1):
        if case_.section != section:
            section = case_.section
            lines += [f"### {section}", "", header, "|" + " --- |" * (3 + len(ROLES))]
        route = "<br>".join(f"`{r}`" for r in case_.routes[:1]) + (
            f" (and {len(case_.routes) - 1} more)" if len(case_.routes) > 1 else ""
        )
        label = case_.label + (f" ({case_.note})" if case_.note else "")
        lines.append(
            f"| {_cell(label)} | {case_.method} | {route} | "
            + " | ".join(_cell(case_.expected[r]) for r in ROLES)
            + " |"
        )
        if number == len(CASES) or CASES[number].section != section:
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def write_doc():
    DOC_PATH.write_text(render_markdown(), encoding="utf-8")


__all__ = [
    "CASES",
    "DOC_PATH",
    "REGENERATE",
    "package_routes",
    "render_markdown",
    "run_case",
    "write_doc",
]
S = "Eligibility and voting codes"
case(
    S,
    NS + "my_details",
    "my data: postcode and age band",
    "GET",
    _rev(NS + "my_details"),
    "sign-in | 200 | 200 | 200 | 200 | 200",
)
case(
    S,
    NS + "my_details",
    "my data: give postcode and age band",
    "POST",
    _rev(NS + "my_details"),
    "sign-in | 302 done | 302 done | 302 done | 302 done | 302 done",
    data=_form(postcode="zq1 1zz", age_band="25_34"),
    done=_exists("wagtail_participation.Participant", postcode="ZQ1 1ZZ"),
)
case(
    S,
    NS + "voting_code",
    "enter a voting code (X's vote)",
    "GET",
    _rev(NS + "voting_code", "codes_x"),
    "200",
)
case(
    S,
    NS + "voting_code",
    "enter a wrong voting code",
    "POST",
    _rev(NS + "voting_code", "codes_x"),
    "400",
    data=_form(code="ABCD-EFGH-JKMN"),
)
case(
    S,
    NS + "voting_code",
    "enter a voting code on a page without codes",
    "GET",
    _rev(NS + "voting_code", "board"),
    "404",
)
VC = "wagtail_participation_voting_codes:"
case(
    S,
    VC + "index",
    "voting codes: the pages the user publishes",
    "GET",
    _rev(VC + "index"),
    f"{ADMIN_ANON} | 200 | 200 | 200",
    note="only the pages each may publish are listed",
)
case(
    S,
    VC + "generate",
    "generate codes for X's vote",
    "GET",
    _rev(VC + "generate", "codes_x"),
    f"{ADMIN_ANON} | denied | denied | 200",
    note="publishing the page is needed",
)
case(
    S,
    VC + "generate",
    "generate codes for Y's vote (CSV)",
    "POST",
    _rev(VC + "generate", "codes_y"),
    f"{ADMIN_ANON} | denied | 200 done | 200 done",
    data=lambda w: {"area": "", "count": "3", "output": "csv"},
    done=_exists("wagtail_participation.VotingCodeBatch", size=3),
)
case(
    S,
    VC + "withdraw",
    "withdraw the unused codes of X's batch",
    "POST",
    _rev(VC + "withdraw", "codes_x_batch"),
    f"{ADMIN_ANON} | denied | denied | 302 done",
    done=lambda w, role: (
        not apps.get_model("wagtail_participation.VotingCode")
        .objects.filter(batch_id=w.objects["codes_x_batch"].pk)
        .exists()
    ),
)
