"""``manage.py participation_event_reminders``: email attendees of events starting soon (run it from
cron every few minutes); also anonymises registrations of long-past events."""

from django.core.management.base import BaseCommand

from wagtail_participation.events import services


class Command(BaseCommand):
    help = "Email reminders for events starting soon; anonymise registrations of past events."

    def handle(self, *args, **options):
        sent = services.send_due_reminders()
        cleared = services.anonymise_past_registrations()
        self.stdout.write(f"{sent} reminders queued, {cleared} registrations anonymised")
