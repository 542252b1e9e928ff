"""SQLite: stemming and a ranking of the title fields of their own for Wagtail's search index.

- The full-text table of Wagtail's index entries is rebuilt with FTS5's porter tokenizer, so
  "review" finds "reviews" (and "reviews" finds "review"), as PostgreSQL's English stemming does.
- ``portal_search_titles`` is a second full-text table holding only each entry's ``title`` column,
  kept in step by triggers, so that search/backends.py ranks a match in the title fields against
  titles alone (FTS5's bm25() divides by the length of the whole row, body included).

Rows are copied from the index entries: nothing needs reindexing. Other databases (and a SQLite
without FTS5, where Wagtail falls back to plain LIKE search) are left alone.
"""

from django.db import migrations

ENTRIES = "wagtailsearch_indexentry"
FTS = f"{ENTRIES}_fts"
TITLES = "portal_search_titles"
PORTER = "tokenize = 'porter unicode61 remove_diacritics 2'"
COLUMNS = "autocomplete, body, title"
TRIGGERS = {
    f"{TITLES}_insert": f"AFTER INSERT ON {ENTRIES} BEGIN "
    f"INSERT INTO {TITLES}(rowid, title) VALUES (NEW.id, NEW.title); END",
    f"{TITLES}_update": f"AFTER UPDATE OF title ON {ENTRIES} BEGIN "
    f"UPDATE {TITLES} SET title = NEW.title WHERE rowid = NEW.id; END",
    f"{TITLES}_delete": f"AFTER DELETE ON {ENTRIES} BEGIN "
    f"DELETE FROM {TITLES} WHERE rowid = OLD.id; END",
}


def _has_fts(schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return False
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM sqlite_master WHERE name = %s", [FTS])
        return cursor.fetchone() is not None


def forwards(apps, schema_editor):
    if not _has_fts(schema_editor):
        return
    run = schema_editor.execute
    run(f"DROP TABLE {FTS}")
    run(f"CREATE VIRTUAL TABLE {FTS} USING fts5({COLUMNS}, {PORTER})")
    run(f"INSERT INTO {FTS}(rowid, {COLUMNS}) SELECT id, {COLUMNS} FROM {ENTRIES}")  # noqa: S608
    run(f"CREATE VIRTUAL TABLE {TITLES} USING fts5(title, {PORTER})")
    run(f"INSERT INTO {TITLES}(rowid, title) SELECT id, title FROM {ENTRIES}")  # noqa: S608
    for name, body in TRIGGERS.items():
        run(f"CREATE TRIGGER {name} {body}")


def backwards(apps, schema_editor):
    if not _has_fts(schema_editor):
        return
    run = schema_editor.execute
    for name in TRIGGERS:
        run(f"DROP TRIGGER IF EXISTS {name}")
    run(f"DROP TABLE IF EXISTS {TITLES}")
    run(f"DROP TABLE {FTS}")
    run(f"CREATE VIRTUAL TABLE {FTS} USING fts5({COLUMNS})")
    run(f"INSERT INTO {FTS}(rowid, {COLUMNS}) SELECT id, {COLUMNS} FROM {ENTRIES}")  # noqa: S608


class Migration(migrations.Migration):
    dependencies = [
        ("portal_search", "0001_indexentry_title_body_gin"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
