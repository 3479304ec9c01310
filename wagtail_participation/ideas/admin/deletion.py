"""What goes with a page holding idea boards when it is deleted (core's delete warning).

The ideas and their comments are contributions, which core counts; here: the votes on them,
and the ideas export of each board, to save first.
"""

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from wagtail_participation.core.admin.deletion import MAX_EXPORTS, GoesWithPage, subtree_filter
from wagtail_participation.core.permissions import moderatable_contributions

from ..models import Idea, IdeaVote
from . import ADMIN_NAMESPACE


def ideas_going_with(page, user):
    """Votes on the ideas on the page and below; the ideas export of each board ``user`` may
    moderate."""
    votes = IdeaVote.objects.filter(**subtree_filter(page, "idea__page")).count()
    boards = (
        moderatable_contributions(user, Idea.objects.filter(**subtree_filter(page)))
        .order_by("page_id")
        .values_list("page_id", "page__title")
        .distinct()[:MAX_EXPORTS]
    )
    url = reverse(f"{ADMIN_NAMESPACE}:export_csv")
    exports = [
        (
            f"{url}?{urlencode({'board': pk})}",
            _("Export the ideas on '%(title)s'") % {"title": title},
        )
        for pk, title in boards
    ]
    return [GoesWithPage(IdeaVote, votes, exports)]
