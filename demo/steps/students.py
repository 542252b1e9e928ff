"""Demo step 6: about 200 students across the demo programmes (demo/data/students.yaml), each in
a year of study that fits their programme and matched by the real engine, and one student login
with a verified address. Safe to run again."""

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from demo.builder import load
from students import services
from students.models import Student
from taxonomy.models import Programme

STUDENT_EMAIL = "student@students.example.edu"
STUDENT_PASSWORD = "demo-student-password"  # noqa: S105 - printed demo login, never in production


def levels_for(programme):
    """The years of study a demo student on ``programme`` can be in (students.yaml)."""
    data = load("students")
    return data["programme_levels"].get(programme.code) or data["levels"][programme.level]


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
    data = load("students")
    first_names, last_names = data["first_names"], data["last_names"]
    created = 0
    for i in range(data["count"]):
        email = f"demo.student{i:03d}@students.example.edu"
        programme = programmes[i % len(programmes)]
        levels = levels_for(programme)
        user = _demo_user(email)
        student, made = Student.objects.get_or_create(
            user=user,
            defaults={
                "name": f"{first_names[i % len(first_names)]} "
                f"{last_names[(i // len(first_names)) % len(last_names)]}",
                "programme": programme,
                "level": levels[(i // len(programmes)) % len(levels)],
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
