"""Scale the demo portal up to the benchmark's size (run by bench/run.py after migrate + seed_demo).

Targets: 50 librarians, 500 guides, 2,000 posts, 100 programmes, 30 services and 100,000 students
with an open assignment each. Tops up to those numbers, so running it again adds nothing. Pages are
made with the project's factories (real page tree, real search index); students with bulk inserts.
"""

import argparse
import datetime
import random
import sys
import time

from _django import setup

setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX  # noqa: E402
from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402
from django.utils.text import slugify  # noqa: E402
from wagtail.images import get_image_model  # noqa: E402

from demo.portraits import portrait_image  # noqa: E402
from liaison_pages.models import (  # noqa: E402
    BlogIndexPage,
    BlogPostPage,
    GuideIndexPage,
    GuidePage,
    LiaisonIndexPage,
    LiaisonPage,
    OfficeHour,
)
from taxonomy.models import Department, Programme, Subject  # noqa: E402
from tests.factories import (  # noqa: E402
    BlogPostPageFactory,
    GuidePageFactory,
    LiaisonPageFactory,
    ProgrammeFactory,  # noqa: E402
    UserFactory,
    guide_body,
    raw_stream,
)

TARGETS = {
    "programmes": 100,
    "liaisons": 50,
    "guides": 500,
    "posts": 2000,
    "services": 30,
    "students": 100_000,
}
FIRST = ["Ada", "Bilal", "Chen", "Dara", "Eleni", "Femi", "Greta", "Hana", "Ivo", "Jonas", "Kemi"]
LAST = ["Okafor", "Lindqvist", "Moreau", "Nakamura", "Petrov", "Quinn", "Rossi", "Sato", "Tan"]
TOPICS = ["Chemistry", "History", "Law", "Nursing", "Physics", "Economics", "Music", "Geography"]
rng = random.Random(8)


def log(message):
    print(f"  {message}", flush=True)


def top_up_programmes(target):
    have = Programme.objects.count()
    departments = list(Department.objects.all())
    for n in range(have, target):
        ProgrammeFactory(
            code=f"BEN-{n:04d}",
            name=f"BSc {TOPICS[n % len(TOPICS)]} and {LAST[n % len(LAST)]} Studies {n}",
            department=departments[n % len(departments)],
        )
    return max(0, target - have)


def top_up_liaisons(target):
    index = LiaisonIndexPage.objects.get()
    have = LiaisonPage.objects.count()
    programmes = list(Programme.objects.all())
    subjects = list(Subject.objects.all())
    departments = list(Department.objects.all())
    for n in range(have, target):
        name = f"{FIRST[n % len(FIRST)]} {LAST[(n * 7) % len(LAST)]} {n}"
        page = LiaisonPageFactory.build(
            title=name,
            slug=slugify(name),
            user=UserFactory(email=f"bench.liaison{n}@library.example.edu"),
            photo=portrait_image(name),
            job_title="Liaison Librarian",
            office_location=f"Main Library, room 2.{n:02d}",
            languages="English, Spanish",
            booking_url=f"https://library.example.edu/book/{slugify(name)}",
            capacity=3000,
        )
        page.owner = page.user
        page.subjects = rng.sample(subjects, min(3, len(subjects)))
        page.departments = rng.sample(departments, min(1, len(departments)))
        page.programmes = rng.sample(programmes, min(4, len(programmes)))
        page.office_hours = [
            OfficeHour(day=n % 5, start=datetime.time(10), end=datetime.time(12)),
            OfficeHour(day=(n + 2) % 5, start=datetime.time(14), end=datetime.time(15, 30)),
        ]
        index.add_child(instance=page)
    return max(0, target - have)


def top_up_guides(target):
    index = GuideIndexPage.objects.get()
    have = GuidePage.objects.count()
    liaisons = list(LiaisonPage.objects.all())
    subjects = list(Subject.objects.all())
    programmes = list(Programme.objects.all())
    today = timezone.localdate()
    for n in range(have, target):
        topic = TOPICS[n % len(TOPICS)]
        liaison = liaisons[n % len(liaisons)]
        GuidePageFactory(
            parent=index,
            title=f"{topic} research guide {n}",
            summary=f"Databases, books and tips for finding {topic.lower()} sources.",
            liaison=liaison,
            owner=liaison.user,
            last_reviewed=today - datetime.timedelta(days=n % 500),
            body=guide_body(topic),
            subjects=rng.sample(subjects, min(2, len(subjects))),
            programmes=rng.sample(programmes, min(2, len(programmes))),
        )
    return max(0, target - have)


def top_up_posts(target):
    index = BlogIndexPage.objects.get()
    have = BlogPostPage.objects.count()
    liaisons = list(LiaisonPage.objects.all())
    subjects = list(Subject.objects.all())
    images = list(get_image_model().objects.order_by("id")[:8])
    today = timezone.localdate()
    for n in range(have, target):
        topic = TOPICS[n % len(TOPICS)]
        liaison = liaisons[(n * 3) % len(liaisons)]
        post = BlogPostPageFactory.build(
            title=f"New {topic.lower()} resources, update {n}",
            intro=f"New {topic.lower()} databases and drop-in sessions this term.",
            author=liaison,
            owner=liaison.user,
            date=today - datetime.timedelta(days=n // 3),
            body=raw_stream(
                [
                    ("paragraph", f"<p>We have added new {topic.lower()} databases.</p>" * 3),
                    ("paragraph", "<p>Drop-in sessions run every Tuesday in the library.</p>"),
                ]
            ),
            subjects=rng.sample(subjects, min(2, len(subjects))),
            listing_image=images[n % len(images)] if images and n % 3 == 0 else None,
        )
        post.tags.add(topic.lower(), "news")
        index.add_child(instance=post)
    return max(0, target - have)


def top_up_services(target):
    try:
        from services.models import ServiceIndexPage, ServicePage
        from tests.factories import ServiceIndexPageFactory, ServicePageFactory
    except ImportError:
        log("no services app: services skipped")
        return 0
    from home.models import HomePage

    index = ServiceIndexPage.objects.first() or ServiceIndexPageFactory(
        parent=HomePage.objects.get()
    )
    have = ServicePage.objects.count()
    subjects = list(Subject.objects.all())
    for n in range(have, target):
        page = ServicePageFactory.build(title=f"Library service {n}", slug=f"library-service-{n}")
        page.subjects = rng.sample(subjects, min(2, len(subjects)))
        index.add_child(instance=page)
    return max(0, target - have)


def top_up_students(target):
    try:
        from students.models import Assignment, Student
    except ImportError:
        log("no students app: students skipped")
        return 0
    have = Student.objects.count()
    if have >= target:
        return 0
    User = get_user_model()
    serving = {}
    for liaison in LiaisonPage.objects.live().prefetch_related("programmes"):
        for programme in liaison.programmes.all():
            serving.setdefault(programme.pk, []).append(liaison.pk)
    programmes = list(serving)
    fallback = list(LiaisonPage.objects.values_list("pk", flat=True))
    batch = 5000
    now = timezone.now()
    for start in range(have, target, batch):
        stop = min(target, start + batch)
        users = User.objects.bulk_create(
            [
                User(
                    username=f"bench.student{n}@students.example.edu",
                    email=f"bench.student{n}@students.example.edu",
                    password=UNUSABLE_PASSWORD_PREFIX,  # these accounts never sign in
                    first_name=FIRST[n % len(FIRST)],
                    last_name=LAST[n % len(LAST)],
                )
                for n in range(start, stop)
            ]
        )
        if users[0].pk is None:  # databases that do not return primary keys
            users = list(User.objects.filter(username__startswith="bench.student").order_by("pk"))
            users = users[start - have : stop - have]
        students = Student.objects.bulk_create(
            [
                Student(
                    user=user,
                    name=f"{user.first_name} {user.last_name}",
                    programme_id=programmes[i % len(programmes)] if programmes else None,
                    level="Year 1",
                )
                for i, user in enumerate(users, start=start)
            ]
        )
        Assignment.objects.bulk_create(
            [
                Assignment(
                    student=student,
                    liaison_id=(
                        serving[student.programme_id][i % len(serving[student.programme_id])]
                        if student.programme_id
                        else fallback[i % len(fallback)]
                    ),
                    programme_id=student.programme_id,
                    kind="import",
                    reason="Benchmark roster",
                    started_at=now,
                )
                for i, student in enumerate(students)
            ]
        )
    return target - have


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--no-students", action="store_true")
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the targets (tests)")
    args = parser.parse_args()
    steps = [
        ("programmes", top_up_programmes),
        ("liaisons", top_up_liaisons),
        ("guides", top_up_guides),
        ("posts", top_up_posts),
        ("services", top_up_services),
    ]
    if not args.no_students:
        steps.append(("students", top_up_students))
    for name, step in steps:
        started = time.perf_counter()
        with transaction.atomic():
            added = step(max(1, int(TARGETS[name] * args.scale)))
        log(f"{name}: +{added} in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
