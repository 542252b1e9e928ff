"""Planner statistics for the embedded SQLite database.

SQLite plans queries from the statistics that ``ANALYZE`` stores in the database file; with none,
it guesses. For the site search it guessed badly: Wagtail's full-text query was run once per search
entry of a page type instead of once in all, and a one-word search over the benchmark data took a
second (0.9 ms for the same count with statistics). PostgreSQL keeps its own statistics
(autovacuum), so this is SQLite only. ``analyze()`` runs after ``migrate`` and after the commands
that load a lot of data (``seed_demo``, ``import_students``); it takes milliseconds on the demo
data.
"""

from django.db import connections


def analyze(using="default"):
    connection = connections[using]
    if connection.vendor != "sqlite":
        return False
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return True


def analyze_after_migrate(sender, using="default", **kwargs):
    analyze(using)
