"""Queue again every email about a message that is due: after a worker crash or a mail outage.

Safe to run at any time (for example from cron every ten minutes): a delivery that is already
sent, or being sent within its lease, is skipped by the task itself.
"""

from django.core.management.base import BaseCommand

from inbox.delivery import requeue_due


class Command(BaseCommand):
    help = (
        "Queue pending deliveries that are due and deliveries stuck in 'sending' past their "
        "lease (a worker died mid-send). With --include-failed, failed ones start afresh too."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--include-failed",
            action="store_true",
            help="Also retry deliveries that used up their attempts (after fixing the mail setup).",
        )

    def handle(self, *args, include_failed=False, **options):
        count = requeue_due(include_failed=include_failed)
        noun = "delivery" if count == 1 else "deliveries"
        self.stdout.write(f"Queued {count} {noun}.")
