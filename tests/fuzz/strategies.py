"""Hypothesis strategies for hostile form input: what a browser never sends, and what it might."""

import string

from hypothesis import strategies as st

#: Characters that make trouble: C0 and C1 controls, DEL, bidi overrides and isolates,
#: zero-width characters, line and paragraph separators, BOM, NUL.
TROUBLE = (
    [chr(c) for c in range(0x00, 0x20)]
    + ["\x7f"]
    + [chr(c) for c in range(0x80, 0xA0)]
    + [
        "\u200b",
        "\u200c",
        "\u200d",
        "\u200e",
        "\u200f",
        "\u2028",
        "\u2029",
        "\u202a",
        "\u202e",
        "\u2066",
        "\u2069",
        "\ufeff",
        "\u061c",
        "\u00ad",
        "\ufffd",
        "\uffff",
    ]
)
#: Characters that NFC normalisation turns into two (composition exclusions): a text within
#: a length limit as typed can exceed it once normalised.
NFC_EXPANDING = [
    "\u0958",
    "\u0959",
    "\u095a",
    "\u09dc",
    "\u0a33",
    "\u0b5c",
    "\ufb1d",
    "\ufb2a",
    "\u2adc",
]
MARKUP = ["<", ">", "&", '"', "'", "`", "=", "/", "\\", "{", "}", "%", "$", "#", "@", "+", "-", ":"]
SNIPPETS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "javascript:alert(1)",
    "{{ 7*7 }}",
    "{% debug %}",
    "${7*7}",
    "%(name)s",
    "%s%s%s",
    '=HYPERLINK("http://x")',
    "'; DROP TABLE x; --",
    '" OR 1=1 --',
    "../../etc/passwd",
    "http://example.org/?a=<b>",
    "a@b.c",
    "NaN",
    "Infinity",
    "-0",
    "1e309",
    "0x10",
    "９９",
    "٣",
    "None",
    "null",
    "true",
    "[]",
    "{}",
    "\N{PILE OF POO}",
    "👩\u200d💻",
    "e\u0301",
    "ﬁ",
    "İ",
    "ß",
    "Ω",
]
SURROGATE_FREE = st.characters(exclude_categories=("Cs",))

#: Any text a client could send (no lone surrogates: they cannot be encoded as UTF-8).
any_text = st.text(SURROGATE_FREE, max_size=60)
trouble_text = st.text(
    st.one_of(
        st.sampled_from(TROUBLE + NFC_EXPANDING + MARKUP),
        st.sampled_from(string.printable),
        SURROGATE_FREE,
    ),
    max_size=40,
)
snippet_text = st.lists(st.sampled_from(SNIPPETS + TROUBLE + [" ", "\n"]), max_size=8).map("".join)
#: Texts at and around the limits, and far beyond them.
long_text = st.builds(
    lambda char, size: char * size,
    st.sampled_from(["a", "é", " ", "\n", "\u0958", "\N{PILE OF POO}", "<"]),
    st.sampled_from(
        [
            79,
            80,
            81,
            119,
            120,
            121,
            199,
            200,
            201,
            254,
            255,
            256,
            299,
            300,
            301,
            799,
            800,
            801,
            999,
            1000,
            1001,
            1999,
            2000,
            2001,
            5000,
            5001,
            20_000,
            200_000,
        ]
    ),
)
numberish = st.one_of(
    st.integers().map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.decimals(allow_nan=True).map(str),
    st.sampled_from(
        [
            "",
            " 1",
            "1 ",
            "+1",
            "1.",
            ".5",
            "1,5",
            "1_000",
            "9" * 30,
            "-" + "9" * 30,
            "0" * 50 + "1",
            "1e-999",
        ]
    ),
)
#: One value of a form field, as text.
text_value = st.one_of(any_text, trouble_text, snippet_text, long_text, numberish)


def value_for(valid=()):
    """A field's value: one of the valid answers (three times in four, when given), or anything."""
    if valid:
        valid = st.sampled_from(list(valid))
        return st.integers(0, 3).flatmap(lambda n: text_value if n == 0 else valid)
    return text_value


def form_data(fields, extra_names=()):
    """A POST body as a dict of lists (several values per key are duplicate keys).

    ``fields`` maps each expected name to a strategy of plausible values; each may be
    missing, given once, or repeated; random other names may be added.
    """
    fields = dict(fields)

    @st.composite
    def build(draw):
        data = {}
        for name, strategy in fields.items():
            shape = draw(st.sampled_from(["one", "one", "one", "one", "missing", "many"]))
            if shape == "missing":
                continue
            count = 1 if shape == "one" else draw(st.integers(2, 3))
            data[name] = [draw(strategy) for _ in range(count)]
        extra = draw(
            st.lists(
                st.sampled_from(
                    list(extra_names)
                    + [
                        "__proto__",
                        "id",
                        "pk",
                        "csrfmiddlewaretoken",
                        "author",
                        "moderation_state",
                        "page",
                    ]
                ),
                max_size=2,
            )
        )
        for name in extra:
            data.setdefault(name, []).append(draw(text_value))
        return data

    return build()


def query_string():
    """A query string: pairs of names and values, some names repeated, maybe raw junk."""
    from urllib.parse import urlencode

    names = st.sampled_from(
        [
            "q",
            "sort",
            "category",
            "status",
            "page",
            "filter",
            "step",
            "title",
            "topic",
            "area",
            "next",
            "p",
            "paper",
            "format",
            "q[]",
            "",
        ]
    )
    pairs = st.lists(st.tuples(names, text_value), max_size=5).map(lambda ps: urlencode(ps))
    junk = st.sampled_from(
        ["%", "%zz", "%ff%fe", "%00", "a=%c3%28", "&&&=", "page=1&page=2", "q=%E2%80%AE"]
    )
    return st.one_of(pairs, st.tuples(pairs, junk).map("&".join))
