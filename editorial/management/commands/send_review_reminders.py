from django.core.management.base import BaseCommand

from editorial.services import send_review_reminders


class Command(BaseCommand):
    help = (
        "Email each guide owner a list of their guides overdue for review "
        "(settings.GUIDE_REVIEW_MONTHS). Meant for a weekly cron job."
    )

    def add_arguments(self, parser):
        parser.add_argument("--months", type=int, default=None, help="Override the review period.")
        parser.add_argument("--dry-run", action="store_true", help="List, but send nothing.")

    def handle(self, months, dry_run, **options):
        by_owner, orphans = send_review_reminders(months=months, dry_run=dry_run)
        verb = "Would email" if dry_run else "Emailed"
        for email, guides in sorted(by_owner.items()):
            self.stdout.write(f"{verb} {email}: {len(guides)} overdue guide(s).")
        for guide in orphans:
            self.stdout.write(
                self.style.WARNING(
                    f"No active owner to remind for '{guide.title}' (page {guide.pk})."
                )
            )
        if not by_owner and not orphans:
            self.stdout.write("No guides are overdue for review.")
