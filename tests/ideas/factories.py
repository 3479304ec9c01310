"""Factories for idea boards, ideas and votes."""

import factory

from tests.factories import ParticipantFactory, add_page
from wagtail_participation.core.models import ModerationMode, ModerationState
from wagtail_participation.ideas.models import Idea, IdeaBoardPage, IdeaVote


def make_board(parent=None, model=IdeaBoardPage, **fields):
    """A live, open idea board (post-moderated, support voting) under ``parent`` or the site root.

    ``model``: the page type, the package's ``IdeaBoardPage`` or a site's own built from the mixin.
    """
    n = model.objects.count() + 1
    prefix = "idea-board" if model is IdeaBoardPage else model._meta.model_name
    fields.setdefault("title", f"Idea board {n}")
    fields.setdefault("slug", f"{prefix}-{n}")
    fields.setdefault("question", "How can we make the park better?")
    fields.setdefault("allow_comments", True)
    fields.setdefault("moderation_mode", ModerationMode.POST)
    categories = fields.pop("categories", ())
    board = add_page(model(**fields), parent=parent)
    if categories:
        board.categories.set(categories)
        board.save_revision().publish()
    return board


class IdeaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Idea

    page = factory.LazyFunction(make_board)
    author = factory.SubFactory(ParticipantFactory)
    title = factory.Sequence(lambda n: f"Idea number {n}")
    description = factory.Sequence(lambda n: f"A description of idea {n}.")
    moderation_state = ModerationState.PUBLISHED


class IdeaVoteFactory(factory.django.DjangoModelFactory):
    """A vote row only; use ``counts.cast_vote`` when the cached counts matter."""

    class Meta:
        model = IdeaVote

    idea = factory.SubFactory(IdeaFactory)
    participant = factory.SubFactory(ParticipantFactory)
    value = IdeaVote.SUPPORT
