"""Time the evidence pages at the issue's scale: 100,000 students, 50,000 messages and 20,000
consultations (with survey answers on some attended ones).

    .venv/bin/python bench/evidence.py             # build bench/evidence.sqlite3 once, then measure
    .venv/bin/python bench/evidence.py --rebuild   # start from an empty database
    .venv/bin/python bench/evidence.py --scale 0.1 # a tenth of the data (quick look)
    .venv/bin/python bench/evidence.py --postgres postgres://postgres@127.0.0.1:5432/evidence_bench

The database is its own (``bench/evidence.sqlite3``, git-ignored): ``migrate``, ``seed_demo``,
then bench/build.py's top-ups for programmes, librarians, guides and students (posts and services
are left out: no evidence page reads them), then messages and consultations in bulk over the last
12 months. Another ``--scale`` gets a database of its own (``evidence-0.1.sqlite3``): top-ups
only ever add, so a full database would hide a smaller scale.

The pages are timed in ``--runs`` fresh processes (5 by default), one after the other: on a shared
virtual machine one process runs a fixed pure-Python loop up to half as fast again as the next,
whatever it runs, so one process's figures say as much about the machine as about the code. In each,
every page is requested in-process (Django's test client, production settings, signed in as the
demo coordinator or a librarian) once to warm up and then ``--repeat`` times. The table gives the
median over the processes of each one's median wall time, the spread of those medians, the worst
single request and the SQL query count, and PASS/MISS (that median) against 300 ms; a line above it
gives each process's time for the fixed loop, and the load average is printed before and after.
"""

import argparse
import datetime
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DB = ROOT / "bench" / "evidence.sqlite3"
TARGET_MS = 300


def environment(database_url):
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        DATABASE_URL=database_url,
        DJANGO_SECRET_KEY=env.get("DJANGO_SECRET_KEY", "bench-only-secret-key-" + "x" * 40),
        DJANGO_ALLOWED_HOSTS="testserver,127.0.0.1",
        DJANGO_SECURE_SSL_REDIRECT="false",
        PORTAL_PAGE_CACHE_SECONDS="0",
        DJANGO_MEDIA_ROOT=str(ROOT / "bench" / "media"),
        DJANGO_SECURE_HSTS_SECONDS="0",
        DJANGO_LOG_LEVEL="ERROR",
        # search-index updates (and any mail) run at once: no task worker runs beside the bench
        TASKS_BACKEND="django_tasks.backends.immediate.ImmediateBackend",
    )
    return env


def _postgres(url):
    import psycopg

    name = url.rsplit("/", 1)[1]
    return psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True), name


def postgres_exists(url):
    connection, name = _postgres(url)
    with connection:
        return bool(
            connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        )


def recreate_postgres(url):
    from psycopg import sql

    connection, name = _postgres(url)
    with connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def manage(env, *args):
    subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], check=True, env=env, cwd=ROOT)


def build(scale):
    sys.path.insert(0, str(ROOT / "bench"))
    import build as builder  # bench/build.py: sets Django up and holds the top-ups
    from django.db import transaction

    steps = [
        ("programmes", builder.top_up_programmes, 100),
        ("liaisons", builder.top_up_liaisons, 50),
        ("guides", builder.top_up_guides, 500),
        ("students", builder.top_up_students, 100_000),
        ("messages", top_up_messages, 50_000),
        ("consultations", top_up_consultations, 20_000),
    ]
    for name, step, target in steps:
        started = time.perf_counter()
        with transaction.atomic():
            added = step(max(1, int(target * scale)))
        print(f"  {name}: +{added} in {time.perf_counter() - started:.1f} s", flush=True)


def top_up_messages(target):
    """Messages over the last 12 months, to every librarian and programme: a third still open,
    the rest answered after 1 to 96 hours, a few spam."""
    from django.utils import timezone

    from inbox.models import Message
    from liaison_pages.models import LiaisonPage
    from students.models import Student
    from taxonomy.models import Programme

    have = Message.objects.count()
    if have >= target:
        return 0
    rng = random.Random(19)
    liaisons = list(LiaisonPage.objects.values_list("pk", flat=True))
    programmes = list(Programme.objects.values_list("pk", flat=True)) + [None]
    users = list(Student.objects.values_list("user_id", flat=True)[:5000])
    now = timezone.now()
    batch = []
    for n in range(have, target):
        created = now - datetime.timedelta(minutes=rng.randrange(365 * 24 * 60))
        roll = rng.random()
        status = (
            "new"
            if roll < 0.2
            else "read"
            if roll < 0.33
            else "spam"
            if roll < 0.36
            else "answered"
        )
        responded = None
        if status == "answered":
            responded = min(now, created + datetime.timedelta(minutes=rng.randrange(60, 96 * 60)))
        batch.append(
            Message(
                liaison_id=liaisons[n % len(liaisons)] if n % 50 else None,
                sender_name=f"Sender {n}",
                sender_email=f"sender{n % 20000}@students.example.edu",
                sender_user_id=users[n % len(users)] if users and n % 3 == 0 else None,
                programme_id=programmes[n % len(programmes)],
                subject="Help finding sources",
                body="Could you recommend databases for my dissertation?",
                status=status,
                created_at=created,
                responded_at=responded,
                # as Message.save() keeps it (bulk_create does not call save())
                response_seconds=(responded - created).total_seconds() if responded else None,
            )
        )
        if len(batch) == 5000:
            Message.objects.bulk_create(batch)
            batch = []
    Message.objects.bulk_create(batch)
    return target - have


def top_up_consultations(target):
    """Consultations over the last 12 months and the next few weeks, spread over librarians, types
    and outcomes (a tenth cancelled; past ones attended, no-show, cancelled late or not recorded),
    with a survey answer for about a third of the attended ones."""
    from django.utils import timezone

    from consultations.models import Booking, Feedback
    from liaison_pages.models import LiaisonPage
    from taxonomy.models import Programme

    have = Booking.objects.count()
    if have >= target:
        return 0
    rng = random.Random(20)
    liaisons = list(LiaisonPage.objects.values_list("pk", flat=True))
    programmes = list(Programme.objects.values_list("pk", flat=True)) + [None]
    types = [value for value, _ in Booking.Type.choices] + [""]
    # on the hour, from 8:00 to 17:00, from 365 days ago to 28 days ahead; a confirmed booking
    # never shares its librarian's slot (consultations_one_booking_per_slot)
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    taken = set(
        Booking.objects.filter(status=Booking.Status.CONFIRMED).values_list("liaison_id", "start")
    )
    batch, answers = [], []

    def flush():
        created = Booking.objects.bulk_create(batch)
        Feedback.objects.bulk_create(
            Feedback(
                booking=created[i],
                liaison_id=created[i].liaison_id,
                rating=r,
                comment=c,
                created_at=created[i].end + datetime.timedelta(hours=h),
            )
            for i, r, c, h in answers
        )
        batch.clear()
        answers.clear()

    n = have
    while n < target:
        liaison = liaisons[n % len(liaisons)]
        day = now.date() - datetime.timedelta(days=rng.randrange(-28, 365))
        start = timezone.make_aware(
            datetime.datetime.combine(day, datetime.time(rng.randrange(8, 18)))
        )
        cancelled = rng.random() < 0.1
        if not cancelled and (liaison, start) in taken:
            continue
        outcome = ""
        if not cancelled and start < now:
            roll = rng.random()
            outcome = (
                Booking.Outcome.ATTENDED
                if roll < 0.7
                else Booking.Outcome.NO_SHOW
                if roll < 0.8
                else Booking.Outcome.CANCELLED_LATE
                if roll < 0.85
                else ""
            )
        if not cancelled:
            taken.add((liaison, start))
        end = start + datetime.timedelta(minutes=30)
        if outcome == Booking.Outcome.ATTENDED and rng.random() < 0.3:
            comment = "Very helpful, thank you." if rng.random() < 0.4 else ""
            answers.append(
                (len(batch), rng.choice((5, 5, 4, 4, 3, 2, 1)), comment, rng.randrange(1, 72))
            )
        batch.append(
            Booking(
                liaison_id=liaison,
                start=start,
                end=end,
                block_start=start,
                block_end=end,
                topic="Literature search",
                programme_id=programmes[n % len(programmes)],
                client_name=f"Client {n}",
                client_email=f"client{n % 20000}@students.example.edu",
                status=Booking.Status.CANCELLED if cancelled else Booking.Status.CONFIRMED,
                created_at=start - datetime.timedelta(days=rng.randrange(1, 21)),
                cancelled_at=start - datetime.timedelta(days=1) if cancelled else None,
                outcome=outcome,
                consultation_type=types[n % len(types)],
            )
        )
        n += 1
        if len(batch) == 5000:
            flush()
    flush()
    return target - have


def pages():
    from liaison_pages.models import LiaisonPage
    from students.models import Assignment

    busiest = (
        Assignment.objects.filter(ended_at__isnull=True)
        .values_list("liaison_id", flat=True)
        .order_by("liaison_id")
        .first()
    )
    liaison = LiaisonPage.objects.get(pk=busiest)
    student_id = Assignment.objects.filter(liaison=liaison, ended_at__isnull=True).values_list(
        "student_id", flat=True
    )[0]
    return liaison, [
        ("programme evidence (year)", "coordinator", "/admin/evidence/programmes/"),
        ("programme evidence (12 months)", "coordinator", "/admin/evidence/programmes/?period=12m"),
        (
            "programme evidence (one librarian)",
            "coordinator",
            f"/admin/evidence/programmes/?period=12m&liaison={liaison.pk}",
        ),
        ("my evidence", "liaison", "/admin/evidence/?period=12m"),
        ("coverage map", "coordinator", "/admin/evidence/coverage/"),
        ("workload", "coordinator", "/admin/evidence/workload/?all=1"),
        (
            "messages counted (open)",
            "coordinator",
            "/admin/evidence/messages/?period=12m&state=open",
        ),
        ("student timeline", "coordinator", f"/admin/evidence/students/{student_id}/"),
        (
            "export messages by month (CSV)",
            "coordinator",
            "/admin/evidence/programmes/?period=12m&export=csv&table=messages-by-month",
        ),
    ]


def calibration_ms():
    """This process's time for a fixed pure-Python loop: on a shared virtual machine one process
    can run half as fast again as the next, whatever it runs."""
    started, total = time.process_time(), 0
    for i in range(2_000_000):
        total += i * i
    return (time.process_time() - started) * 1000


def timings(repeat):
    """{page: {"median", "worst" (ms), "queries"}} for every page, in this process."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from twofactor.rules import mark_verified

    def client_for(user):
        client = Client()
        client.force_login(user)
        session = client.session
        mark_verified(session, user)
        session.save()
        return client

    User = get_user_model()
    liaison, rows = pages()
    clients = {
        "coordinator": client_for(User.objects.get(email="coordinator@library.example.edu")),
        "liaison": client_for(liaison.user),
    }
    results = {}
    for name, who, url in rows:
        client = clients[who]
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        times = []
        for _ in range(repeat):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - started) * 1000)
        results[name] = {
            "median": statistics.median(times),
            "worst": max(times),
            "queries": len(queries),
        }
    return results


def measure(runs, repeat):
    """Time every page in ``runs`` fresh processes, ``repeat`` requests each, and print one table:
    the median over the processes of each one's median, the spread of those medians, the worst
    single request and the query count. Returns the number of pages over the target."""
    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    per_run, speeds = [], []
    for _ in range(runs):
        child = subprocess.run(
            [sys.executable, __file__, "--child", "--repeat", str(repeat)],
            capture_output=True,
            text=True,
            check=True,
        )
        report = json.loads(child.stdout.strip().splitlines()[-1])
        per_run.append(report["pages"])
        speeds.append(report["calibration_ms"])
    print(
        f"{runs} processes x {repeat} requests a page; the processes' speed on a fixed loop: "
        + ", ".join(f"{ms:.0f}" for ms in speeds)
        + " ms"
    )
    print(
        f"{'page':36} {'median ms':>9} {'per process':>13} {'worst ms':>9} {'queries':>8}  result"
    )
    misses = 0
    for name in per_run[0]:
        medians = [run[name]["median"] for run in per_run]
        median = statistics.median(medians)
        worst = max(run[name]["worst"] for run in per_run)
        queries = {run[name]["queries"] for run in per_run}
        ok = median < TARGET_MS
        misses += not ok
        spread = f"{min(medians):.0f}-{max(medians):.0f}"
        print(
            f"{name:36} {median:9.0f} {spread:>13} {worst:9.0f} "
            f"{'/'.join(map(str, sorted(queries))):>8}  {'PASS' if ok else 'MISS'}",
            flush=True,
        )
    print(f"load average after: {os.getloadavg()[0]:.1f}")
    return misses


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--repeat", type=int, default=5, help="requests a page in each process")
    parser.add_argument(
        "--runs", type=int, default=5, help="fresh processes to time in (default 5)"
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--db", help=f"default: {DB.name}, or evidence-<scale>.sqlite3")
    parser.add_argument(
        "--postgres",
        metavar="URL",
        help="measure on PostgreSQL instead (e.g. postgres://postgres@127.0.0.1:5432/evidence_bench);"
        " the database is made and filled the first time",
    )
    args = parser.parse_args()
    if args.child:  # one timing process, started by measure() with the environment set
        return child(args.repeat)
    db = Path(args.db) if args.db else DB
    if not args.db and args.scale != 1.0:
        db = DB.with_name(f"evidence-{args.scale:g}.sqlite3")
    if args.postgres:
        env = environment(args.postgres)
        fresh = args.rebuild or not postgres_exists(args.postgres)
        if fresh:
            recreate_postgres(args.postgres)
    else:
        env = environment(f"sqlite:///{db}")
        if args.rebuild and db.exists():
            db.unlink()
        fresh = not db.exists()
    manage(env, "migrate", "--no-input", "-v", "0")
    if fresh:
        # the demo app is installed in development settings only (as bench/run.py seeds)
        manage(env, "seed_demo", "--settings=portal.settings.dev")
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    build(args.scale)
    if args.postgres:
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # the planner's statistics for the rows just added
    elif fresh:
        manage(
            env, "migrate", "--no-input", "-v", "0"
        )  # nothing to migrate: ANALYZE (ops/sqlite.py)
    return 1 if measure(args.runs, args.repeat) else 0


def child(repeat):
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.test import override_settings

    # the admin's static files by name (no collectstatic manifest needed to time the pages)
    plain = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    speed = calibration_ms()
    with override_settings(STORAGES=plain):
        results = timings(repeat)
    print(json.dumps({"calibration_ms": speed, "pages": results}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
