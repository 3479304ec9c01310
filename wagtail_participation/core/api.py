"""What the package's pages show in Wagtail's API (v2): the pieces their ``api_fields`` share.

Each page mixin lists its ``api_fields``: the page's public content (intro, body, questions,
dates, the phase, public counts), never residents' personal data (emails, names, IP
addresses), contributions (ideas, signatures, responses, which have their own moderation and
are not pages), nor secrets (a petition's supporters' link) or settings that only staff need.
A site that enables the API (``wagtail.api.v2`` with ``PagesAPIViewSet``) lists them with
``?type=app_label.ModelName&fields=*``; a site's own page built from a mixin inherits them and
may extend them (``api_fields = [*SurveyPageMixin.api_fields, APIField("my_field")]``).
"""

from rest_framework import serializers
from wagtail.api import APIField


class NamesField(serializers.Field):
    """A many-to-many to snippets (topics, areas, categories) as a list of their names."""

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        return instance

    def to_representation(self, value):
        related = getattr(value, self.field_name)
        return [str(item) for item in related.all()]


def text_field(name: str, source: str | None = None) -> APIField:
    """A property (or method, named by ``source``) shown as text: a status, a phase."""
    return APIField(name, serializer=serializers.CharField(read_only=True, source=source))


def number_field(name: str, source: str | None = None) -> APIField:
    """A property (or method, named by ``source``) shown as a whole number: a public count."""
    return APIField(name, serializer=serializers.IntegerField(read_only=True, source=source))


# The dates and phase (upcoming, open, closed) every participation method page shows.
METHOD_PAGE_API_FIELDS = [APIField("opens_at"), APIField("closes_at"), text_field("phase")]
