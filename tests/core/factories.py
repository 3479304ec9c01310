"""Factories for the core tests, under the names the test plan uses.

The shared builders live in ``tests/factories.py`` (used by every app's tests);
this module re-exports them and adds factory_boy classes for the concrete test
page, so both ``from tests.factories import ...`` and
``from tests.core.factories import ...`` work.
"""

import factory
from django.utils import timezone

from tests.factories import (
    CommentFactory as _SharedCommentFactory,
)
from tests.factories import (
    ParticipantFactory,
    UserFactory,
    antispam_fields,
    make_method_page,
    post_form,
    sign_in_client,
    site_root,
)
from tests.testapp.models import CommentablePage
from wagtail_participation.core.models import ModerationState


def make_superuser(**fields):
    """A Wagtail admin who may do everything."""
    return UserFactory(is_staff=True, is_superuser=True, **fields)


class SuperUserFactory(UserFactory):
    is_staff = True
    is_superuser = True


class UnverifiedParticipantFactory(ParticipantFactory):
    verified_at = None


class CommentablePageFactory(factory.Factory):
    """A live ``CommentablePage`` under the default site's root page, comments on.

    ``CommentablePageFactory(parent=page, moderation_mode="pre", ...)``.
    """

    class Meta:
        model = CommentablePage

    title = factory.Sequence(lambda n: f"Commentable page {n}")
    slug = factory.Sequence(lambda n: f"commentable-{n}")
    allow_comments = True
    live = True

    @classmethod
    def _create(cls, model_class, *args, parent=None, **kwargs):
        page = model_class(*args, **kwargs)
        (parent or site_root()).add_child(instance=page)
        return page


class CommentFactory(_SharedCommentFactory):
    """A published comment on a fresh commentable page, by a verified participant."""

    page = factory.SubFactory(CommentablePageFactory)
    author = factory.SubFactory(ParticipantFactory)
    moderation_state = ModerationState.PUBLISHED
    created_at = factory.LazyFunction(timezone.now)


__all__ = [
    "CommentFactory",
    "CommentablePageFactory",
    "ParticipantFactory",
    "SuperUserFactory",
    "UnverifiedParticipantFactory",
    "UserFactory",
    "antispam_fields",
    "make_method_page",
    "make_superuser",
    "post_form",
    "sign_in_client",
]
