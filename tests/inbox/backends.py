"""Mail backends that fail on purpose, swapped in through settings.EMAIL_BACKEND."""

from django.core.mail.backends.base import BaseEmailBackend


class FailingBackend(BaseEmailBackend):
    """The mail server is down: every send raises."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("SMTP server unavailable")


class WorkerKilled(BaseException):  # noqa: N818 - models a process being killed, not an error
    pass


class KilledBackend(BaseEmailBackend):
    """The worker process dies in the middle of sending (nothing after this line runs)."""

    def send_messages(self, email_messages):
        raise WorkerKilled()
