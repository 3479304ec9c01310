from django.core.management.base import BaseCommand

from wagtail_participation.core.signals import emails_due
from wagtail_participation.core.tasks import deliver, purge_sent_emails


class Command(BaseCommand):
    help = (
        "Send the emails waiting in the outbox (after a mail server outage, or a lost task), "
        "and delete old sent ones. Run it from cron every minute or few."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-resume",
            action="store_true",
            help="Do not ask the apps to queue emails a lost task left unwritten.",
        )

    def handle(self, *args, **options):
        resumed = 0
        if not options["no_resume"]:
            for _receiver, queued in emails_due.send(sender=self.__class__):
                resumed += queued or 0
        sent = deliver()
        purged = purge_sent_emails()
        self.stdout.write(
            f"Sent {sent} email(s); {resumed} notification run(s) resumed; "
            f"deleted {purged} old one(s)."
        )
