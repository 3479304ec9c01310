"""Factories shared by the tests of every app."""

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone
from wagtail.models import Page, Site

from tests.testapp.models import MethodPage
from wagtail_participation.core.models import Comment, ModerationState, Participant
from wagtail_participation.projects.models import ParticipationIndexPage, ParticipationProjectPage


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", "password")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    email = factory.Sequence(lambda n: f"resident{n}@example.org")
    display_name = factory.Sequence(lambda n: f"Resident {n}")
    verified_at = factory.LazyFunction(timezone.now)


def site_root():
    return Site.objects.get(is_default_site=True).root_page


def add_page(page, parent=None):
    (parent or site_root()).add_child(instance=page)
    return page


def make_index(**fields):
    fields.setdefault("title", "Have your say")
    fields.setdefault("slug", "have-your-say")
    return add_page(ParticipationIndexPage(**fields))


def make_project(index, **fields):
    n = ParticipationProjectPage.objects.count() + 1
    fields.setdefault("title", f"Project {n}")
    fields.setdefault("slug", f"project-{n}")
    fields.setdefault("summary", "A project.")
    fields.setdefault("allow_comments", True)
    return add_page(ParticipationProjectPage(**fields), parent=index)


def make_method_page(parent=None, **fields):
    n = MethodPage.objects.count() + 1
    fields.setdefault("title", f"Method {n}")
    fields.setdefault("slug", f"method-{n}")
    fields.setdefault("allow_comments", True)
    return add_page(MethodPage(**fields), parent=parent)


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comment

    page = factory.LazyFunction(lambda: make_method_page())
    author = factory.SubFactory(ParticipantFactory)
    body = factory.Sequence(lambda n: f"Comment number {n}")
    moderation_state = ModerationState.PUBLISHED


def sign_in_client(client, participant):
    """Sign ``participant`` in on the test client, as following an email link would."""
    from django.conf import settings as django_settings

    from wagtail_participation.core.conf import settings

    cookie = client.cookies.get(django_settings.SESSION_COOKIE_NAME)
    if (
        cookie is not None and not cookie.value
    ):  # deleted by the last response, as a browser drops it
        del client.cookies[django_settings.SESSION_COOKIE_NAME]
    session = client.session
    session[settings.SESSION_KEY] = participant.pk
    session.save()
    return client


__all__ = [
    "Page",
    "UserFactory",
    "ParticipantFactory",
    "CommentFactory",
    "make_index",
    "make_project",
    "make_method_page",
    "sign_in_client",
    "site_root",
]


#: The form identifier of tokens the tests make up: ``tests/conftest.py`` lets every form accept it,
#: so tests that are not about the anti-spam checks need not render the form first. Tests of the
#: binding post tokens taken from rendered forms, or ``antispam_fields(form_id=...)``.
ANY_FORM = "tests:any-form"


def antispam_fields(form_id=ANY_FORM, seconds_ago=0):
    """The hidden anti-spam fields a rendered form carries (a fresh token, rendered ``seconds_ago``)."""
    import time

    from wagtail_participation.core.antispam import issue_token

    return {"form_rendered": issue_token(form_id, time.time() - seconds_ago)}


def post_form(client, url, data, **kwargs):
    """POST ``data`` as a resident's browser would send the rendered form."""
    return client.post(url, {**antispam_fields(), **data}, **kwargs)
