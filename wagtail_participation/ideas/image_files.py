"""Idea images leave storage when nothing needs them any more.

An image file is deleted when its idea's image is cleared or replaced, when the
idea is rejected by a moderator or deleted, and when its author asks to be
forgotten (the idea's text stays; its picture may show the author, their house
or their car). Files are deleted only after the transaction commits, so a change
rolled back keeps its file, and only when no idea refers to the file any more.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.db import transaction

from .models import Idea, IdeaQuerySet

logger = logging.getLogger(__name__)


def _storage():
    return Idea._meta.get_field("image").storage


def delete_files_after_commit(names: Iterable[str]) -> None:
    """Delete the image files ``names`` once the current transaction commits, if no idea uses them then."""
    names = sorted({name for name in names if name})
    if names:
        transaction.on_commit(lambda: delete_unused_files(names))


def delete_unused_files(names: Iterable[str]) -> int:
    """Delete those of ``names`` that no idea refers to; returns how many were deleted."""
    used = set(Idea.objects.filter(image__in=names).values_list("image", flat=True))
    storage = _storage()
    deleted = 0
    for name in names:
        if name in used:
            continue
        try:
            storage.delete(name)
        except FileNotFoundError:
            continue
        except Exception:  # a storage outage must not break the request that committed
            logger.exception("wagtail_participation: could not delete the idea image %s", name)
        else:
            deleted += 1
    return deleted


def remove_images(ideas: IdeaQuerySet) -> int:
    """Take the images off ``ideas`` (a queryset) and delete their files after commit; returns how many."""
    removed = [
        name
        for pk, name in ideas.exclude(image="").values_list("pk", "image")
        # Only if the idea still has that file: one replaced meanwhile is deleted by its own save.
        if Idea.objects.filter(pk=pk, image=name).update(image="", image_alt="")
    ]
    delete_files_after_commit(removed)
    return len(removed)
