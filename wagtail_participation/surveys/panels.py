"""The survey's panel in the page editor: responses so far, links to results, export, paper entry."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wagtail_participation.core.panels import SavedPagePanel
from wagtail_participation.core.translations import canonical_page_id


class SurveyResponsesPanel(SavedPagePanel):
    default_heading = _("Responses")

    class BoundPanel(SavedPagePanel.BoundPanel):
        template_name = "wagtail_participation_surveys/admin/responses_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context.update(
                **self.instance.response_summary(),
                results_url=reverse(
                    "wagtail_participation_surveys_admin:results", args=[self.instance.pk]
                ),
                responses_url=reverse(
                    "wagtail_participation_surveys_surveyresponse_modeladmin_index"
                )
                + f"?survey={canonical_page_id(self.instance)}",
                export_url=reverse(
                    "wagtail_participation_surveys_admin:export_csv", args=[self.instance.pk]
                ),
                export_xlsx_url=reverse(
                    "wagtail_participation_surveys_admin:export_xlsx", args=[self.instance.pk]
                ),
                paper_url=(self.instance.url or "") + "?paper=1" if self.instance.live else "",
            )
            return context
