"""The catalogues of all eight languages are complete, compiled and used."""

import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "wagtail_participation"
LANGUAGES = ["en", "de", "nl", "da", "nb", "es", "fr", "cy"]
APPS = ["core", "projects", "ideas", "surveys", "petitions", "budgeting", "events"]


def entries(po_text):
    """(flags, msgid, [msgstr...]) for each entry after the header."""
    blocks = po_text.strip().split("\n\n")[1:]
    for block in blocks:
        flags = " ".join(line for line in block.splitlines() if line.startswith("#,"))
        msgid = "".join(re.findall(r'^msgid ((?:".*"\n?)+)', block + "\n", re.M))
        strs = re.findall(r'^msgstr(?:\[\d\])? ((?:".*"\n?)+)', block + "\n", re.M)
        yield flags, msgid, ["".join(re.findall(r'"(.*)"', s)) for s in strs]


@pytest.mark.parametrize("app", APPS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_is_complete_and_compiled(app, language):
    po = PACKAGE / app / "locale" / language / "LC_MESSAGES" / "django.po"
    text = po.read_text(encoding="utf-8")
    items = list(entries(text))
    assert items, f"{po} is empty"
    for flags, msgid, msgstrs in items:
        assert "fuzzy" not in flags, f"{po}: fuzzy entry {msgid!r}"
        assert all(msgstrs), f"{po}: untranslated {msgid!r}"
    mo = po.with_suffix(".mo")
    assert mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime - 1, f"compile {po}"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "language, text",
    [
        ("de", "Zum Mitmachen anmelden"),
        ("fr", "Connectez-vous pour participer"),
        ("nl", "Log in om mee te doen"),
        ("nb", "Logg inn for å delta"),
        ("cy", "Mewngofnodwch i gymryd rhan"),
    ],
)
def test_pages_speak_the_visitors_language(client, language, text):
    response = client.get("/participation/sign-in/", HTTP_ACCEPT_LANGUAGE=language)
    assert text in response.content.decode()
