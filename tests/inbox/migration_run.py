"""Run by tests/inbox/test_migrations.py in a process of its own, against a scratch SQLite file
named by DATABASE_URL: migrate to before messages kept their wait, store messages as the inbox
had (answered with a first response, answered before responses were recorded, still open),
migrate past it and print each message's stored wait, as JSON."""

import datetime
import json

import django
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("inbox", "0010_message_programme_index")]
AFTER = [("inbox", "0011_message_response_seconds")]
ARRIVED = datetime.datetime(2026, 9, 1, 9, 0, 0, 250000, tzinfo=datetime.UTC)


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def main():
    Message = migrate(BEFORE).get_model("inbox", "Message")
    rows = {
        "answered": ("answered", ARRIVED + datetime.timedelta(hours=5, microseconds=500)),
        "reopened": ("read", ARRIVED + datetime.timedelta(days=2)),
        "untimed": ("answered", None),
        "open": ("new", None),
    }
    for subject, (status, responded) in rows.items():
        Message.objects.create(
            sender_name="Sam",
            sender_email="sam@students.example.edu",
            subject=subject,
            body="…",
            status=status,
            created_at=ARRIVED,
            responded_at=responded,
        )
    Message = migrate(AFTER).get_model("inbox", "Message")
    print(json.dumps(dict(Message.objects.values_list("subject", "response_seconds"))))


if __name__ == "__main__":
    django.setup()
    main()
