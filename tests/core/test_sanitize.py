from wagtail_participation.core.sanitize import clean_text, has_forbidden_characters, render_text


def test_script_is_escaped():
    html = render_text("<script>alert(1)</script> <img src=x onerror=alert(1)>")
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;" in html


def test_links_are_made_safe():
    html = render_text("See https://example.org/page?a=1&b=2 and javascript:alert(1)")
    assert 'href="https://example.org/page?a=1&amp;b=2"' in html
    assert 'rel="nofollow ugc noopener"' in html
    assert "javascript:alert" in html and 'href="javascript' not in html


def test_paragraphs_and_line_breaks():
    assert render_text("one\ntwo\n\nthree") == "<p>one<br>two</p><p>three</p>"


def test_control_characters():
    assert has_forbidden_characters("a\x00b")
    assert has_forbidden_characters("a\u202eb")
    assert not has_forbidden_characters("tab\tand\nnew line")
    assert clean_text("  cafe\u0301 \r\n") == "café"


def test_c1_controls_are_refused():
    assert has_forbidden_characters("a\x85b") and has_forbidden_characters("\x9b31m")


def test_single_line_text_folds_line_breaks_and_tabs():
    assert clean_text("Ann\r\n\tLee\u2028x", multiline=False) == "Ann Lee x"
    assert clean_text("one\u2028two\u2029three") == "one\ntwo\n\nthree"


def test_how_people_write_is_not_refused():
    """Joiners and direction marks belong to scripts and emoji; the zero-width space and bidi overrides do not."""
    for text in ("می\u200cخواهم", "क्\u200dष", "👩\u200d💻", "שלום\u200f!", "abc\u200edef"):
        assert not has_forbidden_characters(text), repr(text)
    for text in ("a\u200bb", "a\u202ab", "a\u2066b"):
        assert has_forbidden_characters(text), repr(text)
