"""Building a survey in our editor takes no more actions than in Wagtail's form builder.

Headless Chromium builds the same five-question survey (two single choices with four options
each, one multiple choice, one short text, one email) in the survey editor and in the example
site's FormPage (Wagtail's form builder), counting every fill, click, selection and key press;
then a resident answers both the same way and both keep the same answers."""

import re
import uuid

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.browser.test_survey_editor import sign_in
from tests.factories import site_root

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WARD = ("Which ward do you live in?", ["North", "South", "East", "West"])
OFTEN = ("How often do you visit the park?", ["Daily", "Weekly", "Monthly", "Never"])
LIKE = ("What do you like about it?", ["Trees", "Paths", "Playground", "Cafe"])
IDEA = "What one thing would you change?"
EMAIL = "Your email address"
RUN = uuid.uuid4().hex[:8]
SURVEY_TITLE = f"Park survey {RUN}"
FORM_TITLE = f"Park form {RUN}"


class Counted:
    """The editor's actions on ``page``: every fill, click, selection and key press counts one."""

    def __init__(self, page):
        self.page = page
        self.actions = 0

    def fill(self, locator, text):
        self.actions += 1
        locator.fill(text)

    def click(self, locator):
        self.actions += 1
        locator.click()

    def select(self, locator, value):
        self.actions += 1
        locator.select_option(value)


def add_question(editor, block_label):
    """Open Wagtail's block chooser at the end of the stream and pick ``block_label``; return
    the new question's block (once it is in the page)."""
    page = editor.page
    labels = page.locator('input[name$="-value-label"]')
    before = labels.count()
    editor.click(page.locator("button.c-sf-add-button").last)
    editor.click(page.get_by_role("option", name=block_label, exact=True))
    labels.nth(before).wait_for()
    return labels.nth(before)


def published(page):
    try:
        page.wait_for_url(re.compile(r"/admin/pages/\d+/$"))
    except PlaywrightTimeout:
        errors = page.locator(".error-message, .help-critical, [role=alert]").all_inner_texts()
        raise AssertionError(f"not published: {errors}") from None


def build_our_survey(page, live_server):
    parent = site_root()
    page.goto(
        f"{live_server.url}/admin/pages/add/wagtail_participation_surveys/surveypage/{parent.pk}/"
    )
    editor = Counted(page)
    editor.fill(page.locator("#id_title"), SURVEY_TITLE)
    for label, block, choices in [
        (WARD[0], "Single choice", WARD[1]),
        (OFTEN[0], "Single choice", OFTEN[1]),
        (LIKE[0], "Multiple choice", LIKE[1]),
        (IDEA, "Short text", None),
        (EMAIL, "Email address", None),
    ]:
        label_input = add_question(editor, block)
        editor.fill(label_input, label)
        if choices:
            editor.fill(page.locator('textarea[name$="-value-choices"]').last, "\n".join(choices))
            assert page.locator('textarea[name$="-value-choices"]').last.input_value()
    editor.click(page.get_by_role("button", name="More actions"))
    editor.click(page.get_by_role("button", name="Publish"))
    published(page)
    return editor.actions


def build_form_page(page, live_server):
    parent = site_root()
    page.goto(f"{live_server.url}/admin/pages/add/council/formpage/{parent.pk}/")
    editor = Counted(page)
    editor.fill(page.locator("#id_title"), FORM_TITLE)
    for n, (label, kind, choices) in enumerate(
        [
            (WARD[0], "radio", WARD[1]),
            (OFTEN[0], "radio", OFTEN[1]),
            (LIKE[0], "checkboxes", LIKE[1]),
            (IDEA, "singleline", None),
            (EMAIL, "email", None),
        ]
    ):
        editor.click(page.locator("#id_form_fields-ADD"))
        editor.fill(page.locator(f"#id_form_fields-{n}-label"), label)
        editor.select(page.locator(f"#id_form_fields-{n}-field_type"), kind)
        if choices:
            editor.fill(page.locator(f"#id_form_fields-{n}-choices"), "\n".join(choices))
    editor.click(page.get_by_role("button", name="More actions"))
    editor.click(page.get_by_role("button", name="Publish"))
    published(page)
    return editor.actions


def answer(page, submit_name):
    page.get_by_label("South", exact=True).check()
    page.get_by_label("Weekly", exact=True).check()
    page.get_by_label("Trees", exact=True).check()
    page.get_by_label("Cafe", exact=True).check()
    page.get_by_label(IDEA).fill("More benches")
    page.get_by_label(EMAIL).fill("resident@example.org")
    page.get_by_role("button", name=submit_name, exact=True).click()
    page.wait_for_load_state()


def test_our_editor_takes_no_more_actions_than_the_form_builder(
    live_server, new_page, django_user_model
):
    from wagtail.contrib.forms.models import FormSubmission

    from example_site.council.models import FormPage
    from wagtail_participation.surveys.models import SurveyPage, SurveyResponse

    page = new_page()
    sign_in(page, live_server, django_user_model)
    ours = build_our_survey(page, live_server)
    theirs = build_form_page(page, live_server)
    print(f"survey editor: {ours} actions; Wagtail's form builder: {theirs} actions")
    assert ours <= theirs

    survey = SurveyPage.objects.get(title=SURVEY_TITLE)
    form = FormPage.objects.get(title=FORM_TITLE)
    resident = new_page()
    resident.goto(f"{live_server.url}{survey.url}")
    answer(resident, re.compile("Send your answers"))
    resident.goto(f"{live_server.url}{form.url}")
    answer(resident, "Send")

    by_label = {q.label: q.id for q in survey.structure.questions}
    stored = SurveyResponse.objects.get(page=survey).answers
    ours_answers = {label: stored.get(qid) for label, qid in by_label.items()}
    fields = {f.clean_name: f.label for f in form.form_fields.all()}
    data = FormSubmission.objects.get(page=form).get_data()
    theirs_answers = {fields[name]: data.get(name) for name in fields}
    assert (
        ours_answers
        == theirs_answers
        == {
            WARD[0]: "South",
            OFTEN[0]: "Weekly",
            LIKE[0]: ["Trees", "Cafe"],
            IDEA: "More benches",
            EMAIL: "resident@example.org",
        }
    )
