#!/usr/bin/env python3
"""Benchmark the roster import: 100,000 generated students across the demo programmes, imported
and matched on SQLite; prints the time and the peak memory of the importing process.

    .venv/bin/python bench/import_students.py               # 100,000 rows
    .venv/bin/python bench/import_students.py --rows 20000  # a quicker run

Steps: a fresh SQLite database in a temporary folder, `migrate` and `seed_demo`, librarian
capacities raised so everyone can be matched (``--keep-capacity`` keeps the demo's), a generated
CSV, then `import_students` in a child process (timed, peak RSS from ``resource.getrusage``), then
the same file again (must change nothing). Targets: ≤ 60 s (aim 20 s) and < 500 MB.
"""

import argparse
import csv
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
TARGET_SECONDS = 60
AIM_SECONDS = 20
TARGET_MB = 500
LEVELS = ["Year 1", "Year 2", "Year 3", "Year 4", "Postgraduate", "Doctoral"]


def child(path):
    """Run inside the child process: import the file, report time and peak memory as JSON."""
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from students.importers import import_roster

    start = time.perf_counter()
    cpu_start = resource.getrusage(resource.RUSAGE_SELF)
    report = import_roster(path, progress=False)
    seconds = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu = (usage.ru_utime - cpu_start.ru_utime) + (usage.ru_stime - cpu_start.ru_stime)
    peak_kb = usage.ru_maxrss  # kilobytes on Linux
    print(
        json.dumps(
            {
                "seconds": round(seconds, 2),
                "cpu_seconds": round(cpu, 2),
                "peak_mb": round(peak_kb / 1024, 1),
                "summary": report.summary(),
                "errors": len(report.errors),
                "matched": report.matched,
                "unmatched": report.unmatched,
                "unchanged": report.unchanged,
            }
        )
    )


def run(args, env, quiet=True):
    result = subprocess.run(
        [PY, *args], cwd=ROOT, env=env, capture_output=quiet, text=True, check=False
    )
    if result.returncode != 0:
        sys.stderr.write((result.stdout or "") + (result.stderr or ""))
        raise SystemExit(f"failed: {' '.join(args)}")
    return result.stdout


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--keep-capacity", action="store_true")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args.child)

    tmp = Path(tempfile.mkdtemp(prefix="bench-import-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.dev",
        "DJANGO_DEBUG": "false",
        "DATABASE_URL": f"sqlite:///{tmp / 'bench.sqlite3'}",
        "DJANGO_MEDIA_ROOT": str(tmp / "media"),
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
    }
    env.pop("REDIS_URL", None)
    print(f"Preparing a fresh SQLite database in {tmp} (migrate + seed_demo)…", flush=True)
    run(["manage.py", "migrate", "--no-input"], env)
    run(["manage.py", "seed_demo"], env)
    capacity = "" if args.keep_capacity else str(max(200, args.rows // 5))
    codes = json.loads(
        run(
            [
                "-c",
                "import django, json; django.setup();"
                "from taxonomy.models import Programme; from liaison_pages.models import LiaisonPage;"
                f"cap = {capacity or 'None'};"
                "cap and LiaisonPage.objects.update(capacity=cap);"
                "print(json.dumps(list(Programme.objects.filter(is_active=True)"
                ".values_list('code', flat=True))))",
            ],
            env,
        )
    )
    roster = tmp / "roster.csv"
    with roster.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["email", "name", "programme", "level"])
        for i in range(args.rows):
            writer.writerow(
                [
                    f"student{i:06d}@students.example.edu",
                    f"Student {i:06d} Example",
                    codes[i % len(codes)],
                    LEVELS[i % len(LEVELS)],
                ]
            )
    size_mb = roster.stat().st_size / 1e6
    print(
        f"Roster: {args.rows:,} rows, {len(codes)} programmes, {size_mb:.1f} MB; librarian "
        f"capacity {'as in the demo' if not capacity else capacity + ' each'}.",
        flush=True,
    )

    first = json.loads(run([__file__, "--child", str(roster)], env).strip().splitlines()[-1])
    again = json.loads(run([__file__, "--child", str(roster)], env).strip().splitlines()[-1])
    print()
    print(f"{'run':<18}{'wall s':>8}{'CPU s':>8}{'peak MB':>9}  result")
    for label, r in (("import + match", first), ("same file again", again)):
        print(f"{label:<18}{r['seconds']:>8}{r['cpu_seconds']:>8}{r['peak_mb']:>9}  {r['summary']}")
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"(load average {load} on {os.cpu_count()} CPU(s); wall time grows with other load)")
    ok_time = first["seconds"] <= TARGET_SECONDS
    ok_mem = first["peak_mb"] < TARGET_MB
    ok_again = again["unchanged"] == args.rows
    print()
    print(
        f"Targets: ≤ {TARGET_SECONDS} s (aim {AIM_SECONDS} s): {'met' if ok_time else 'MISSED'}; "
        f"< {TARGET_MB} MB: {'met' if ok_mem else 'MISSED'}; "
        f"re-import changes nothing: {'yes' if ok_again else 'NO'}."
    )
    print(json.dumps(first))  # last line: the first run's figures, for bench/run.py
    return 0 if ok_time and ok_mem and ok_again else 1


if __name__ == "__main__":
    sys.exit(main())
