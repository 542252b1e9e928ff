"""Start every campaign whose moment has come and resume interrupted ones. Run it every minute
(cron, or the Procfile's scheduler); it is safe to run as often as you like."""

from django.core.management.base import BaseCommand

from outreach import services


class Command(BaseCommand):
    help = "Start due outreach campaigns and resume any a stopped worker left half-sent."

    def handle(self, *args, **options):
        queued = services.sweep()
        self.stdout.write(f"Outreach: {queued} campaign batch(es) queued.")
