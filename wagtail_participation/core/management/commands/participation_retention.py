import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from wagtail_participation.core.conf import settings
from wagtail_participation.core.network_claims import purge_expired_network_claims
from wagtail_participation.core.privacy import delete_unused_participants
from wagtail_participation.core.signals import retention_due


class Command(BaseCommand):
    help = (
        "Delete participants who never verified their email and never contributed, expired network "
        "claims of anonymous answers, and what each participation app keeps no longer than needed "
        "(for example signatures never confirmed whose confirmation link has expired). Run it daily."
    )

    def handle(self, *args, **options):
        now = timezone.now()
        days = settings.UNUSED_PARTICIPANT_RETENTION_DAYS
        deleted = delete_unused_participants(now - datetime.timedelta(days=days))
        self.stdout.write(f"Deleted {deleted} unused participant(s) older than {days} days.")
        claims = purge_expired_network_claims()
        self.stdout.write(f"Deleted {claims} expired network claim(s).")
        for _receiver, result in retention_due.send(sender=self.__class__, now=now):
            if result:
                what, count = result
                self.stdout.write(f"Deleted {count} {what}.")
