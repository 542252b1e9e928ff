from django.core.management.base import BaseCommand, CommandError

from liaison_pages.models import LiaisonPage
from students.services import liaison_id_for_address, rebalance


class Command(BaseCommand):
    help = (
        "Move students off departing (inactive or not accepting) and over-capacity librarians, "
        "and match students who have no librarian yet. Every move is recorded as a rebalance."
    )

    def add_arguments(self, parser):
        parser.add_argument("--liaison", metavar="EMAIL", help="Only this librarian's students.")
        parser.add_argument(
            "--all",
            action="store_true",
            help="With --liaison: move all their students, not only those above capacity.",
        )
        parser.add_argument("--dry-run", action="store_true", help="Show what would move.")

    def handle(self, *args, liaison=None, all=False, dry_run=False, **options):
        target = None
        if liaison:
            target = LiaisonPage.objects.filter(pk=liaison_id_for_address(liaison)).first()
            if target is None:
                raise CommandError(f"No librarian with the email {liaison}.")
        result = rebalance(target, move_all=True if all else None, dry_run=dry_run)
        names = dict(LiaisonPage.objects.values_list("pk", "title"))
        verb = "Would move" if dry_run else "Moved"
        for student, old_id, choice, _ in result.moved:
            self.stdout.write(
                f"  {student.staff_name}: {names.get(old_id)} → {names.get(choice.liaison_id)} ({choice.reason})"
            )
        self.stdout.write(
            self.style.SUCCESS(f"{verb} {len(result.moved)} student(s)")
            + (f"; matched {len(result.matched)} unmatched student(s)" if target is None else "")
            + (
                f"; {len(result.unplaced)} could not be placed (nobody has room)."
                if result.unplaced
                else "."
            )
        )
