"""Demo students for `seed_demo`: about 200 students across the demo programmes, each matched by
the real engine, and one student login with a verified address. Safe to run again."""

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from taxonomy.models import Programme

from . import services
from .models import Student

STUDENT_EMAIL = "student@students.example.edu"
STUDENT_PASSWORD = "demo-student-password"  # noqa: S105 - printed demo login, never in production
COUNT = 200
FIRST = [
    "Aisha", "Ben", "Chiara", "Dmitri", "Efua", "Farid", "Greta", "Hamza", "Ines", "Jonas",
    "Kemi", "Liam", "Mei", "Nikhil", "Olga", "Pablo", "Quinn", "Rania", "Soren", "Tara",
]  # fmt: skip
LAST = [
    "Ahmed", "Brennan", "Costa", "Dubois", "Eze", "Fischer", "Garcia", "Hughes", "Ito", "Jansen",
]  # fmt: skip
LEVELS = [level for level, _ in Student.Level.choices][:7]


def _demo_user(email, password=None):
    User = get_user_model()
    user = User.objects.filter(email=email).first()  # exact: no Unicode case folding
    if user is None:
        user = User(username=email, email=email)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save()
    return user


def seed(context):
    programmes = list(
        Programme.objects.filter(is_active=True).select_related("department").order_by("code")
    )
    if not programmes:
        return
    created = 0
    for i in range(COUNT):
        email = f"demo.student{i:03d}@students.example.edu"
        user = _demo_user(email)
        student, made = Student.objects.get_or_create(
            user=user,
            defaults={
                "name": f"{FIRST[i % len(FIRST)]} {LAST[(i // len(FIRST)) % len(LAST)]}",
                "programme": programmes[i % len(programmes)],
                "level": LEVELS[i % len(LEVELS)],
            },
        )
        created += made
        services.ensure_matched(student, notify=False)

    user = _demo_user(STUDENT_EMAIL, STUDENT_PASSWORD)
    EmailAddress.objects.update_or_create(
        user=user, email=STUDENT_EMAIL, defaults={"verified": True, "primary": True}
    )
    chemistry = next((p for p in programmes if "chem" in p.name.lower()), programmes[0])
    student, _ = Student.objects.get_or_create(
        user=user,
        defaults={
            "name": "Sam Student",
            "preferred_name": "Sam",
            "programme": chemistry,
            "level": Student.Level.YEAR_1,
        },
    )
    services.ensure_matched(student, notify=False)
    context["logins"].append(("student", STUDENT_EMAIL, STUDENT_PASSWORD))
    out = context.get("stdout")
    if out is not None:
        out.write(f"Students: {created} new demo student(s), matched by the engine.")
