"""``manage.py consultation_sweep`` (cron, every few minutes) sends the consultation emails that
are due again, for instance an invitation a mail outage held back."""

import io
import re

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from consultations.models import Notice

from .test_calendar import booked  # noqa: F401  (the fixture: a booking made through the site)


def test_consultation_sweep_sends_an_invitation_held_back_by_an_outage(booked):  # noqa: F811
    Notice.objects.filter(booking=booked).update(
        status=Notice.Status.PENDING, attempts=1, next_attempt_at=timezone.now()
    )
    held_back = Notice.objects.filter(booking=booked).count()
    mail.outbox.clear()
    out = io.StringIO()
    call_command("consultation_sweep", stdout=out)
    # the held-back emails, and the reminder when the meeting is within a day
    queued = int(
        re.fullmatch(r"Consultations: (\d+) email\(s\) queued\.", out.getvalue().strip())[1]
    )
    assert held_back >= 1 and queued >= held_back
    assert len(mail.outbox) >= held_back
    sent = len(mail.outbox)
    again = io.StringIO()
    call_command("consultation_sweep", stdout=again)  # nothing is due twice
    assert again.getvalue().strip() == "Consultations: 0 email(s) queued."
    assert len(mail.outbox) == sent
