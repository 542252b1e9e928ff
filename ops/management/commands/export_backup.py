"""Write a logical backup of the portal's data (pages and revisions, images and documents
metadata, taxonomy, students and assignments, messages, users, queued tasks) as JSON.

    python manage.py export_backup backup.json        # or backup.json.gz / .xz / .bz2

Media files (image and document uploads) are not in the file: back up MEDIA_ROOT or the object
storage bucket alongside it. For PostgreSQL, `pg_dump --format=custom` is the faster full-fidelity
path; see the deployment notes.
"""

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from ops.backup import excluded_labels


class Command(BaseCommand):
    help = "Write every portal record to a JSON file that restore_backup can load."

    def add_arguments(self, parser):
        parser.add_argument("output", help="file to write (.json, optionally .gz/.bz2/.xz)")

    def handle(self, *args, output, **options):
        if output == "-":
            raise CommandError("Give a file name: the backup is written to a file, not stdout.")
        call_command(
            "dumpdata",
            natural_foreign=True,
            exclude=excluded_labels(),
            output=output,
            indent=None,
            verbosity=0,
        )
        self.stdout.write(self.style.SUCCESS(f"Backup written to {output}"))
