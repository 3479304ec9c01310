"""Editor panels: a summary of a page's contributions on its edit view."""

from wagtail.admin.panels import Panel


class ContributionsSummaryPanel(Panel):
    """Counts of a page's contributions by moderation state, newest items, link to the queue.

    (Placeholder: the admin work fills in the rendering.)
    """

    class BoundPanel(Panel.BoundPanel):
        def is_shown(self):
            return False
