import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from wagtail_participation.core.conf import settings
from wagtail_participation.core.privacy import delete_unused_participants


class Command(BaseCommand):
    help = "Delete participants who never verified their email and never contributed."

    def handle(self, *args, **options):
        days = settings.UNUSED_PARTICIPANT_RETENTION_DAYS
        deleted = delete_unused_participants(timezone.now() - datetime.timedelta(days=days))
        self.stdout.write(f"Deleted {deleted} unused participant(s) older than {days} days.")
