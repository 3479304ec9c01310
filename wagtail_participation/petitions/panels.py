"""The petition's panel in the page editor: count, state, links to the staff tools."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel

from wagtail_participation.core.permissions import can_moderate_page


class PetitionSummaryPanel(Panel):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("heading", _("Signatures"))
        super().__init__(*args, **kwargs)

    class BoundPanel(Panel.BoundPanel):
        template_name = "wagtail_participation_petitions/admin/summary_panel.html"

        def is_shown(self):
            return bool(self.instance and self.instance.pk)

        def get_context_data(self, parent_context=None):
            from django.db.models import Count

            from .models import PetitionTally, Signature, SignatureValidity

            context = super().get_context_data(parent_context)
            petition = self.instance
            signatures = Signature.objects.filter(petition_id=petition.pk)
            by_validity = dict(
                signatures.filter(confirmed_at__isnull=False)
                .values_list("validity")
                .annotate(n=Count("pk"))
                .order_by()
            )
            tally = PetitionTally.objects.filter(petition_id=petition.pk).first()
            pk = petition.pk
            context.update(
                may_moderate=can_moderate_page(self.request.user, petition),
                petition=petition,
                counted=tally.signatures if tally else 0,
                paper=petition.paper_signatures,
                held=by_validity.get(SignatureValidity.HELD, 0),
                invalidated=by_validity.get(SignatureValidity.INVALIDATED, 0),
                pending=signatures.filter(confirmed_at__isnull=True).count(),
                sponsors=tally.sponsors if tally else 0,
                urls={
                    "signatures": reverse("wagtail_participation_petition_signatures", args=[pk]),
                    "areas": reverse("wagtail_participation_petition_areas", args=[pk]),
                    "trending": reverse("wagtail_participation_petition_trending", args=[pk]),
                    "invalidate": reverse("wagtail_participation_petition_invalidate", args=[pk]),
                    "reject": reverse("wagtail_participation_petition_reject", args=[pk]),
                    "export": reverse("wagtail_participation_petition_export", args=[pk]),
                },
            )
            return context
