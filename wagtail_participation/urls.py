"""Resident-facing URLs of every installed participation app.

Include once in the site's urls.py, before Wagtail's own catch-all::

    path("participation/", include("wagtail_participation.urls")),
"""

from django.apps import apps
from django.urls import include, path

urlpatterns = [path("", include("wagtail_participation.core.urls"))]

for _label, _module in [
    ("wagtail_participation_projects", "wagtail_participation.projects.urls"),
]:
    if apps.is_installed(_module.rsplit(".", 1)[0]):
        urlpatterns.append(path("", include(_module)))
