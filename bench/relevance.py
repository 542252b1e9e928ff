"""Search relevance over the demo data: the mean reciprocal rank (MRR) of the relevance test set
(tests/search/relevance.toml) on SQLite and, when it answers, PostgreSQL.

    .venv/bin/python bench/relevance.py               # part of `make bench`
    BENCH_RELEVANCE_PG_URL=postgres://postgres@127.0.0.1:5432/relevance_liaison \\
        .venv/bin/python bench/relevance.py

Each database is filled once with `seed_demo` (bench/relevance.sqlite3, git-ignored, and the
PostgreSQL database named in BENCH_RELEVANCE_PG_URL, created if missing) and reindexed on every run
(`update_index`), so the figures are those of the code as it is now. For every query the rank of
its expected page among the first page of results counts 1/rank (0 beyond the first page); the
MRR is their mean. The last line of output is JSON for bench/run.py.
"""

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
PY = sys.executable
SQLITE = BENCH / "relevance.sqlite3"
PG_URL = os.environ.get(
    "BENCH_RELEVANCE_PG_URL", "postgres://postgres@127.0.0.1:5432/relevance_liaison"
)


def env(database_url):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "DJANGO_SECRET_KEY": "bench-relevance-only",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": database_url,
        "DJANGO_MEDIA_ROOT": str(BENCH / "media-relevance"),
        "DJANGO_LOG_LEVEL": "ERROR",
        "PORTAL_PAGE_CACHE_SECONDS": "0",
        "TASKS_BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "BENCH_RELEVANCE_CHILD": "1",
    }


def manage(database_url, *argv):
    subprocess.run(
        [PY, "manage.py", *argv],
        cwd=ROOT,
        env=env(database_url),
        check=True,
        stdout=subprocess.DEVNULL,
    )


def postgres_database():
    """BENCH_RELEVANCE_PG_URL, created if missing; None when PostgreSQL does not answer."""
    try:
        import psycopg

        parts = urlsplit(PG_URL)
        name = parts.path.lstrip("/")
        with psycopg.connect(parts._replace(path="/postgres").geturl(), autocommit=True) as conn:
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
                conn.execute(f'CREATE DATABASE "{name}"')
    except Exception as error:  # no server, no driver, no rights: measure SQLite only
        print(f"PostgreSQL skipped ({error.__class__.__name__}: {str(error)[:120]})", flush=True)
        return None
    return PG_URL


def measure(label, database_url):
    manage(database_url, "migrate", "--no-input")
    done = subprocess.run(
        [PY, __file__], cwd=ROOT, env=env(database_url), capture_output=True, text=True
    )
    if done.returncode:
        sys.stderr.write(done.stderr[-3000:])
        return None
    return {"database": label, **json.loads(done.stdout.strip().splitlines()[-1])}


def child():
    sys.path.insert(0, str(BENCH))
    from _django import setup

    setup()
    from django.core.management import call_command

    from liaison_pages.models import LiaisonPage

    if not LiaisonPage.objects.exists():
        # the demo app is installed in development settings only
        subprocess.run(
            [sys.executable, "manage.py", "seed_demo", "--settings=portal.settings.dev"],
            cwd=ROOT,
            check=True,
            stdout=subprocess.DEVNULL,
        )
    call_command("update_index", stdout=open(os.devnull, "w"))  # noqa: SIM115
    from tests.search.relevance import TOP, evaluate

    ranks, mrr = evaluate()
    print(
        json.dumps(
            {
                "queries": len(ranks),
                "top": TOP,
                "in_top": sum(1 for _, rank in ranks if rank and rank <= TOP),
                "mrr": round(mrr, 3),
                "missed": [
                    {"query": case.query, "expect": case.expect, "rank": rank}
                    for case, rank in ranks
                    if not rank or rank > TOP
                ],
            }
        )
    )


def main():
    if os.environ.get("BENCH_RELEVANCE_CHILD"):
        return child()
    results = []
    databases = [("SQLite", f"sqlite:///{SQLITE}")]
    pg = postgres_database()
    if pg:
        databases.append(("PostgreSQL", pg))
    for label, url in databases:
        print(f"Relevance on {label} (seeding the demo once, then reindexing) ...", flush=True)
        result = measure(label, url)
        if result:
            results.append(result)
    print(f"{'database':<12}{'queries':>9}{'in top 3':>10}{'MRR':>8}")
    for row in results:
        print(f"{row['database']:<12}{row['queries']:>9}{row['in_top']:>10}{row['mrr']:>8.3f}")
        for miss in row["missed"]:
            print(f"  missed: {miss['query']!r} -> {miss['expect']!r} (rank {miss['rank']})")
    ok = results and all(row["in_top"] == row["queries"] for row in results)
    print(f"{'PASS' if ok else 'MISS'} relevance: every query's page in the top 3 ("
          + ", ".join(f"{r['database']} MRR {r['mrr']:.3f}" for r in results) + ")")  # fmt: skip
    print(json.dumps(results))
    return 0 if results else 1


if __name__ == "__main__":
    sys.exit(main())
