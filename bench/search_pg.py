"""Search p50 on PostgreSQL over the benchmark data, for one-word and three-word queries.

    .venv/bin/python bench/search_pg.py                 # or: make bench BENCH_ARGS=--search-pg
    BENCH_PG_URL=postgres://postgres@127.0.0.1:5432/bench_liaison .venv/bin/python bench/search_pg.py

Creates the database named in BENCH_PG_URL if it does not exist and fills it once (migrate,
seed_demo, bench/build.py without students: search never reads student data, then VACUUM ANALYZE).
Then, in-process, times the site search (``search.site_search.site_search``: counts per type and
the first page of results) and the whole /search/ page, 30 times each after a warm-up, and prints
p50/p90 in ms.
The last line of output is JSON for bench/run.py.
"""

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
PY = sys.executable
URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/bench_liaison")
QUERIES = {"one word": "chemistry", "three words": "chemistry journal databases"}
RUNS = 30
TARGET_MS = 30


def env(static_root=None):
    extra = {"DJANGO_STATIC_ROOT": str(static_root)} if static_root else {}
    return {
        **extra,
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "DJANGO_SECRET_KEY": "bench-search-only",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": URL,
        "DJANGO_MEDIA_ROOT": str(BENCH / "media-pg"),
        "DJANGO_LOG_LEVEL": "ERROR",
        "PORTAL_PAGE_CACHE_SECONDS": "0",
        "TASKS_BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "BENCH_SEARCH_CHILD": "1",
    }


def ensure_database():
    import psycopg

    parts = urlsplit(URL)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
    with psycopg.connect(URL) as conn:
        try:
            row = conn.execute("SELECT count(*) FROM liaison_pages_guidepage").fetchone()
            filled = row[0] >= 500
        except psycopg.errors.UndefinedTable:
            filled = False
    subprocess.run([PY, "manage.py", "migrate", "--no-input"], cwd=ROOT, env=env(), check=True,
                   stdout=subprocess.DEVNULL)  # fmt: skip
    if not filled:
        print(f"Filling {name} (once) ...", flush=True)
        # the demo app is installed in development settings only
        subprocess.run([PY, "manage.py", "seed_demo", "--settings=portal.settings.dev"], cwd=ROOT,
                       env=env(), check=True, stdout=subprocess.DEVNULL)  # fmt: skip
        subprocess.run([PY, str(BENCH / "build.py"), "--no-students"], cwd=ROOT, env=env(),
                       check=True)  # fmt: skip
        subprocess.run([PY, "manage.py", "update_index"], cwd=ROOT, env=env(), check=True,
                       stdout=subprocess.DEVNULL)  # fmt: skip
        # A bulk fill leaves dead rows and no planner statistics; autovacuum would see to both in
        # production, a little later. Measure the settled database, not the first minutes after.
        with psycopg.connect(URL, autocommit=True) as conn:
            conn.execute("VACUUM ANALYZE")


def child():
    sys.path.insert(0, str(BENCH))
    from _django import setup

    setup()
    from django.test import Client

    from search.site_search import site_search

    client = Client(HTTP_HOST="127.0.0.1")
    results = {}
    for label, query in QUERIES.items():
        timings = {"search": [], "page": []}
        outcome = site_search(query)
        client.get("/search/", {"q": query})
        for _ in range(RUNS):
            started = time.perf_counter()
            outcome = site_search(query)
            timings["search"].append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            client.get("/search/", {"q": query})
            timings["page"].append((time.perf_counter() - started) * 1000)
        results[label] = {
            "query": query,
            "total_results": outcome.total,
            **{
                f"{kind}_p50_ms": round(statistics.median(values), 1)
                for kind, values in timings.items()
            },
            **{
                f"{kind}_p90_ms": round(statistics.quantiles(values, n=10)[-1], 1)
                for kind, values in timings.items()
            },
        }
    print(json.dumps(results))


def main():
    if os.environ.get("BENCH_SEARCH_CHILD"):
        return child()
    ensure_database()
    static_root = tempfile.mkdtemp(prefix="liaison-bench-static-")
    try:
        subprocess.run([PY, "manage.py", "collectstatic", "--no-input"], cwd=ROOT,
                       env=env(static_root), check=True, stdout=subprocess.DEVNULL)  # fmt: skip
        done = subprocess.run(
            [PY, __file__], cwd=ROOT, env=env(static_root), capture_output=True, text=True
        )
    finally:
        shutil.rmtree(static_root, ignore_errors=True)
    if done.returncode:
        sys.stderr.write(done.stderr[-3000:])
        return 1
    results = json.loads(done.stdout.strip().splitlines()[-1])
    print(f"{'query':<34}{'results':>8}{'search p50':>12}{'p90':>8}{'page p50':>10}{'p90':>8}")
    for label, row in results.items():
        print(
            f"{label + ': ' + row['query']:<34}{row['total_results']:>8}"
            f"{row['search_p50_ms']:>12}{row['search_p90_ms']:>8}"
            f"{row['page_p50_ms']:>10}{row['page_p90_ms']:>8}"
        )
    worst = max(row["search_p50_ms"] for row in results.values())
    print(f"{'PASS' if worst < TARGET_MS else 'MISS'} search p50 on PostgreSQL: {worst} ms "
          f"(target < {TARGET_MS} ms)")  # fmt: skip
    print(json.dumps(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
