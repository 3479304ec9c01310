"""Searching the moderation queue: "#42" finds contribution 42.

The page history and the site history name contributions by type and id only ("Rejected
idea #42"), so a moderator pastes "#42" into the queue's search to open it.
"""

import re

from wagtail_modeladmin.helpers import DjangoORMSearchHandler

from ..converters import is_id

ID_SEARCH = re.compile(r"\s*#\s*(\d{1,19})\s*")


def searched_id(term):
    """The contribution id ``term`` asks for ("#42"), or None for a text search.

    An id no database key holds ("#0", "#99999999999999999999") is 0, which finds nothing.
    """
    match = ID_SEARCH.fullmatch(term or "")
    if match is None:
        return None
    number = int(match.group(1))
    return number if is_id(number) else 0


class ContributionSearchHandler(DjangoORMSearchHandler):
    """modeladmin's search over ``search_fields``, plus "#42" for one contribution by id."""

    def search_queryset(self, queryset, search_term, **kwargs):
        pk = searched_id(search_term)
        if pk is not None:
            return queryset.filter(pk=pk)
        return super().search_queryset(queryset, search_term, **kwargs)
