"""The URLs of ``settings``: the package's before or after Wagtail's catch-all, or absent."""

import os

from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls

place = os.environ.get("INSTALL_URLS", "before")
participation = [path("participation/", include("wagtail_participation.urls"))]
urlpatterns = [path("admin/", include(wagtailadmin_urls))]
if place == "before":
    urlpatterns += participation
urlpatterns.append(path("", include(wagtail_urls)))
if place == "after":
    urlpatterns += participation
