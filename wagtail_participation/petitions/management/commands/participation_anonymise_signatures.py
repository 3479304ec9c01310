"""Remove signers' names, emails and IPs from petitions closed long enough ago."""

from django.core.management.base import BaseCommand

from wagtail_participation.petitions.conf import settings
from wagtail_participation.petitions.lifecycle import (
    anonymise_signatures,
    signatures_due_for_anonymising,
)


class Command(BaseCommand):
    help = (
        "Anonymise the signatures of petitions closed more than "
        "WAGTAIL_PARTICIPATION_PETITION_ANONYMISE_AFTER_MONTHS ago, and of petitions rejected (or never "
        "published) that long ago. Counts stay; a postcode keeps its district."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Say how many are due; change nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        months = settings.PETITION_ANONYMISE_AFTER_MONTHS
        if dry_run:
            due = signatures_due_for_anonymising().count()
            self.stdout.write(
                f"{due} signatures are due (petitions closed more than {months} months ago)."
            )
            return
        done = anonymise_signatures()
        self.stdout.write(
            f"Anonymised {done} signatures (petitions closed more than {months} months ago)."
        )
