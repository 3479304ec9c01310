"""Concrete models built from the package's mixins, for tests only.

One module per method app (a site's own page types, built from each public mixin), so each
can be written without touching the others.
"""

from .method import CommentablePage, MethodPage
from .projects import SiteIndexPage, SiteProjectPage

__all__ = ["CommentablePage", "MethodPage", "SiteIndexPage", "SiteProjectPage"]
