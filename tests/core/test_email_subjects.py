"""Issue 14, point 6: every email subject is whole translatable sentences with placeholders.

A subject joined from pieces ("{% translate 'Your petition is published' %}: {{ title }}")
gives translators a fragment and fixes the word order; each subject template is made of
``{% blocktranslate %}`` sentences (or whole ``{% translate %}`` ones) chosen by ``{% if %}``,
with nothing outside them. Subjects are plain text: a title with "&" or "<" stays as typed.
"""

import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.template.loader import render_to_string
from django.utils import translation

import wagtail_participation
from wagtail_participation.core.emails import normalise_subject

PACKAGE = Path(wagtail_participation.__file__).parent
SUBJECTS = sorted(PACKAGE.glob("*/templates/*/emails/*_subject.txt"))

SENTENCES = re.compile(
    r"{%\s*blocktranslate\b.*?%}.*?{%\s*endblocktranslate\s*%}"
    r"|{%\s*translate\s+(\"[^\"]*\"|'[^']*')\s*%}",
    re.S,
)
CONTROL = re.compile(
    r"{%\s*(load\s[^%]*|autoescape\s+off|endautoescape|if\s[^%]*|elif\s[^%]*|else|endif)\s*%}"
)


def test_there_are_subject_templates():
    assert len(SUBJECTS) >= 10, SUBJECTS


@pytest.mark.parametrize("path", SUBJECTS, ids=lambda p: p.name)
def test_a_subject_is_whole_sentences_and_nothing_else(path):
    text = path.read_text()
    outside = CONTROL.sub("", SENTENCES.sub("", text))
    assert outside.strip() == "", (
        f"{path.relative_to(PACKAGE)}: text outside a sentence: {outside!r}"
    )
    for sentence in SENTENCES.finditer(text):
        # A sentence's words, not a fragment: it says something beyond its placeholders.
        words = re.sub(r"{{.*?}}|{%.*?%}", "", sentence.group(0))
        assert re.search(r"[A-Za-z]+\s+[A-Za-z]+", words), sentence.group(0)


TITLE = "Trees & benches <now>"
CONTEXT = {
    "petition": SimpleNamespace(title=TITLE),
    "page": SimpleNamespace(title=TITLE),
    "idea": SimpleNamespace(title=TITLE),
    "status": "Accepted",
    "site_name": "Riverside & District",
}


def subject_of(prefix, context):
    """The subject as ``core.emails.render_email`` makes it (the body is not needed here)."""
    return normalise_subject(render_to_string(f"{prefix}_subject.txt", context))


@pytest.mark.parametrize(
    "prefix, extra, expected",
    [
        ("wagtail_participation_petitions/emails/published", {}, "Your petition is published: "),
        (
            "wagtail_participation_petitions/emails/rejected",
            {},
            "Your petition was not published: ",
        ),
        ("wagtail_participation_petitions/emails/response", {}, "The council has responded: "),
        (
            "wagtail_participation_petitions/emails/debate",
            {},
            "The council debated a petition you signed: ",
        ),
        ("wagtail_participation_petitions/emails/already_signed", {}, "You have already signed: "),
        (
            "wagtail_participation_petitions/emails/confirm",
            {"sponsor": True},
            "Confirm your support for a petition: ",
        ),
        ("wagtail_participation_petitions/emails/confirm", {}, "Confirm your signature: "),
        (
            "wagtail_participation_petitions/emails/started",
            {"needed": 5},
            "Your petition needs supporters: ",
        ),
        (
            "wagtail_participation_petitions/emails/started",
            {},
            "Your petition is waiting for moderation: ",
        ),
        (
            "wagtail_participation_petitions/emails/staff_alert",
            {"kind": "moderation"},
            "A petition awaits moderation: ",
        ),
        (
            "wagtail_participation_petitions/emails/staff_alert",
            {"kind": "debate"},
            "A petition reached the debate threshold: ",
        ),
        (
            "wagtail_participation_petitions/emails/staff_alert",
            {"kind": "response"},
            "A petition reached the response threshold: ",
        ),
        (
            "wagtail_participation_budgeting/emails/ballot_received",
            {},
            "Your ballot has been counted: ",
        ),
        ("wagtail_participation_ideas/emails/update", {}, "“"),
    ],
)
def test_subjects_render_as_one_plain_text_line(prefix, extra, expected):
    with translation.override("en"):
        subject = subject_of(prefix, {**CONTEXT, **extra})
    assert subject.startswith(expected), subject
    assert TITLE in subject and "&amp;" not in subject and "&lt;" not in subject
    assert "\n" not in subject


def test_the_sign_in_subject_keeps_the_site_name_as_written():
    with translation.override("en"):
        subject = subject_of("wagtail_participation/emails/sign_in", CONTEXT)
    assert subject == "Your sign-in link for Riverside & District"
