"""Core is a host: it names no participation method, and methods join it through settings of
their own, checks of their own and hooks (the Participation menu, the Content-Security-Policy)."""

import ast
import re
from pathlib import Path

import pytest
from django.core.checks import run_checks
from django.test import RequestFactory, override_settings
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem

import wagtail_participation
from wagtail_participation.core.admin.menu import MENU_HOOK, participation_menu_item
from wagtail_participation.core.conf import PREFIX, AppSettings, settings
from wagtail_participation.core.forms import DisplayNameForm, SignInForm
from wagtail_participation.core.middleware import CSP_HOOK, build_policy

PACKAGE = Path(wagtail_participation.__file__).parent
CORE = PACKAGE / "core"
#: The apps the issue named, and every app next to core now or later.
METHOD_APPS = sorted(
    {"ideas", "petitions", "surveys", "projects"}
    | {path.parent.name for path in PACKAGE.glob("*/apps.py") if path.parent.name != "core"}
)


def code_of(path):
    """A module's code without its comments and docstrings (any string standing as a statement)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list):
            kept = [
                statement
                for statement in body
                if not (
                    isinstance(statement, ast.Expr)
                    and isinstance(statement.value, ast.Constant)
                    and isinstance(statement.value.value, str)
                )
            ]
            node.body = kept or [ast.Pass()]
    return ast.unparse(tree)


def template_of(path):
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}", "", text, flags=re.S)
    return re.sub(r"{#.*?#}", "", text, flags=re.S)


def test_core_names_no_method_app():
    """What `git grep -nE "ideas|petitions|surveys|projects"` over core's code finds, minus comments,
    docstrings, migrations and catalogues, is nothing; the same for every other app's name."""
    pattern = re.compile("|".join(METHOD_APPS), re.IGNORECASE)
    found = []
    for path in sorted(CORE.rglob("*")):
        parts = path.relative_to(CORE).parts
        if "migrations" in parts or "locale" in parts or not path.is_file():
            continue
        if path.suffix == ".py":
            text = code_of(path)
        elif "templates" in parts and path.suffix in (".html", ".txt"):
            text = template_of(path)
        else:
            continue
        found += [
            f"{path.relative_to(PACKAGE)}: {line.strip()}"
            for line in text.splitlines()
            if pattern.search(line)
        ]
    assert found == []


def test_the_scan_sees_code_and_skips_comments_and_docstrings(tmp_path):
    module = tmp_path / "module.py"
    module.write_text(
        '"""About ideas."""\n# petitions\nx = 1\n"""surveys"""\ny = "projects"\n', encoding="utf-8"
    )
    assert code_of(module).splitlines() == ["x = 1", "y = 'projects'"]


# Settings


def test_app_settings_read_the_prefixed_django_setting_or_the_default():
    app_settings = AppSettings(PREFIX, {"HOST_TEST_LIMIT": 3})
    assert app_settings.HOST_TEST_LIMIT == 3
    with override_settings(WAGTAIL_PARTICIPATION_HOST_TEST_LIMIT=7):
        assert app_settings.HOST_TEST_LIMIT == 7
    with pytest.raises(
        AttributeError, match="Unknown wagtail-participation setting: HOST_TEST_TYPO"
    ):
        app_settings.HOST_TEST_TYPO  # noqa: B018
    assert "HOST_TEST_LIMIT" in dir(app_settings)


def test_core_settings_answer_an_apps_settings_for_older_code():
    app_settings = AppSettings(PREFIX, {"HOST_TEST_COLOUR": "green"})
    assert settings.HOST_TEST_COLOUR == "green"
    with override_settings(WAGTAIL_PARTICIPATION_HOST_TEST_COLOUR="red"):
        assert settings.HOST_TEST_COLOUR == app_settings.HOST_TEST_COLOUR == "red"
    with pytest.raises(AttributeError):
        settings.HOST_TEST_NOTHING  # noqa: B018
    AppSettings("OTHER_PREFIX_", {"HOST_TEST_ELSEWHERE": 1})
    with pytest.raises(AttributeError):
        settings.HOST_TEST_ELSEWHERE  # noqa: B018


def test_each_app_declares_its_own_settings():
    from wagtail_participation.core.conf import DEFAULTS
    from wagtail_participation.ideas.conf import settings as ideas
    from wagtail_participation.petitions.conf import settings as petitions
    from wagtail_participation.surveys.conf import settings as surveys

    assert not [
        name for name in DEFAULTS if name.startswith(("IDEA_", "MAP_", "PETITION_", "SURVEY_"))
    ]
    assert {"IDEA_STATUSES", "MAP_TILE_URL", "MAP_ATTRIBUTION"} <= set(ideas.defaults)
    assert all(name.startswith("PETITION_") for name in petitions.defaults)
    assert set(surveys.defaults) == {"SURVEY_RESULTS_MIN_GROUP"}
    with override_settings(WAGTAIL_PARTICIPATION_PETITION_AREA="ward"):
        assert petitions.PETITION_AREA == settings.PETITION_AREA == "ward"


def test_reserved_settings_are_gone():
    for name in ("ASK_POSTCODE", "ASK_AGE_BAND", "AGE_BANDS"):
        with pytest.raises(AttributeError):
            getattr(settings, name)


# Checks


def error_ids(**overrides):
    with override_settings(**overrides):
        return {m.id for m in run_checks() if m.id and m.id.startswith("wagtail_participation")}


def test_each_method_app_says_when_core_is_missing(monkeypatch):
    from django.apps import apps

    real = apps.is_installed
    monkeypatch.setattr(
        apps, "is_installed", lambda name: name != "wagtail_participation.core" and real(name)
    )
    messages = {m.msg for m in run_checks() if m.id == "wagtail_participation.E004"}
    assert messages == {
        f"'wagtail_participation.{app}' is installed without 'wagtail_participation.core'."
        for app in ("projects", "ideas", "surveys", "petitions", "budgeting")
    } | {  # the test app's method (tests/testapp/onequestion), installed in tests/settings.py
        "'tests.testapp.onequestion' is installed without 'wagtail_participation.core'."
    }


@pytest.mark.parametrize("value", [0, 81, "40", True])
def test_display_name_limit_is_checked(value):
    assert "wagtail_participation.E005" in error_ids(
        WAGTAIL_PARTICIPATION_DISPLAY_NAME_MAX_LENGTH=value
    )


def test_a_good_display_name_limit_is_silent():
    assert "wagtail_participation.E005" not in error_ids(
        WAGTAIL_PARTICIPATION_DISPLAY_NAME_MAX_LENGTH=40
    )


@override_settings(WAGTAIL_PARTICIPATION_DISPLAY_NAME_MAX_LENGTH=5)
@pytest.mark.parametrize("form_class", [SignInForm, DisplayNameForm])
def test_name_forms_hold_names_to_the_setting(form_class):
    from tests.factories import antispam_fields

    form = form_class({"email": "ann@example.org", "display_name": "Annabel", **antispam_fields()})
    assert not form.is_valid() and "display_name" in form.errors
    assert form.fields["display_name"].widget.attrs["maxlength"] == "5"
    assert form_class(
        {"email": "ann@example.org", "display_name": "Ann", **antispam_fields()}
    ).is_valid()


def test_name_forms_take_80_characters_by_default():
    from tests.factories import antispam_fields

    form = SignInForm({"email": "ann@example.org", "display_name": "a" * 80, **antispam_fields()})
    assert form.is_valid(), form.errors
    assert not SignInForm(
        {"email": "ann@example.org", "display_name": "a" * 81, **antispam_fields()}
    ).is_valid()


# The Participation menu


def superuser_request(django_user_model):
    request = RequestFactory().get("/admin/")
    request.user = django_user_model.objects.create_superuser("admin", "admin@example.org", "pw")
    return request


@pytest.mark.django_db
def test_the_participation_menu_as_before(django_user_model):
    request = superuser_request(django_user_model)
    item = participation_menu_item()
    assert (str(item.label), item.name, item.icon_name, item.order) == (
        "Participation",
        "participation",
        "group",
        250,
    )
    shown = sorted(item.menu.menu_items_for_request(request), key=lambda i: i.order)
    assert [(str(i.label), i.url) for i in shown] == [
        ("Moderation queue", "/admin/wagtail_participation/contribution/"),
        ("Ideas", "/admin/wagtail_participation_ideas/idea/"),
        ("Petitions", "/admin/participation/petitions/"),
        ("Signatures", "/admin/wagtail_participation_petitions/signature/"),
        ("Budget proposals", "/admin/wagtail_participation_budgeting/budgetproposal/"),
        ("Ballots", "/admin/wagtail_participation_budgeting/ballot/"),
        ("Event registrations", "/admin/wagtail_participation_events/registration/"),
        ("Answers", "/admin/testapp_onequestion/answer/"),  # the test app's method
        ("Surveys", "/admin/participation/surveys/"),
        ("Survey responses", "/admin/wagtail_participation_surveys/surveyresponse/"),
        ("Reported contributions", "/admin/wagtail_participation/report/"),
        ("Participants", "/admin/wagtail_participation/participant/"),
        ("Outbox", "/admin/wagtail_participation/outgoingemail/"),
    ]


@pytest.mark.django_db
def test_the_participation_menu_is_in_the_main_menu(admin_client):
    html = admin_client.get("/admin/").content.decode()
    assert '"name": "participation"' in html and "/admin/wagtail_participation_ideas/idea/" in html


@pytest.mark.django_db
def test_an_app_adds_to_the_menu_by_hook_in_its_order(django_user_model):
    request = superuser_request(django_user_model)

    def polls_item():
        return MenuItem("Polls", "/admin/polls/", order=250)

    with hooks.register_temporarily(MENU_HOOK, polls_item):
        menu = Menu(
            register_hook_name=MENU_HOOK
        )  # the real one is built once, at the first request
        labels = [
            str(i.label)
            for i in sorted(menu.menu_items_for_request(request), key=lambda i: i.order)
        ]
    # "Answers": the test app's method (tests/testapp/onequestion)
    assert labels == [
        "Moderation queue",
        "Ideas",
        "Petitions",
        "Signatures",
        "Budget proposals",
        "Ballots",
        "Event registrations",
        "Answers",
        "Surveys",
        "Survey responses",
        "Reported contributions",
        "Polls",
        "Participants",
        "Outbox",
    ]


@pytest.mark.django_db
def test_listings_have_their_urls_without_a_main_menu_item(admin_client):
    from wagtail.admin.menu import admin_menu

    assert admin_client.get("/admin/wagtail_participation/report/").status_code == 200
    urls = {getattr(item, "url", "") for item in admin_menu.registered_menu_items}
    assert "Participation" in {str(item.label) for item in admin_menu.registered_menu_items}
    assert not {url for url in urls if url.startswith("/admin/wagtail_participation")}


# The Content-Security-Policy


def test_apps_add_sources_to_the_directives_the_policy_has():
    def needs():
        return {
            "img-src": ["https://tiles.example", "data:"],
            "frame-src": ["https://video.example"],
        }

    with hooks.register_temporarily(CSP_HOOK, needs):
        policy = build_policy({"default-src": ["'self'"], "img-src": ["'self'", "data:"]})
        assert policy == "default-src 'self'; img-src 'self' data: https://tiles.example"
        assert build_policy("default-src 'none'") == "default-src 'none'"
        assert build_policy({}) == ""


def test_an_app_may_add_nothing():
    with hooks.register_temporarily(CSP_HOOK, lambda: None):
        assert build_policy({"img-src": ["'self'"]}) == "img-src 'self'"
