"""Stored answers, whatever the question type: the "Other" marker, text matching, and plain text.

A response's answers are a dict keyed by question id (the StreamField block id).
Answers that belong beside a question's main answer use keys ``<id>:<name>``
(``<id>:other`` for the text of an "Other" choice), so they follow the question
wherever it goes (kept, dropped, exported).

``plain_text`` and the ``sql_*`` helpers write any stored shape as text, in Python
and in PostgreSQL alike: exports use them for questions deleted from a survey (whose
type no longer says how to show them) and for list answers.
"""

import decimal

from django.utils.translation import gettext as _

#: The stored value of an "Other" choice; its text is under ``<id>:other``.
OTHER = "__other__"


def norm(text):
    """``text`` with its spaces collapsed and case folded, for comparing choices as written."""
    return " ".join(str(text or "").split()).casefold()


def is_empty(answer):
    return answer in (None, "", [], {})


def parse_decimal(value):
    try:
        return decimal.Decimal(str(value))
    except (decimal.InvalidOperation, ValueError):
        return None


def other_label():
    return _("Other")


def plain_text(answer, other=None):
    """Any stored answer as one line of text: lists joined with "; ", "Other" spelled out."""
    if answer is None:
        return ""
    if isinstance(answer, list):
        return "; ".join(
            str(a) if a != OTHER else f"{other_label()}: {other or ''}" for a in answer
        )
    if isinstance(answer, dict):
        return "; ".join(f"{k}: {v}" for k, v in answer.items())
    if answer == OTHER:
        return f"{other_label()}: {other or ''}"
    return str(answer)


# The same text written by PostgreSQL (COPY exports): each helper returns (SQL, params) reading
# the response's answers as ``r.answers``.

OTHER_PREFIX_SQL = "%s || coalesce(r.answers ->> %s, '')"


def sql_plain(key):
    """The stored text of one key."""
    return "r.answers ->> %s", [key]


def sql_list(qid, other_prefix):
    """A list answer (multiple choice, ranking) joined with "; ", "Other" spelled out, order kept."""
    return (
        "array_to_string(ARRAY(SELECT CASE WHEN t.x = '"
        + OTHER
        + "' THEN "
        + OTHER_PREFIX_SQL
        + " ELSE t.x END "
        "FROM jsonb_array_elements_text(CASE WHEN jsonb_typeof(r.answers -> %s) = 'array' "
        "THEN r.answers -> %s ELSE '[]'::jsonb END) WITH ORDINALITY AS t(x, n) ORDER BY t.n), '; ')",
        [other_prefix, f"{qid}:other", qid, qid],
    )


def sql_any(qid, other_prefix):
    """Any stored shape, as ``plain_text`` writes it."""
    # S608: the table and the fragments are ours; every value is a parameter.
    list_sql, list_params = sql_list(qid, other_prefix)
    return (
        f"CASE jsonb_typeof(r.answers -> %s) WHEN 'array' THEN {list_sql} "  # noqa: S608
        "WHEN 'object' THEN (SELECT string_agg(e.key || ': ' || e.value, '; ') FROM jsonb_each_text(r.answers -> %s) e) "
        "ELSE CASE WHEN r.answers ->> %s = '"
        + OTHER
        + "' THEN "
        + OTHER_PREFIX_SQL
        + " ELSE r.answers ->> %s END END",
        [qid, *list_params, qid, qid, other_prefix, f"{qid}:other", qid],
    )
