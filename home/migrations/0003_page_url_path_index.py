"""An index on Wagtail's ``wagtailcore_page.url_path``.

An index on ``url_path`` (added when the portal routed a whole URL in one query); Wagtail does
not index that column, so each page view scanned every page's path. With the index it is a handful
of index look-ups (on 2,800 pages, 0.48 ms of SQLite time per request before, see bench/).
"""

from django.db import migrations

INDEX = "portal_page_url_path_idx"


class Migration(migrations.Migration):
    dependencies = [("home", "0002_initial"), ("wagtailcore", "0098_apitoken")]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON wagtailcore_page (url_path)",
            f"DROP INDEX IF EXISTS {INDEX}",
            elidable=False,
        )
    ]
