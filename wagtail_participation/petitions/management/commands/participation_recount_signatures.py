"""Recount every petition's confirmed signatures and finish interrupted response or debate
emails (run nightly; it repairs any drift)."""

from django.core.management.base import BaseCommand

from wagtail_participation.petitions.counts import recount_all


class Command(BaseCommand):
    help = (
        "Recount the confirmed signatures of every petition, and queue response or debate emails an "
        "error interrupted. Safe to run at any time."
    )

    def handle(self, *args, **options):
        done = recount_all()
        self.stdout.write(f"Recounted {done} petitions.")
