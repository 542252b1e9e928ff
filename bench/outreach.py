"""Outreach at scale: a programme-wide campaign to 100,000 students, queued and rendered and
handed to Django's console email backend (its output thrown away), with the peak memory and the
throughput printed at the end.

    .venv/bin/python bench/outreach.py                  # 100,000 students (builds its database once)
    .venv/bin/python bench/outreach.py --students 5000  # a quick run
    .venv/bin/python bench/outreach.py --tracemalloc    # also the peak of Python allocations (slower)

It keeps its own SQLite database, ``bench/outreach.sqlite3`` (git-ignored; ``--rebuild`` makes it
anew): migrations, a small page tree, 50 librarians across 20 programmes with 3 guides each, and
the students with an open assignment each (bulk inserts). Each run starts a fresh campaign.
Memory is the process's peak resident size (``resource.getrusage``), which must stay under 500 MB:
recipients are read and queued in chunks, and each batch holds only its own rows.
"""

import argparse
import io
import os
import resource
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DB = ROOT / "bench" / "outreach.sqlite3"


def setup(rebuild):
    if rebuild and DB.exists():
        DB.unlink()
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{DB}")
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.test"
    sys.path.insert(0, str(ROOT))
    import django
    from django.conf import settings

    django.setup()
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    settings.OUTREACH_BATCH_SIZE = 500
    settings.OUTREACH_RATE_PER_MINUTE = 10**9  # measure rendering, not the rate limit
    from django.db import connection

    if connection.vendor == "sqlite":
        # Each send is marked in its own commit (so a killed worker re-sends nothing it had
        # marked); without WAL every such commit waits for the disk.
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")


def build(target):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
    from django.core.management import call_command
    from django.db import transaction
    from wagtail.models import Page, Site

    from liaison_pages.models import LiaisonPage
    from students.models import Assignment, Student
    from tests.factories import (
        BlogIndexPageFactory,
        GuideIndexPageFactory,
        GuidePageFactory,
        HomePageFactory,
        LiaisonIndexPageFactory,
        LiaisonPageFactory,
        ProgrammeFactory,
    )

    call_command("migrate", verbosity=0)
    if not LiaisonPage.objects.exists():
        with transaction.atomic():
            root = Page.get_first_root_node()
            Page.objects.filter(depth=2).delete()
            home = HomePageFactory(parent=root)
            Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)
            librarians = LiaisonIndexPageFactory(parent=home)
            guides = GuideIndexPageFactory(parent=home)
            BlogIndexPageFactory(parent=home)
            programmes = [ProgrammeFactory(name=f"BSc Bench {n}") for n in range(20)]
            for n in range(50):
                liaison = LiaisonPageFactory(
                    parent=librarians,
                    title=f"Bench Librarian {n}",
                    booking_url=f"https://book.example.edu/{n}",
                    programmes=[programmes[n % 20]],
                )
                if n < 20:
                    for g in range(3):
                        GuidePageFactory(
                            parent=guides,
                            title=f"Guide {n}-{g}",
                            liaison=liaison,
                            programmes=[programmes[n]],
                        )
    have = Student.objects.count()
    serving = {}
    for liaison in LiaisonPage.objects.prefetch_related("programmes"):
        for programme in liaison.programmes.all():
            serving.setdefault(programme.pk, []).append(liaison.pk)
    programme_ids = sorted(serving)
    User = get_user_model()
    for start in range(have, target, 5000):
        stop = min(target, start + 5000)
        with transaction.atomic():
            users = User.objects.bulk_create(
                User(
                    username=f"bench{n}@students.example.edu",
                    email=f"bench{n}@students.example.edu",
                    password=UNUSABLE_PASSWORD_PREFIX,
                )
                for n in range(start, stop)
            )
            students = Student.objects.bulk_create(
                Student(
                    user=user,
                    name=f"Bench Student {n}",
                    programme_id=programme_ids[n % len(programme_ids)],
                    level="Year 1",
                )
                for n, user in enumerate(users, start=start)
            )
            Assignment.objects.bulk_create(
                Assignment(
                    student=s,
                    liaison_id=serving[s.programme_id][n % len(serving[s.programme_id])],
                    programme_id=s.programme_id,
                    reason="Benchmark roster",
                )
                for n, s in enumerate(students)
            )
        print(f"  students: {stop:,}", file=sys.stderr)


def run(students, trace):
    from outreach import delivery, services
    from outreach.models import Campaign, Send

    Campaign.objects.all().delete()
    campaign = Campaign.objects.create(
        title="Bench",
        subject="Week 2, {{ preferred_name }}",
        body=(
            "<p>Dear {{ preferred_name }}, I am {{ librarian_name }}, your librarian for "
            "{{ programme }}.</p><p>{{ booking_link }}</p>{{ programme_guides }}"
        ),
        status=Campaign.Status.SENDING,
    )
    if trace:
        tracemalloc.start()
    started = time.perf_counter()
    queued = services.queue_recipients(campaign)
    queue_s = time.perf_counter() - started

    real_stdout, sys.stdout = sys.stdout, io.StringIO()
    sent_started = time.perf_counter()
    handled = 0
    try:
        while batch := delivery.send_batch(campaign.pk):
            handled += batch
            sys.stdout = io.StringIO()  # the console backend's output, thrown away per batch
    finally:
        sys.stdout = real_stdout
    send_s = time.perf_counter() - sent_started
    traced_peak = tracemalloc.get_traced_memory()[1] if trace else None
    maxrss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    sent = Send.objects.filter(campaign=campaign, status=Send.Status.SENT).count()
    print(f"students with a librarian: {students:,}")
    print(f"queued: {queued:,} send records in {queue_s:.1f} s ({queued / queue_s:,.0f}/s)")
    print(
        f"rendered and sent (console backend): {sent:,} of {handled:,} in {send_s:.1f} s "
        f"= {sent / send_s:,.0f} messages/s"
    )
    print(f"peak resident memory: {maxrss_mb:,.0f} MB (limit 500 MB)")
    if traced_peak is not None:
        print(f"peak Python allocations (tracemalloc): {traced_peak / 2**20:,.0f} MB")
    ok = sent == queued == students and maxrss_mb < 500
    print("PASS" if ok else "MISS")
    return 0 if ok else 1


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=100_000)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--tracemalloc", action="store_true")
    args = parser.parse_args()
    setup(args.rebuild)
    build(args.students)
    from students.models import Student

    return run(Student.objects.count(), args.tracemalloc)


if __name__ == "__main__":
    sys.exit(main())
