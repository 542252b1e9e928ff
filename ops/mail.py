"""Development email: each outgoing message printed as one short block with its links, so a
verification or set-password link is easy to find in the output of `make run`."""

import re
import sys
import threading

from django.core.mail.backends.base import BaseEmailBackend

_LINK = re.compile(r"https?://[^\s<>\"')]+")
RULE = "-" * 72


def summary(message):
    """The block printed for one message: who, what, and every link in its plain-text body."""
    body = message.body or ""
    links = list(dict.fromkeys(_LINK.findall(body)))
    lines = [
        RULE,
        f"Email to {', '.join(message.to)}",
        f"Subject: {message.subject}",
    ]
    first = next((line.strip() for line in body.splitlines() if line.strip()), "")
    if first:
        lines.append(f"  {first[:100]}")
    lines.extend(f"  link: {link}" for link in links)
    lines.append(RULE)
    return "\n".join(lines) + "\n"


class SummaryEmailBackend(BaseEmailBackend):
    """Prints a summary of each message instead of its whole MIME source (Django's console backend
    prints every header and every part, many lines per email)."""

    def __init__(self, *args, stream=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.stream = stream or sys.stdout
        self._lock = threading.RLock()

    def send_messages(self, email_messages):
        if not email_messages:
            return 0
        with self._lock:
            for message in email_messages:
                self.stream.write(summary(message))
            self.stream.flush()
        return len(email_messages)
