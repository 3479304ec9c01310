import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from wagtail_participation.core.conf import settings
from wagtail_participation.core.network_claims import purge_expired_network_claims
from wagtail_participation.core.privacy import delete_unused_participants


class Command(BaseCommand):
    help = ("Delete participants who never verified their email and never contributed, and expired "
            "network claims of anonymous poll and survey answers.")

    def handle(self, *args, **options):
        days = settings.UNUSED_PARTICIPANT_RETENTION_DAYS
        deleted = delete_unused_participants(timezone.now() - datetime.timedelta(days=days))
        self.stdout.write(f"Deleted {deleted} unused participant(s) older than {days} days.")
        claims = purge_expired_network_claims()
        self.stdout.write(f"Deleted {claims} expired network claim(s).")
