"""Build (or top up) the demo portal. Safe to run again: nothing is duplicated.

The steps in demo/steps/ run in the order below and share `context` (a dict) so later steps can use
what earlier ones made. Each reads its words from demo/data/ through demo/builder.py.
"""

import time

from django.core.management.base import BaseCommand
from django.db import transaction

from demo.steps import (
    consultations,
    editorial,
    inbox,
    pages,
    search,
    services,
    students,
    twofactor,
)
from ops.sqlite import analyze

STEPS = [
    (pages, "librarians, guides and news"),
    (inbox, "enquiry forms and messages"),
    (services, "services"),  # links to the enquiry forms above
    (editorial, "roles and workflows"),  # needs the sections above
    (twofactor, "two-factor sign-in for the demo staff"),  # needs the logins above
    (students, "students and their librarians"),
    (consultations, "consultation hours"),  # every librarian takes bookings
    (search, "search index"),  # last: indexes everything above
]


class Command(BaseCommand):
    help = (
        "Create the demo portal: taxonomy, librarians, guides, news and demo logins (idempotent)."
    )

    def handle(self, *args, **options):
        context = {"stdout": self.stdout, "style": self.style, "logins": []}
        for number, (step, label) in enumerate(STEPS, start=1):
            started = time.monotonic()
            self.stdout.write(f"Seeding [{number}/{len(STEPS)}] {label}…")
            self.stdout.flush()
            with transaction.atomic():
                step.seed(context)
            self.stdout.write(f"  done in {time.monotonic() - started:.1f}s")
        analyze()  # SQLite: planner statistics for what was just loaded (ops/sqlite.py)
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
        if context["logins"]:
            self.stdout.write("")
            self.stdout.write(
                "Demo logins (everyone signs in at /accounts/login/; staff land in /admin/):"
            )
            for role, email, password in context["logins"]:
                self.stdout.write(f"  {role:<14} {email:<40} password: {password}")
            for line in context.get("login_notes", []):
                self.stdout.write(line)
