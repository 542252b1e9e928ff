"""SQLite gets planner statistics after migrate and after data loads (ops/sqlite.py): without them
it ran the search's full-text query once per search entry (bench: 1,050 ms -> 59 ms per search)."""

import pytest
from django.core.management import call_command
from django.db import connection

from ops.sqlite import analyze

pytestmark = pytest.mark.django_db

sqlite_only = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="PostgreSQL keeps its own statistics (autovacuum)"
)


def _stat_rows():
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'")
        if not cursor.fetchone()[0]:
            return 0
        cursor.execute("SELECT count(*) FROM sqlite_stat1")
        return cursor.fetchone()[0]


@sqlite_only
def test_migrate_leaves_statistics_behind():
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS sqlite_stat1")
    call_command("migrate", verbosity=0)
    assert _stat_rows() > 0


@sqlite_only
def test_a_roster_import_refreshes_the_statistics(tmp_path):
    from tests.factories import ProgrammeFactory

    ProgrammeFactory(code="BSC-CHEM")
    roster = tmp_path / "roster.csv"
    rows = [f"s{n}@students.example.edu,Student {n},BSC-CHEM,Year 1" for n in range(20)]
    roster.write_text("email,name,programme,level\n" + "\n".join(rows) + "\n")
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS sqlite_stat1")
    call_command("import_students", str(roster), "--no-progress", stdout=None)
    with connection.cursor() as cursor:
        cursor.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = 'students_student'")
        stats = [row[0] for row in cursor.fetchall()]
    assert stats and all(stat.startswith("20") for stat in stats), stats


def test_analyze_is_for_sqlite_only():
    assert analyze() == (connection.vendor == "sqlite")
