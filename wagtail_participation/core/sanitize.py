"""The one place where resident text becomes HTML.

Residents type plain text. It is stored as typed (after ``clean_text`` refused
what no resident types: NUL bytes and other control characters) and turned into
HTML only on output: everything is escaped, then bleach turns web addresses
into links that carry rel="nofollow ugc noopener" and only http(s) schemes.
"""

import re
import unicodedata

import bleach
from bleach.linkifier import Linker
from django.utils.html import escape
from django.utils.safestring import mark_safe

#: C0 and C1 control characters (but tab, line feed and carriage return), DEL, and the
#: invisible characters that hide or reorder text: the zero-width space and the bidirectional
#: embeddings, overrides and isolates. Zero-width (non-)joiners (U+200C, U+200D: Persian, Indic
#: scripts, emoji sequences such as a woman technologist) and the left-to-right and right-to-left
#: marks (U+200E, U+200F: punctuation in Arabic and Hebrew text) are part of how people write.
CONTROL_CHARACTERS = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\u202a-\u202e\u2066-\u2069]"
)
#: What a single-line field folds into one space: tabs and every kind of line break.
LINE_BREAKS_AND_TABS = re.compile(r"[\t\n\r\u2028\u2029]+")


def has_forbidden_characters(text):
    return bool(CONTROL_CHARACTERS.search(text or ""))


def clean_text(text, multiline=True):
    """Normalise resident input: NFC, unified line endings, no surrounding spaces.

    Single-line text (``multiline=False``: names, titles, addresses) gets its tabs and
    line breaks folded into one space, as a browser's text input would have done.
    """
    text = unicodedata.normalize("NFC", text or "")
    text = (
        text.replace("\r\n", "\n")
        .replace("\r", "\n")
        .replace("\u2028", "\n")
        .replace("\u2029", "\n\n")
    )
    if not multiline:
        text = LINE_BREAKS_AND_TABS.sub(" ", text)
    return text.strip()


def _safe_link(attrs, new=False):
    href = attrs.get((None, "href"), "")
    if not href.lower().startswith(("http://", "https://", "mailto:")):
        return None  # drop the link, keep the text
    attrs[(None, "rel")] = "nofollow ugc noopener"
    return attrs


_linker = Linker(callbacks=[_safe_link], skip_tags=["pre", "code"], parse_email=False)


def render_text(text):
    """Plain resident text to safe HTML paragraphs with safe links."""
    paragraphs = [p for p in re.split(r"\n{2,}", clean_text(text)) if p.strip()]
    html = []
    for paragraph in paragraphs:
        escaped = escape(paragraph).replace("\n", "<br>")
        html.append(f"<p>{_linker.linkify(escaped)}</p>")
    # Belt and braces: only the tags we produce may remain.
    cleaned = bleach.clean(
        "".join(html),
        tags={"p", "br", "a"},
        attributes={"a": ["href", "rel"]},
        protocols={"http", "https", "mailto"},
        strip=True,
    )
    return mark_safe(cleaned)  # noqa: S308 - escaped, linkified, then cleaned by bleach above
