"""Issue 6: an XSS corpus goes in through every resident text field and out through every
page that shows it, public and admin, in headless Chromium. No script may run.

The browser ignores the Content-Security-Policy here (``bypass_csp``): the test proves our
escaping on its own; the policy is the second line, and every public page must send it.
Scripts that would run are caught three ways: ``alert``/``confirm``/``prompt``/``print``
replaced before any page script (``add_init_script``), a dialog handler, and a DOM audit for
live event handlers, ``javascript:`` URLs, ``srcdoc`` and injected ``<script>`` elements.
"""

import pathlib

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import CommentFactory, ParticipantFactory, make_index, make_project
from tests.ideas.factories import IdeaFactory, make_board
from tests.petitions.factories import add_signature, make_petition, make_petition_index
from tests.surveys.factories import make_survey, question
from wagtail_participation.core.conf import settings
from wagtail_participation.core.models import Report, ReportReason
from wagtail_participation.core.participants import make_sign_in_token
from wagtail_participation.petitions.models import PetitionState
from wagtail_participation.projects.models import Topic
from wagtail_participation.surveys.models import ResultsVisibility, SurveyResponse

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PAYLOADS = [
    line
    for line in (pathlib.Path(__file__).parents[1] / "fuzz" / "xss_payloads.txt")
    .read_text()
    .splitlines()
    if line.strip() and not line.startswith("# ")
]
BATCH = 8
BATCHES = [PAYLOADS[i : i + BATCH] for i in range(0, len(PAYLOADS), BATCH)]

HOOK = """
window.__xss = [];
for (const name of ["alert", "confirm", "prompt", "print"]) {
  const record = function () { window.__xss.push(name + "(" + Array.from(arguments).join(",") + ")"); return null; };
  try { Object.defineProperty(window, name, {value: record, writable: false, configurable: false}); }
  catch (e) { window[name] = record; }
}
"""
AUDIT = r"""(strict) => {
  const bad = [];
  const urlAttrs = ["href", "src", "action", "formaction", "xlink:href", "data", "background", "poster", "content"];
  for (const el of document.querySelectorAll("*")) {
    for (const attr of Array.from(el.attributes)) {
      const name = attr.name.toLowerCase(), value = attr.value;
      if (name.startsWith("on") && /alert|confirm|prompt|print|eval/i.test(value)) bad.push(el.tagName + "[" + name + "]");
      if (urlAttrs.includes(name) && /^\s*(javascript|vbscript|data:text\/html)/i.test(value)) bad.push(el.tagName + "[" + name + "=" + value.slice(0, 40) + "]");
      if (name === "srcdoc") bad.push(el.tagName + "[srcdoc]");
    }
    if (el.tagName === "SCRIPT" && !el.src && !/json/.test(el.type) && /alert\(|confirm\(|prompt\(|print\(\)/.test(el.textContent)) {
      bad.push("inline script: " + el.textContent.slice(0, 60));
    }
    // Our pages have none of these (Wagtail's editor has its preview iframe).
    if (strict && ["IFRAME", "OBJECT", "EMBED", "BASE"].includes(el.tagName)) bad.push(el.tagName);
  }
  return {bad, fired: window.__xss || []};
}"""


@pytest.fixture
def world():
    """Every resident text field holds the corpus (in batches where one page shows many)."""
    topic = Topic.objects.create(name="Parks", slug="parks")
    project = make_project(make_index())
    board = make_board(parent=project, categories=[topic], ask_location=True, allow_images=True)
    ideas = []
    for n, payload in enumerate(PAYLOADS):
        batch = BATCHES[n % len(BATCHES)]
        author = ParticipantFactory(display_name=payload[:80])
        ideas.append(
            IdeaFactory(
                page=board,
                author=author,
                title=payload[:120],
                category=topic,
                description="\n\n".join(batch),
                address=payload[:200],
                image_alt=payload[:200],
            )
        )
        CommentFactory(page=board, target=ideas[-1], author=author, body=payload)
        CommentFactory(page=project, author=author, body=payload)
    reporter = ParticipantFactory(display_name=PAYLOADS[0][:80])
    for idea, batch in zip(ideas, BATCHES, strict=False):
        Report.objects.create(
            contribution=idea,
            participant=reporter,
            reason=ReportReason.OTHER,
            details="\n".join(batch),
        )

    petitions_index = make_petition_index(allow_resident_petitions=True)
    petitions = []
    for n, payload in enumerate(PAYLOADS):
        batch = BATCHES[n % len(BATCHES)]
        petitions.append(
            make_petition(
                petitions_index,
                title=payload[:255],
                request=payload[:255],
                background="\n\n".join(batch),
                details="\n\n".join(reversed(batch)),
                creator_name=" ".join(batch)[:120],
                **(
                    {"state": PetitionState.SPONSORING, "creator": ParticipantFactory()}
                    if n == 1
                    else {}
                ),
            )
        )
    for payload in PAYLOADS:
        add_signature(petitions[0], name=payload[:120], area=payload[:80])

    survey = make_survey(
        [
            question("short_text", "Street", id="11111111-1111-4111-8111-111111111111"),
            question("long_text", "More", id="22222222-2222-4222-8222-222222222222"),
            question(
                "single_choice",
                "Ward",
                id="33333333-3333-4333-8333-333333333333",
                choices=["North"],
                display="radio",
                allow_other=True,
            ),
        ],
        results_visibility=ResultsVisibility.LIVE,
        one_response_per_resident=False,
    )
    for payload in PAYLOADS:
        SurveyResponse.objects.create(
            page=survey,
            answers={
                "11111111-1111-4111-8111-111111111111": payload[:255],
                "22222222-2222-4222-8222-222222222222": payload,
                "33333333-3333-4333-8333-333333333333": "__other__",
                "33333333-3333-4333-8333-333333333333:other": payload,
            },
        )
    return {
        "board": board,
        "project": project,
        "ideas": ideas,
        "petitions_index": petitions_index,
        "petitions": petitions,
        "survey": survey,
        "resident": ideas[0].author,
    }


def session_cookie(live_server, *, user=None, participant=None):
    client = Client()
    if user is not None:
        client.force_login(user)
    if participant is not None:
        session = client.session
        session[settings.SESSION_KEY] = participant.pk
        session.save()
    from django.conf import settings as django_settings

    return {
        "name": django_settings.SESSION_COOKIE_NAME,
        "value": client.cookies[django_settings.SESSION_COOKIE_NAME].value,
        "url": live_server.url,
    }


@pytest.fixture
def visit(browser, live_server):
    """Open paths in one browser context; collect what ran and what the DOM audit found."""
    contexts, problems = [], []

    def make(cookie=None):
        context = browser.new_context(bypass_csp=True)
        context.set_default_timeout(20000)
        context.add_init_script(HOOK)
        if cookie:
            context.add_cookies([cookie])
        contexts.append(context)
        page = context.new_page()
        page.on(
            "dialog",
            lambda dialog: (
                problems.append(f"dialog {dialog.type}: {dialog.message}"),
                dialog.dismiss(),
            ),
        )
        page.on(
            "console",
            lambda message: (
                "xss" in message.text.lower() and problems.append("console: " + message.text)
            ),
        )

        def go(path, public=True):
            response = page.goto(live_server.url + path)
            assert response is not None and response.status < 500, (
                path,
                response and response.status,
            )
            if public:
                assert response.headers.get("content-security-policy"), f"no CSP on {path}"
            page.wait_for_load_state("load")
            page.wait_for_timeout(50)  # let autofocus, onload and image errors happen
            found = page.evaluate(AUDIT, public)
            problems.extend(f"{path}: {item}" for item in found["bad"] + found["fired"])
            return page

        return go

    yield make, problems
    for context in contexts:
        context.close()


def test_xss_corpus_never_runs(world, visit, live_server, django_user_model):
    assert len(PAYLOADS) >= 50
    make, problems = visit
    board, petitions, survey = world["board"], world["petitions"], world["survey"]

    # Public pages, as a visitor. First a control: the hooks do catch a script that runs.
    go = make()
    control = go("/participation/sign-in/")
    control.evaluate(
        "document.body.insertAdjacentHTML('beforeend', '<img src=x onerror=alert(1)>')"
    )
    control.wait_for_function("window.__xss.length > 0")
    found = control.evaluate(AUDIT, True)
    assert found["fired"] == ["alert(1)"] and found["bad"] == ["IMG[onerror]"], found
    pages = -(-len(world["ideas"]) // settings.PAGE_SIZE)
    for n in range(1, pages + 1):
        go(f"{board.url}?page={n}")
        go(f"{world['petitions_index'].url}?page={n}")
    go(f"{board.url}?q=script&sort=discussed")
    go(board.url + board.reverse_subpage("feed"), public=False)  # RSS, shown as XML
    for idea in world["ideas"][: len(BATCHES)]:
        go(board.url + board.reverse_subpage("idea", args=[idea.pk]))
    go(world["project"].url)
    for petition in petitions[: len(BATCHES)]:
        go(petition.url)
    go(reverse("wagtail_participation_petitions:sponsor", args=[petitions[1].sponsor_key]))
    go(survey.url + survey.reverse_subpage("results"))
    go(f"/participation/sign-in/?next={PAYLOADS[0]}")
    # A sign-in link carrying a payload as the name asked for ("You will appear as ...").
    for payload in PAYLOADS[:3]:
        token = make_sign_in_token(ParticipantFactory(display_name=""), display_name=payload[:80])
        go(reverse("wagtail_participation:sign_in_confirm", args=[token]))

    # A resident whose name is a payload: their data, and similar ideas while typing a title.
    go = make(session_cookie(live_server, participant=world["resident"]))
    go("/participation/my-data/")
    go("/participation/my-data/name/")
    page = go(board.url + board.reverse_subpage("submit"))
    for payload in PAYLOADS[:6]:
        page.fill("#id_title", payload[:120])
        page.wait_for_timeout(600)  # similar.js waits 400 ms, then fetches
    found = page.evaluate(AUDIT, True)
    problems.extend(f"similar: {item}" for item in found["bad"] + found["fired"])

    # Staff: the moderation queue, a contribution, ideas, reports, participants, results, signatures.
    admin = django_user_model.objects.create_superuser("staff", "staff@example.org", "pw")
    go = make(session_cookie(live_server, user=admin))
    admin_paths = [
        reverse("wagtail_participation_contribution_modeladmin_index"),
        reverse("wagtail_participation_contribution_modeladmin_index") + "?p=2",
        reverse("wagtail_participation_report_modeladmin_index"),
        reverse("wagtail_participation_participant_modeladmin_index"),
        reverse("wagtail_participation_ideas_idea_modeladmin_index"),
        reverse("wagtail_participation_surveys_admin:results", args=[survey.pk]),
        reverse("wagtail_participation_surveys_admin:results", args=[survey.pk]) + "?q=script",
        reverse("wagtail_participation_petitions_admin:signatures", args=[petitions[0].pk]),
        reverse("wagtail_participation_petitions_admin:areas", args=[petitions[0].pk]),
        reverse("wagtail_participation_petitions_admin:trending", args=[petitions[0].pk]),
        reverse("wagtailadmin_explore", args=[world["petitions_index"].pk]),
        reverse("wagtailadmin_pages:edit", args=[petitions[2].pk]),
    ]
    for idea in world["ideas"][:3]:
        admin_paths += [
            reverse("wagtail_participation_admin:moderate", args=[idea.pk]),
            reverse("wagtail_participation_ideas_admin:respond", args=[idea.pk]),
        ]
    for path in admin_paths:
        go(path, public=False)

    assert not problems, "\n".join(problems)
