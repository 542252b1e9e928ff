"""Queue due consultation reminders and any invitation, update or cancellation that is due again
(after a worker crash or a mail outage). Run it every few minutes (cron); it is safe to run as
often as you like: a notice already sent is skipped."""

from django.core.management.base import BaseCommand

from consultations.tasks import sweep


class Command(BaseCommand):
    help = "Queue due consultation reminders and consultation emails that are due again."

    def handle(self, *args, **options):
        count = sweep.call()
        self.stdout.write(f"Consultations: {count} email(s) queued.")
