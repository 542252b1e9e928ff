"""A GIN index on ``title || body`` of Wagtail's search index entries, on PostgreSQL only.

Wagtail's database backend matches with ``(title || body) @@ query``, an expression the per-column
GIN indexes it creates cannot serve, so every search read the tsvectors of every entry of a type.
An index on the same expression turns that into an index scan (see bench/search_pg.py for the
figures). SQLite uses FTS5 tables instead and needs nothing here.
"""

from django.db import migrations

INDEX = "portal_search_indexentry_title_body_gin"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON wagtailsearch_indexentry "
            "USING gin ((title || body))"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("wagtailsearch", "0010_add_text_fields")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
