"""Mail backends for the sending tests, swapped in through settings.EMAIL_BACKEND."""

from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend


class WorkerKilled(BaseException):  # noqa: N818 - models a process being killed, not an error
    pass


class DiesAfterBackend(BaseEmailBackend):
    """Delivers ``budget`` emails into ``mail.outbox``, then the worker process dies."""

    budget = 0

    def send_messages(self, messages):
        for message in messages:
            if DiesAfterBackend.budget <= 0:
                raise WorkerKilled()
            DiesAfterBackend.budget -= 1
            mail.outbox.append(message)
        return len(messages)


class FlakyBackend(BaseEmailBackend):
    """Refuses the first ``failures`` emails (the server is briefly down), then delivers."""

    failures = 0

    def send_messages(self, messages):
        if FlakyBackend.failures > 0:
            FlakyBackend.failures -= 1
            raise ConnectionRefusedError("SMTP server unavailable")
        mail.outbox.extend(messages)
        return len(messages)
