"""Load a backup written by export_backup into this database, replacing what is there.

    python manage.py migrate && python manage.py restore_backup backup.json --yes

Everything happens in one transaction: if the file cannot be loaded, the database is left as it
was. Afterwards rebuild the search index with `python manage.py update_index`.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from wagtail.models import Page


class Command(BaseCommand):
    help = "Replace this database's contents with a backup made by export_backup."

    def add_arguments(self, parser):
        parser.add_argument("input", help="backup file written by export_backup")
        parser.add_argument(
            "--yes",
            action="store_true",
            help="confirm that the current contents of the database may be replaced",
        )

    def handle(self, *args, input, yes, **options):
        has_content = Page.objects.filter(depth__gt=2).exists()
        if has_content and not yes:
            raise CommandError(
                "This database already has pages; restoring replaces everything in it. "
                "Run again with --yes if that is what you want."
            )
        try:
            with transaction.atomic():
                if connection.vendor == "postgresql":
                    # TRUNCATE refuses tables with pending deferred foreign-key checks: run them.
                    with connection.cursor() as cursor:
                        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                call_command("flush", interactive=False, verbosity=0)
                if connection.vendor == "postgresql":
                    with connection.cursor() as cursor:  # loaddata relies on deferred checks
                        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
                ContentType.objects.clear_cache()
                call_command("loaddata", input, verbosity=0)
        except Exception as exc:
            raise CommandError(f"Could not restore {input}: {exc}. Nothing was changed.") from exc
        finally:
            ContentType.objects.clear_cache()
            cache.clear()
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {input}: {Page.objects.count()} pages. "
                "Run `manage.py update_index` to rebuild the search index."
            )
        )
