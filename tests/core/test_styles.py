"""Issue 24.4: the package's styles never restyle the host site.

The scoping rule every stylesheet of the package follows (participation.css says it too):
every selector starts with one of our classes (``.wp-...``, or ``:where(.wp-...)``/``:is(.wp-...)``),
so an element (``a``, ``input``, ``body``) is only styled inside one of ours; custom properties
are declared on our classes, never on ``:root``; colours in rules come from ``var(--wp-...)``.
And the markup gives that scope: every package page's content, every block and the messages
sit in a ``.wp-participation`` container.
"""

import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "wagtail_participation"
# Vendored libraries (Leaflet) keep their own stylesheets: their rules name only the classes
# the library puts on the elements it makes inside our map containers (``.leaflet-*``).
STYLESHEETS = sorted(p for p in PACKAGE.glob("*/static/**/*.css") if "vendor" not in p.parts)
OURS = re.compile(r"^(:where\(|:is\()?\.wp-[a-z]")
COLOUR = re.compile(r"#[0-9a-fA-F]{3,8}\b|\brgba?\(|\bhsla?\(")


def rules(css):
    """(selector, declarations) of every style rule, inside @media/@supports too."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    found, depth, start, stack = [], 0, 0, []
    for i, char in enumerate(css):
        if char == "{":
            stack.append((css[start:i].strip(), i + 1))
            start = i + 1
            depth += 1
        elif char == "}":
            prelude, body_start = stack.pop()
            depth -= 1
            body = css[body_start:i]
            if "{" not in body and not prelude.startswith("@"):
                found.append((prelude, body))
            start = i + 1
    return found


def selectors(prelude):
    """Split a selector list on its top-level commas (not those inside :is()/:where())."""
    parts, depth, current = [], 0, ""
    for char in prelude:
        depth += char == "("
        depth -= char == ")"
        if char == "," and depth == 0:
            parts.append(current.strip())
            current = ""
        else:
            current += char
    return [*parts, current.strip()]


def test_the_parser_sees_the_rules():
    found = rules("a{color:red}@media (x){.wp-a b, :where(.wp-c){x:y}}")
    assert [selectors(prelude) for prelude, _ in found] == [["a"], [".wp-a b", ":where(.wp-c)"]]


@pytest.mark.parametrize("path", STYLESHEETS, ids=lambda path: path.name)
def test_every_rule_is_scoped_under_our_classes(path):
    for prelude, _declarations in rules(path.read_text()):
        for selector in selectors(prelude):
            assert OURS.match(selector), f"{path.name}: `{selector}` is not under a .wp- class"
            assert ":root" not in selector and not re.search(r"(^|[\s>+~])(html|body)\b", selector)


@pytest.mark.parametrize("path", STYLESHEETS, ids=lambda path: path.name)
def test_colours_come_from_custom_properties(path):
    if path.name in ("letters.css", "admin.css"):
        return  # printed letters (black on white paper) and the admin (Wagtail's own theme)
    for prelude, body in rules(path.read_text()):
        for declaration in body.split(";"):
            name, _, value = declaration.partition(":")
            if name.strip().startswith("--"):
                assert prelude.startswith(":where(.wp-body"), f"{path.name}: {name} on {prelude}"
                continue
            value = re.sub(r"var\([^()]*(\([^()]*\))?[^()]*\)", "", value)  # a fallback is fine
            assert not COLOUR.search(value), f"{path.name}: `{prelude} {{{declaration}}}`"


TEMPLATES = PACKAGE.glob("*/templates/**/*.html")


def test_every_package_page_wraps_its_content_in_the_container():
    """A page rendered in the site's own layout still has our scope (and our custom properties)."""
    checked = 0
    for path in TEMPLATES:
        if "/admin/" in str(path) or path.name in ("base.html",):
            continue
        text = path.read_text()
        if "{% block content %}" in text:
            assert '{% block content %}<div class="wp-participation">' in text, path
            checked += 1
    assert checked > 30


def test_blocks_and_messages_carry_the_container():
    for path in PACKAGE.glob("*/templates/*/blocks/*.html"):
        assert re.search(r'class="wp-participation\b', path.read_text()), path
    messages = PACKAGE / "core/templates/wagtail_participation/includes/messages.html"
    assert "wp-participation" in messages.read_text()
    base = PACKAGE / "core/templates/wagtail_participation/base.html"
    assert 'class="wp-main wp-participation"' in base.read_text()
