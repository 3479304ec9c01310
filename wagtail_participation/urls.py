"""Resident-facing URLs of wagtail-participation.

Include once in the site's urls.py, before Wagtail's own catch-all::

    path("participation/", include("wagtail_participation.urls")),

Participation methods with URLs of their own (poll votes, petitions...) are added
here when their app is installed; idea boards and surveys route under their pages.
"""

from django.apps import apps
from django.urls import include, path

urlpatterns = [path("", include("wagtail_participation.core.urls"))]

if apps.is_installed("wagtail_participation.surveys"):
    urlpatterns.append(path("", include("wagtail_participation.surveys.urls")))

if apps.is_installed("wagtail_participation.petitions"):
    urlpatterns.append(path("", include("wagtail_participation.petitions.urls")))
