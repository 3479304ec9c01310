"""What goes with a page holding surveys when it is deleted (core's delete warning): the
responses, with each survey's export to save first."""

from django.urls import reverse
from django.utils.translation import gettext as _

from wagtail_participation.core.admin.deletion import MAX_EXPORTS, GoesWithPage, subtree_filter

from .models import SurveyResponse, editable_surveys


def responses_going_with(page, user):
    """Responses to the surveys on the page and below; the export of each survey ``user`` may
    edit."""
    responses = SurveyResponse.objects.filter(**subtree_filter(page))
    count = responses.count()
    if not count:
        return []
    surveys = (
        responses.filter(page__in=editable_surveys(user))  # the export needs "edit" on the survey
        .order_by("page_id")
        .values_list("page_id", "page__title")
        .distinct()[:MAX_EXPORTS]
    )
    exports = [
        (
            reverse("wagtail_participation_surveys_admin:export_csv", args=[pk]),
            _("Export the responses to '%(title)s'") % {"title": title},
        )
        for pk, title in surveys
    ]
    return [GoesWithPage(SurveyResponse, count, exports)]
