"""A method's concrete page types, found from its mixin, and a chooser block offering them.

Code never imports a method's own concrete page to look pages up: a site may build its own
page type from the method's mixin, and it must get every view, block and tool too.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.utils.functional import cached_property
from wagtail import blocks
from wagtail.models import Page


def page_models(mixin: type, *, subclasses: bool = True) -> list[type[Page]]:
    """Every concrete page type built from ``mixin`` (the package's and a site's own).

    ``subclasses=False`` leaves out a page type that inherits from another one listed (its
    rows are already the parent's, as multi-table inheritance stores them): one query per
    table then finds each page once.
    """
    found = [
        model for model in apps.get_models() if issubclass(model, mixin) and issubclass(model, Page)
    ]
    if subclasses:
        return found
    return [m for m in found if not any(m is not o and issubclass(m, o) for o in found)]


class MixinPageChooserBlock(blocks.PageChooserBlock):
    """A page chooser offering every installed page type built from ``mixin``.

    Subclasses name the ``mixin`` and, in ``recorded_page_type``, the package's own page
    type that migrations recorded for the plain ``PageChooserBlock`` this replaces: which
    page types it offers depends on the apps a site installs, not on the block's
    definition, so a site's migrations never change because of it.
    """

    mixin: type = Page
    recorded_page_type = ""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.pop("page_type", None)
        super().__init__(**kwargs)

    @cached_property
    def target_models(self) -> list[type[Page]]:
        return page_models(self.mixin) or [Page]

    def deconstruct(self) -> tuple[str, tuple, dict]:
        _name, args, kwargs = super().deconstruct()
        if self.recorded_page_type:
            kwargs["page_type"] = [self.recorded_page_type]
        return "wagtail.blocks.PageChooserBlock", args, kwargs
