"""What goes with a page holding surveys when it is deleted (core's delete warning): the
responses, with each survey's export to save first."""

from django.urls import reverse
from django.utils.translation import gettext as _

from wagtail_participation.core.admin.deletion import MAX_EXPORTS, GoesWithPage, subtree_filter

from .models import SurveyResponse


def responses_going_with(page):
    responses = SurveyResponse.objects.filter(**subtree_filter(page))
    count = responses.count()
    if not count:
        return []
    surveys = (
        responses.order_by("page_id").values_list("page_id", "page__title").distinct()[:MAX_EXPORTS]
    )
    exports = [
        (
            reverse("wagtail_participation_surveys_admin:export_csv", args=[pk]),
            _("Export the responses to '%(title)s'") % {"title": title},
        )
        for pk, title in surveys
    ]
    return [GoesWithPage(SurveyResponse, count, exports)]
