"""Issue 24.4-6 in a browser: the package inside a host site's layout (tests/host_urls.py,
a bakerydemo-like base template that renders the body with ``{{ page.body }}``).

- the package's stylesheet leaves the host's links (header, body text, footer) their colour;
- the host's inline script runs: the Content-Security-Policy is only on the package's pages;
- a poll rendered by ``{{ page.body }}`` (no request, no CSRF token) accepts a vote, and the
  confirmation shows once although the host lists messages before ours;
- typed text is readable in a dark theme.
"""

import pytest

from wagtail_participation.surveys.models import Poll, PollChoice, PollVote

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HOST_ORANGE = "rgb(197, 83, 2)"  # #c55302, bakerydemo's --orange


@pytest.fixture
def host_site(settings):
    settings.ROOT_URLCONF = "tests.host_urls"


@pytest.fixture
def poll_page():
    from example_site.council.models import InformationPage
    from tests.factories import add_page

    poll = Poll.objects.create(question="Open the bakery on Sundays?")
    for label in ("Yes", "No"):
        PollChoice.objects.create(poll=poll, label=label)
    page = add_page(
        InformationPage(title="Sundays", slug="sundays", intro="", body=[("poll", {"poll": poll})])
    )
    return page


def colour(page, selector):
    return page.eval_on_selector(selector, "element => getComputedStyle(element).color")


def test_host_links_keep_their_colour_and_a_poll_under_page_body_takes_a_vote(
    live_server, new_page, host_site, poll_page
):
    page = new_page()
    response = page.goto(f"{live_server.url}/host/{poll_page.pk}/")
    assert "content-security-policy" not in response.headers  # the host's own page
    assert (
        page.evaluate("document.documentElement.dataset.theme") == "light"
    )  # its inline script ran
    assert page.locator("link[href$='participation.css']").count() >= 1  # our stylesheet is on
    for link in ("#host-home", "#host-body-link", "#host-footer-link"):
        assert colour(page, link) == HOST_ORANGE, link
    assert page.locator("input[name=csrfmiddlewaretoken]").count() == 0  # no request in the block
    page.get_by_label("Yes").check()
    page.get_by_role("button", name="Vote").click()
    page.get_by_text("Thank you for voting.").wait_for()
    assert page.url == f"{live_server.url}/host/{poll_page.pk}/#poll-{Poll.objects.get().pk}"
    assert (
        page.get_by_text("Thank you for voting.").count() == 1
    )  # the host showed it; ours did not
    assert PollVote.objects.count() == 1
    assert colour(page, "#host-home") == HOST_ORANGE


def contrast(foreground, background):
    def luminance(rgb):
        values = [int(v) / 255 for v in rgb.split("(")[1].split(")")[0].split(",")[:3]]
        linear = [v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4 for v in values]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    lighter, darker = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_typed_text_is_readable_in_either_theme(live_server, browser, scheme):
    context = browser.new_context(color_scheme=scheme)
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}/participation/sign-in/")
        field = page.get_by_label("Email address")
        field.fill("resident@example.org")
        style = field.evaluate(
            "element => [getComputedStyle(element).color, getComputedStyle(element).backgroundColor]"
        )
        assert contrast(*style) >= 4.5, (scheme, style)
        body = page.evaluate(
            "[getComputedStyle(document.body).color, getComputedStyle(document.body).backgroundColor]"
        )
        assert contrast(*body) >= 4.5, (scheme, body)
        if scheme == "dark":
            assert body[1] != "rgb(255, 255, 255)"  # our layout follows the visitor's dark theme
    finally:
        context.close()
