#!/usr/bin/env python3
"""Retake the screenshots in docs/images/ from the example site's demo content.

    python docs/images/take_screenshots.py              # every screenshot
    python docs/images/take_screenshots.py idea-board   # only the ones named

Sets up a fresh demo database in a temporary file (``example_site/demo.py --no-serve``:
migrate, ``load_demo_content``, the ``admin`` user), serves it on a free local port, and
drives Chromium through Playwright (``--chromium``, default /usr/bin/chromium: the system's
browser, nothing is downloaded). Each PNG keeps its documented size and is optimised (a
256-colour palette) to stay small. Needs the demo's dependencies and ``playwright``.
"""

import argparse
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT))


@dataclass
class Shot:
    name: str  # docs/images/<name>.png
    url: str  # a path, or a "{key}" filled from urls()
    size: tuple[int, int]
    admin: bool = False
    steps: list = field(default_factory=list)  # callables taking the Playwright page


def click(role, name):
    def step(page):
        page.get_by_role(role, name=name, exact=True).first.click()
        page.wait_for_load_state("networkidle")

    return step


def scroll_to(text, block="end"):
    def step(page):
        page.get_by_text(text, exact=True).first.evaluate(
            f"e => e.scrollIntoView({{block: '{block}'}})"
        )
        page.wait_for_timeout(300)

    return step


def scroll_by(pixels):
    def step(page):
        page.mouse.wheel(0, pixels)
        page.wait_for_timeout(300)

    return step


SHOTS = [
    Shot("example-site", "/have-your-say/", (1200, 1400)),
    Shot("idea-board", "{board}", (1200, 1000)),
    Shot("idea-board-editor", "{board_edit}", (1300, 1100), True, [click("tab", "Settings")]),
    Shot("ideas-listing", "{ideas_admin}", (1300, 900), True),
    Shot("idea-respond", "{idea_respond}", (1300, 1650), True),
    Shot(
        "moderation-queue",
        "{queue}",
        (1280, 800),
        True,
        [click("link", "idea")],
    ),
    Shot("moderate-contribution", "{moderate}", (1280, 1180), True),
    Shot("petition-page", "{petition}", (1100, 900)),
    Shot(
        "petition-editor",
        "{petition_edit}",
        (1100, 900),
        True,
        [scroll_to("Reject with a reason", block="center"), scroll_by(120)],
    ),
    Shot("petition-areas", "{petition_areas}", (1100, 900), True),
    Shot("project-editor", "{project_edit}", (1280, 1000), True),
    Shot("survey-step", "{survey}", (1100, 1050)),
    Shot("survey-results", "{survey_results}", (1300, 1000), True),
]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def urls():
    """The addresses of the demo objects the screenshots show (looked up in the demo database)."""
    import django

    django.setup()
    from django.urls import reverse

    from wagtail_participation.ideas.models import Idea, IdeaBoardPage
    from wagtail_participation.petitions.models import PetitionPage
    from wagtail_participation.projects.models import ParticipationProjectPage
    from wagtail_participation.surveys.models import SurveyPage

    board = IdeaBoardPage.objects.get(slug="ideas")
    petition = PetitionPage.objects.get(slug="sunday-opening-at-the-central-library")
    survey = SurveyPage.objects.get(slug="visitor-survey")
    park = ParticipationProjectPage.objects.get(slug="riverside-park-renewal")
    path_idea = Idea.objects.get(page=board, title="Raise the path from Mill Lane")
    pending = Idea.objects.filter(page=board, moderation_state="pending").first()
    return {
        "board": board.url,
        "board_edit": reverse("wagtailadmin_pages:edit", args=[board.pk]),
        "ideas_admin": reverse("wagtail_participation_ideas_idea_modeladmin_index"),
        "idea_respond": reverse("wagtail_participation_ideas_admin:respond", args=[path_idea.pk]),
        "queue": reverse("wagtail_participation_contribution_modeladmin_index"),
        "moderate": reverse("wagtail_participation_admin:moderate", args=[pending.pk]),
        "petition": petition.url,
        "petition_edit": reverse("wagtailadmin_pages:edit", args=[petition.pk]),
        "petition_areas": reverse(
            "wagtail_participation_petitions_admin:areas", args=[petition.pk]
        ),
        "project_edit": reverse("wagtailadmin_pages:edit", args=[park.pk]),
        "survey": survey.url,
        "survey_results": reverse("wagtail_participation_surveys_admin:results", args=[survey.pk]),
    }


def optimise(path):
    """Shrink a screenshot: a 256-colour palette, then the PNG encoder's best effort."""
    from PIL import Image

    with Image.open(path) as image:
        small = image.convert("RGB").quantize(256, method=Image.Quantize.MEDIANCUT)
    small.save(path, optimize=True)


def default_avatar():
    from wagtail import admin

    path = Path(admin.__file__).parent / "static/wagtailadmin/images/default-user-avatar.png"
    return path.read_bytes()


def wait_for(url, seconds=120):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5):  # noqa: S310 - our own local server
                return
        except OSError:
            time.sleep(1)
    raise SystemExit(f"The demo site did not answer at {url}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="screenshots to take (default: all)")
    parser.add_argument("--chromium", default=os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
    parser.add_argument("--port", type=int, default=0, help="default: a free port")
    parser.add_argument("--out", type=Path, default=HERE)
    parser.add_argument(
        "--database",
        type=Path,
        help="the demo's SQLite file to use (set up if missing); default: a new temporary one",
    )
    args = parser.parse_args()
    shots = [s for s in SHOTS if not args.names or s.name in args.names]
    unknown = set(args.names) - {s.name for s in SHOTS}
    if unknown:
        parser.error(f"unknown screenshot(s): {', '.join(sorted(unknown))}")

    port = args.port or free_port()
    base = f"http://127.0.0.1:{port}"
    password = secrets.token_urlsafe(12)
    workdir = tempfile.mkdtemp(prefix="wp-screenshots-")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "example_site.settings",
        "SQLITE_PATH": str(args.database or Path(workdir) / "db.sqlite3"),
        "DEMO_ADMIN_PASSWORD": password,
        "DJANGO_ALLOW_ASYNC_UNSAFE": "true",
    }
    os.environ.update(env)
    demo = ROOT / "example_site" / "demo.py"
    setup = [sys.executable, str(demo), "--no-serve", "--port", str(port)]
    subprocess.run(setup, env=env, check=True)  # noqa: S603 - our own demo.py
    addresses = urls()
    manage = ROOT / "example_site" / "manage.py"
    server = subprocess.Popen(  # noqa: S603 - our own manage.py
        [sys.executable, str(manage), "runserver", f"127.0.0.1:{port}", "--noreload"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(base + "/")
        take(shots, addresses, base, password, args)
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(workdir, ignore_errors=True)  # the temporary database (not --database)


def take(shots, addresses, base, password, args):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=args.chromium,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
            ],
        )
        public = browser.new_context()
        staff = browser.new_context()
        # Nothing leaves the machine: the admin's Gravatar is Wagtail's default avatar instead.
        avatar = default_avatar()
        staff.route(
            "**/*gravatar.com/**",
            lambda route: route.fulfill(body=avatar, content_type="image/png"),
        )
        login = staff.new_page()
        login.goto(base + "/admin/login/")
        login.fill("input[name=username]", "admin")
        login.fill("input[name=password]", password)
        login.click("button[type=submit]")
        login.wait_for_url(base + "/admin/")
        login.close()
        for shot in shots:
            context = staff if shot.admin else public
            page = context.new_page()
            page.set_viewport_size({"width": shot.size[0], "height": shot.size[1]})
            page.goto(base + shot.url.format(**addresses))
            page.wait_for_load_state("networkidle")
            for step in shot.steps:
                step(page)
            path = args.out / f"{shot.name}.png"
            page.screenshot(path=str(path))
            page.close()
            optimise(path)
            print(
                f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}: {path.stat().st_size // 1024} KB"
            )
        browser.close()


if __name__ == "__main__":
    main()
