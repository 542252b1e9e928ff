"""What `make run` prints: quiet task workers, readable emails, seeding progress."""

import io
import logging
import logging.config

from django.conf import settings
from django.core.mail import EmailMultiAlternatives

from ops.mail import SummaryEmailBackend


def test_dev_email_backend_prints_one_short_block_with_the_links():
    out = io.StringIO()
    message = EmailMultiAlternatives(
        "[Library] Please confirm your email address",
        "Hello Shiv,\n\nConfirm your address:\nhttp://127.0.0.1:8123/accounts/confirm-email/abc/\n\n"
        "Or sign in at http://127.0.0.1:8123/accounts/login/.\n",
        "liaison@library.example.edu",
        ["shiv@students.example.edu"],
    )
    message.attach_alternative("<p>Hello <b>Shiv</b></p>", "text/html")
    assert SummaryEmailBackend(stream=out).send_messages([message]) == 1
    printed = out.getvalue()
    assert "Email to shiv@students.example.edu" in printed
    assert "Subject: [Library] Please confirm your email address" in printed
    assert "link: http://127.0.0.1:8123/accounts/confirm-email/abc/" in printed
    assert "link: http://127.0.0.1:8123/accounts/login/" in printed  # trailing full stop dropped
    assert "Content-Transfer-Encoding" not in printed and "<b>" not in printed
    assert len(printed.splitlines()) <= 8


def test_task_worker_logs_failures_but_not_each_successful_task(capsys):
    logging.config.dictConfig(settings.LOGGING)  # as Django set it up, with capsys's stderr
    tasks_logger = logging.getLogger("django_tasks")
    level = tasks_logger.level
    tasks_logger.setLevel(logging.INFO)  # what `db_worker` does at its default verbosity
    try:
        tasks_logger.info("Task id=1 path=inbox.tasks.notify_liaison state=RUNNING")
        tasks_logger.error("Task id=2 path=inbox.tasks.notify_liaison state=FAILED")
    finally:
        tasks_logger.setLevel(level)
    err = capsys.readouterr().err
    assert "state=RUNNING" not in err
    assert "state=FAILED" in err
