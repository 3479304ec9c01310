"""Resident-facing URLs of wagtail-participation.

Include once in the site's urls.py, before Wagtail's own catch-all::

    path("participation/", include("wagtail_participation.urls")),

Participation methods with URLs of their own (ideas, petitions...) add them here
when they are installed.
"""

from django.urls import include, path

urlpatterns = [path("", include("wagtail_participation.core.urls"))]
