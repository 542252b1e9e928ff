"""Delete messages older than the retention period (``INBOX_RETENTION_DAYS``, default two years).

Run it daily from cron. Students are told on the delete-account page how long their messages stay.
"""

from django.core.management.base import BaseCommand

from inbox.services import purge_expired, retention_days


class Command(BaseCommand):
    help = "Delete messages older than INBOX_RETENTION_DAYS, with the records of their emails."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Count, delete nothing.")

    def handle(self, *args, dry_run=False, **options):
        count = purge_expired(dry_run=dry_run)
        noun = "message" if count == 1 else "messages"
        verb = "would be deleted" if dry_run else "deleted"
        self.stdout.write(f"{count} {noun} older than {retention_days()} days {verb}.")
