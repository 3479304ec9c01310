"""Our forms render through crispy with our own template pack, whatever the site sets."""

import copy
from pathlib import Path

import pytest
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Div, Fieldset, Layout, Row, Submit
from django import forms
from django.template import Context, Template
from django.utils import translation

from tests.core.factories import antispam_fields
from wagtail_participation.core.forms import CommentForm, ReportForm, SignInForm

RENDER = Template("{% load wagtail_participation_tags %}{% participation_form form %}")


def render(form):
    return RENDER.render(Context({"form": form}))


@pytest.fixture(autouse=True)
def no_crispy_pack(settings):
    """A site that never heard of CRISPY_TEMPLATE_PACK (messages checked in English)."""
    if hasattr(settings, "CRISPY_TEMPLATE_PACK"):
        del settings.CRISPY_TEMPLATE_PACK
    with translation.override("en"):
        yield


def test_renders_without_crispy_template_pack():
    html = render(SignInForm())
    assert '<label class="wp-label" for="id_email">' in html
    assert 'aria-describedby="id_email_hint"' in html
    assert 'id="id_email_hint"' in html
    assert "wp-error-summary" not in html
    # The honeypot is a visible-to-robots text field, hidden with CSS and labelled.
    assert 'class="wp-field wp-honeypot"' in html
    assert 'name="website"' in html and 'type="hidden" name="website"' not in html
    assert "Leave this field empty" in html
    assert 'type="hidden" name="form_rendered"' in html


def test_errors_are_wired_for_assistive_technology():
    form = SignInForm({"email": "not an address", "display_name": "x" * 81})
    assert not form.is_valid()
    html = render(form)
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_email_hint id_email_error"' in html
    assert 'id="id_email_error"' in html
    assert 'href="#id_email"' in html and 'href="#id_display_name"' in html
    assert 'role="alert"' in html
    # What the resident typed is kept.
    assert 'value="not an address"' in html


def test_error_summary_links_to_the_first_radio_button():
    form = ReportForm({"reason": "nonsense"})
    assert not form.is_valid()
    html = render(form)
    assert 'href="#id_reason_0"' in html
    assert "<legend" in html and 'id="id_reason_0"' in html


def test_the_site_can_name_another_pack(settings):
    settings.WAGTAIL_PARTICIPATION_FORM_TEMPLATE_PACK = "testapp_pack"
    html = render(SignInForm())
    assert 'class="testapp-pack"' in html
    assert 'data-field="email"' in html
    assert "wp-field" not in html


def test_plain_django_form_without_helper():
    class Plain(forms.Form):
        name = forms.CharField(label="Name")

    html = render(Plain())
    assert '<label class="wp-label" for="id_name">Name</label>' in html


def test_plain_helper_without_layout_still_renders_fields():
    class Plain(forms.Form):
        name = forms.CharField(label="Name")

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.helper = FormHelper()
            self.helper.form_tag = False

    html = render(Plain())
    assert 'for="id_name"' in html


def test_crispy_layout_objects_render_with_our_pack():
    class Laid(forms.Form):
        first = forms.CharField(label="First")
        second = forms.CharField(label="Second")
        third = forms.CharField(label="Third")

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.helper = FormHelper(self)
            self.helper.form_tag = False
            self.helper.layout = Layout(
                Fieldset("About you", Row(Column("first"), Column("second"))),
                Div("third", css_class="extra"),
                Submit("save", "Save"),
            )

    html = render(Laid())
    assert '<legend class="wp-legend">About you</legend>' in html
    assert 'class="wp-row"' in html and 'class="wp-column"' in html
    assert '<div class="extra">' in html
    assert '<button type="submit" name="save" value="Save"' in html
    assert html.count('class="wp-label"') == 3


@pytest.mark.parametrize(
    "data",
    [
        {"body": "a\x00b"},
        {"body": "x" * 5000},
        {"body": "hello", "reply_to": "9" * 40},
        {"body": "hello", "reply_to": "-1"},
        {"body": "hello", "reply_to": "abc"},
    ],
)
def test_bad_comment_input_is_a_form_error(data):
    form = CommentForm(data)
    assert not form.is_valid()


def test_comment_max_length_follows_the_setting(settings):
    settings.WAGTAIL_PARTICIPATION_COMMENT_MAX_LENGTH = 10
    assert not CommentForm({"body": "x" * 11}).is_valid()
    assert CommentForm({"body": "x" * 10}).fields["body"].widget.attrs["maxlength"] == "10"


def test_control_characters_get_one_clear_error():
    form = SignInForm({"email": "a\x00@example.org"})
    assert not form.is_valid()
    assert form.errors["email"] == [
        "This text contains invisible control characters. Please remove them and try again."
    ]


def test_text_is_cleaned():
    form = CommentForm({**antispam_fields(), "body": "  hello  "})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["body"] == "hello"


def test_single_line_fields_fold_line_breaks_multi_line_fields_keep_them():
    form = SignInForm(
        {**antispam_fields(), "email": "ann@example.org", "display_name": "Ann\r\nLee\tJr"}
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["display_name"] == "Ann Lee Jr"
    form = CommentForm({**antispam_fields(), "body": "One\r\n\tTwo"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["body"] == "One\n\tTwo"


def test_c1_control_characters_are_refused():
    form = CommentForm({**antispam_fields(), "body": "Hello \x85 there"})
    assert not form.is_valid() and form.has_error("body", "control_characters")


def test_limit_holds_after_normalisation():
    # U+0958 becomes two characters under NFC: 80 typed, 160 stored, over the limit of 80.
    form = SignInForm(
        {**antispam_fields(), "email": "ann@example.org", "display_name": "\u0958" * 80}
    )
    assert not form.is_valid() and form.has_error("display_name", "max_length")


def _honeypot_wrapper(html):
    """The opening tag of the element around the honeypot input."""
    from html.parser import HTMLParser

    class Finder(HTMLParser):
        def __init__(self):
            super().__init__()
            self.stack, self.hidden_ancestor = [], None

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            if tag == "input" and attrs.get("name") == "website":
                self.hidden_ancestor = next(
                    (a for a in reversed(self.stack) if "hidden" in a), None
                )
            elif tag not in ("input", "br", "img"):
                self.stack.append(attrs)

        def handle_endtag(self, tag):
            if tag not in ("input", "br", "img") and self.stack:
                self.stack.pop()

    finder = Finder()
    finder.feed(html)
    return finder.hidden_ancestor


@pytest.mark.parametrize("form_class", [SignInForm, CommentForm, ReportForm])
def test_the_honeypot_is_hidden_with_the_bootstrap5_pack(settings, form_class):
    """Issue 14, point 3: a site rendering our forms with crispy-bootstrap5 (which knows
    nothing of ``wp-honeypot``) still hides the honeypot: its wrapper has ``hidden``."""
    bootstrap5 = pytest.importorskip("crispy_bootstrap5")
    # Its templates, as INSTALLED_APPS would find them (without reloading every app).
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["DIRS"] = [
        *templates[0].get("DIRS", []),
        Path(bootstrap5.__file__).parent / "templates",
    ]
    settings.TEMPLATES = templates
    settings.CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
    settings.CRISPY_TEMPLATE_PACK = "bootstrap5"
    settings.WAGTAIL_PARTICIPATION_FORM_TEMPLATE_PACK = "bootstrap5"
    html = render(form_class())
    assert "form-control" in html  # bootstrap5's templates drew it
    assert 'name="website"' in html and 'type="hidden" name="website"' not in html
    wrapper = _honeypot_wrapper(html)
    assert wrapper is not None, html
    assert wrapper.get("aria-hidden") == "true" and "wp-honeypot" in wrapper.get("class", "")


def test_the_honeypot_is_hidden_with_our_pack():
    assert _honeypot_wrapper(render(SignInForm())) is not None
