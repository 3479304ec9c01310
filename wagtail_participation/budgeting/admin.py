"""The budgets' listings in the Participation menu, on core's listing base: proposals (rows
link to the review view) and ballots (read-only; export follows the filters)."""

from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from wagtail_participation.core.admin.listing import ParticipationListing

from .models import Ballot, BudgetProposal


class ProposalListing(ParticipationListing):
    model = BudgetProposal
    menu_label = _("Budget proposals")
    menu_icon = "tasks"
    menu_order = 160
    index_template_name = "wagtail_participation_budgeting/admin/proposal_index.html"
    list_display = (
        "review_link",
        "page",
        "budget_area",
        "cost_display",
        "feasibility",
        "support_count",
        "delivery_status",
        "moderation_state",
    )
    list_filter = ("moderation_state", "feasibility", "delivery_status", "entered_by_staff")
    search_fields = ("title", "description")
    ordering = ("-created_at",)
    export_columns = (
        (_("ID"), "pk"),
        (_("Budget"), "page.title"),
        (_("Title"), "title"),
        (_("Area"), lambda p: p.budget_area.name if p.budget_area else ""),
        (_("Estimated cost"), "estimated_cost"),
        (_("Final cost"), "final_cost"),
        (_("Feasibility"), "get_feasibility_display"),
        (_("Supporters"), "support_count"),
        (_("Delivery"), "get_delivery_status_display"),
        (_("State"), "get_moderation_state_display"),
    )
    export_filename = "budget-proposals"

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .for_moderator(request.user)
            .select_related("page", "budget_area")
        )

    def review_link(self, obj):
        """The title, linking to the review view (cost, area, feasibility, delivery)."""
        url = reverse("wagtail_participation_budgeting_admin:review", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, obj.title)

    review_link.short_description = _("Proposal")

    def cost_display(self, obj):
        return obj.cost if obj.cost is not None else "–"

    cost_display.short_description = _("Cost")


class BallotListing(ParticipationListing):
    model = Ballot
    menu_label = _("Ballots")
    menu_icon = "doc-full"
    menu_order = 165
    list_display = ("pk", "page", "area", "source", "paper_reference", "created_at", "updated_at")
    list_filter = ("source",)
    index_template_name = "wagtail_participation_budgeting/admin/ballot_index.html"
    search_fields = ("paper_reference",)
    ordering = ("-created_at",)
    export_columns = (
        (_("ID"), "pk"),
        (_("Budget"), "page.title"),
        (_("Area"), lambda b: b.area.name if b.area else ""),
        (_("Source"), "get_source_display"),
        (_("Paper ballot number"), "paper_reference"),
        (_("Projects"), lambda b: ",".join(str(c.proposal_id) for c in b.choices.all())),
        (_("Cast"), "created_at"),
    )
    export_filename = "ballots"

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .for_moderator(request.user)
            .select_related("page", "area")
            .prefetch_related("choices")
        )
