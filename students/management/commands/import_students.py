import sys

from django.core.management.base import BaseCommand, CommandError

from ops.sqlite import analyze
from students.importers import HEADER, import_roster

MAX_ERRORS_SHOWN = 200


class Command(BaseCommand):
    help = (
        f"Create or update students from a CSV roster with the header {','.join(HEADER)} "
        "(programme = the programme code) and match them to librarians. Bad rows are reported by "
        "line number and skipped; the exit code is non-zero when any row failed. Re-running the "
        "same file changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path to the roster CSV (UTF-8).")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and match without saving anything."
        )
        parser.add_argument(
            "--no-progress", action="store_true", help="Hide the progress bar (shown on stderr)."
        )

    def handle(self, *args, file, dry_run, no_progress, **options):
        try:
            report = import_roster(
                file, dry_run=dry_run, progress=not no_progress and sys.stderr.isatty()
            )
        except FileNotFoundError:
            raise CommandError(f"No such file: {file}") from None
        except IsADirectoryError:
            raise CommandError(f"{file} is a folder, not a CSV file.") from None
        if not dry_run:
            analyze()  # SQLite: planner statistics for the new rows (ops/sqlite.py)
        for error in report.errors[:MAX_ERRORS_SHOWN]:
            self.stderr.write(f"{file}: {error}")
        if len(report.errors) > MAX_ERRORS_SHOWN:
            self.stderr.write(f"… and {len(report.errors) - MAX_ERRORS_SHOWN} more bad row(s).")
        if report.fatal:
            raise CommandError(f"{file}: {report.summary()}")
        style = self.style.SUCCESS if report.ok else self.style.WARNING
        self.stdout.write(style(report.summary()))
        if report.errors:
            raise CommandError(
                f"{len(report.errors)} row(s) of {file} could not be imported (listed above); "
                "the good rows were imported."
                if not dry_run
                else f"{len(report.errors)} row(s) of {file} would fail (listed above)."
            )
