"""The multilingual test site's URLs: Wagtail's pages under a language prefix (``/cy/...``; English,
the default language, without one), as a council publishing in Welsh and English sets them up."""

from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls

from wagtail_participation import urls as participation_urls

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("participation/", include(participation_urls)),
    *i18n_patterns(path("", include(wagtail_urls)), prefix_default_language=False),
]
