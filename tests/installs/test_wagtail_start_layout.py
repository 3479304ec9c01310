"""Our pages in the layout ``wagtail start`` generates (issue 24).

``wagtail_start/templates`` holds the templates of a new ``wagtail start mysite`` project as
generated (Wagtail 7.0 and 8.0 make the same ``base.html``): its blocks are ``extra_css``,
``content`` and ``extra_js``, not our ``extra_head``. ``layouts/documented`` is the layout step
of the README and the tutorial; ``layouts/naive`` is the override that extends the site's base
and nothing more, which drops every page's own stylesheet. Every page of the demo content is
rendered in the council's layout (which names the blocks as ours does) and in ``wagtail
start``'s: each stylesheet and script of the package that the first has, the second has too.
"""

import logging
import re
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

from tests.example_site.test_demo_content import DEMO_PAGES
from tests.factories import ParticipantFactory, sign_in_client
from wagtail_participation.core import layout
from wagtail_participation.core.install_checks import check_layout

pytestmark = pytest.mark.django_db

HERE = Path(__file__).resolve().parent
START = HERE / "wagtail_start" / "templates"
DOCUMENTED = HERE / "layouts" / "documented"
NAIVE = HERE / "layouts" / "naive"
ROOT = HERE.parents[1]
ASSET = re.compile(r"/static/(wagtail_participation[\w/.-]*\.(?:css|js))")

# Pages of the demo beyond DEMO_PAGES: the forms a signed-in resident fills in; an idea and a
# budget proposal are found from their listings.
MORE_PAGES = [
    "/have-your-say/riverside-park-renewal/ideas/submit/",
    "/petitions/start/",
    "/participation/my-data/",
]
LINKED = [
    (
        "/have-your-say/riverside-park-renewal/ideas/",
        r"/have-your-say/riverside-park-renewal/ideas/\d+/",
    ),
    (
        "/have-your-say/riverside-park-renewal/community-budget/proposals/",
        r"/have-your-say/riverside-park-renewal/community-budget/proposals/\d+/",
    ),
]


def layout_templates(*dirs):
    """The site's TEMPLATES with ``dirs`` first: their templates win over the apps'."""
    engine = dict(settings.TEMPLATES[0])
    engine["DIRS"] = [str(d) for d in dirs]
    return [engine]


def assets(html):
    return set(ASSET.findall(html))


def head(html):
    return html.split("</head>", 1)[0]


def pages(client):
    paths = [path for path, _text in DEMO_PAGES] + MORE_PAGES
    for listing, link in LINKED:
        found = re.search(f'href="({link})"', client.get(listing).content.decode())
        assert found, listing
        paths.append(found.group(1))
    return paths


def test_every_page_keeps_its_styles_and_scripts_in_wagtail_starts_layout(client):
    call_command("load_demo_content", stdout=StringIO())
    sign_in_client(client, ParticipantFactory())
    seen = set()
    for path in pages(client):
        reference = client.get(path)
        assert reference.status_code == 200, path
        if not reference.templates or not reference.templates[0].name.startswith("wagtail_p"):
            continue  # the council's own pages (home, news)
        expected = assets(reference.content.decode())
        with override_settings(TEMPLATES=layout_templates(DOCUMENTED, START)):
            response = client.get(path)
        assert response.status_code == 200, path
        html = response.content.decode()
        assert "css/mysite.css" in head(html) and "js/mysite.js" in html, path
        assert expected <= assets(html), (path, expected - assets(html))
        stylesheets = {a for a in expected if a.endswith(".css")}
        assert stylesheets <= assets(head(html)), path
        seen |= expected
    # Every method's own styles and scripts were among them.
    for asset in [
        "wagtail_participation/css/participation.css",
        "wagtail_participation_ideas/ideas.css",
        "wagtail_participation_ideas/ideas.js",
        "wagtail_participation_surveys/surveys.css",
        "wagtail_participation_surveys/surveys.js",
        "wagtail_participation_petitions/petitions.css",
        "wagtail_participation_petitions/petitions.js",
        "wagtail_participation_budgeting/budgeting.css",
    ]:
        assert asset in seen, asset


def test_the_naive_override_is_reported_by_the_check_and_when_a_page_is_served(client, caplog):
    call_command("load_demo_content", stdout=StringIO())
    with override_settings(TEMPLATES=layout_templates(NAIVE, START)):
        messages = [warning.msg for warning in check_layout(None)]
        assert all(w.id == "wagtail_participation.W010" for w in check_layout(None))
        assert any("'extra_head'" in m for m in messages), messages
        assert any("participation.css" in m for m in messages), messages
        assert not any("'content'" in m or "'extra_js'" in m for m in messages), messages
        with caplog.at_level(logging.WARNING, logger="wagtail_participation.layout"):
            html = client.get("/have-your-say/riverside-park-renewal/ideas/").content.decode()
            client.get("/have-your-say/riverside-park-renewal/ideas/")
        assert "ideas.css" not in html  # what the warning is about
        warnings = [r.getMessage() for r in caplog.records if "'extra_head'" in r.getMessage()]
        assert len(warnings) == 1, warnings  # once per template and process
        assert "idea_board_page.html" in warnings[0]


@pytest.mark.parametrize(
    "dirs",
    [
        pytest.param((DOCUMENTED, START), id="documented-layout"),
        pytest.param((START,), id="no-override"),
        pytest.param((), id="example-site"),
    ],
)
def test_layouts_that_render_everything_pass_the_check(dirs):
    with override_settings(TEMPLATES=layout_templates(*dirs)):
        assert check_layout(None) == []


def test_a_base_without_the_blocks_names_each(tmp_path):
    (tmp_path / "base.html").write_text("<html><body>{% block main %}{% endblock %}</body></html>")
    with override_settings(TEMPLATES=layout_templates(NAIVE, tmp_path)):
        messages = " ".join(w.msg for w in check_layout(None))
    for block in ("'content'", "'extra_head'", "'extra_js'"):
        assert block in messages


def test_a_broken_layout_is_reported(tmp_path):
    (tmp_path / "wagtail_participation").mkdir()
    (tmp_path / "wagtail_participation" / "base.html").write_text('{% extends "missing.html" %}')
    with override_settings(TEMPLATES=layout_templates(tmp_path)):
        (warning,) = check_layout(None)
    assert "cannot be loaded" in warning.msg and "missing.html" in warning.msg


def test_the_readme_and_tutorial_show_the_tested_layout():
    def lines(text):  # as the docs show it, indented in a list or not
        return "\n".join(line.strip() for line in text.strip().splitlines())

    documented = lines((DOCUMENTED / "wagtail_participation" / "base.html").read_text())
    for doc in ("README.md", "docs/tutorial/install.md"):
        assert documented in lines((ROOT / doc).read_text()), doc


def test_inspect_layout_follows_the_chain():
    with override_settings(TEMPLATES=layout_templates(DOCUMENTED, START)):
        found = layout.inspect_layout("wagtail_participation_ideas/idea_board_page.html")
    assert found.chain == [
        "wagtail_participation_ideas/idea_board_page.html",
        "wagtail_participation/base.html",
        "base.html",
    ]
    assert {"extra_css", "extra_head", "content", "extra_js", "body_class"} <= found.blocks
    assert found.stylesheet
