"""Concrete models built from the package's mixins, for tests only.

One module per method app (a site's own page types, built from each public mixin), so each
can be written without touching the others.
"""

from .eligibility import EligibleMethodPage
from .ideas import SiteIdeaBoardPage
from .method import CommentablePage, MethodPage
from .petitions import SitePetitionIndexPage, SitePetitionPage
from .projects import SiteIndexPage, SiteProjectPage
from .surveys import SiteSurveyPage

__all__ = [
    "CommentablePage",
    "EligibleMethodPage",
    "MethodPage",
    "SiteIdeaBoardPage",
    "SitePetitionIndexPage",
    "SitePetitionPage",
    "SiteIndexPage",
    "SiteProjectPage",
    "SiteSurveyPage",
]
