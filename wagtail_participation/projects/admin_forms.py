"""The project page's editor form: topics and areas in the page's own language.

Topics and areas are translatable snippets, one row per language. The editor of a project
in German is offered the German topics and areas only (the ones the index of that language
filters by), not every language's copy of each; a choice a page already has in another
language stays offered, so saving never drops it silently.
"""

from typing import Any

from django.db.models import Q
from wagtail.admin.forms import WagtailAdminPageForm

#: The fields offering translatable snippets, filtered to the page's language.
LOCALISED_FIELDS = ("topics", "areas")


class ProjectPageForm(WagtailAdminPageForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        locale_id = getattr(self.instance, "locale_id", None)
        if locale_id is None and self.parent_page is not None:
            locale_id = getattr(self.parent_page, "locale_id", None)
        if locale_id is None:
            return
        for name in LOCALISED_FIELDS:
            field = self.fields.get(name)
            if field is None or not hasattr(field, "queryset"):
                continue
            chosen = (
                list(getattr(self.instance, name).values_list("pk", flat=True))
                if self.instance.pk
                else []
            )
            field.queryset = field.queryset.filter(Q(locale_id=locale_id) | Q(pk__in=chosen))
