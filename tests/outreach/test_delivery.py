"""Sending a campaign: exactly once per recipient, in batches, with retries, after a crash."""

import datetime
from collections import Counter

import pytest
from django.core import mail
from django.utils import timezone

from outreach import delivery, services
from outreach.models import Campaign, Send, Subscription, Term

from .backends import DiesAfterBackend, FlakyBackend, WorkerKilled
from .conftest import make_campaign

DIES = "tests.outreach.backends.DiesAfterBackend"
FLAKY = "tests.outreach.backends.FlakyBackend"


def recipients_of(outbox):
    return Counter(message.to[0] for message in outbox)


def start_now(campaign):
    campaign.refresh_from_db()
    services.schedule(campaign)
    return services.start(campaign.pk)


def test_send_now_reaches_every_student_once_from_their_own_librarian(world):
    campaign = make_campaign()
    assert start_now(campaign) == 4
    assert recipients_of(mail.outbox) == {
        world[n].user.email: 1 for n in ("sam", "ria", "tom", "una")
    }
    by_to = {m.to[0]: m for m in mail.outbox}
    sam = by_to[world["sam"].user.email]
    assert sam.subject == "Hello Sam"
    assert sam.reply_to == ["ada.byrne@library.example.edu"]
    assert "Ada Byrne" in sam.from_email
    assert by_to[world["tom"].user.email].reply_to == ["ben.okafor@library.example.edu"]
    html = sam.alternatives[0][0]
    assert "Dear Sam, I am Ada Byrne, the librarian for BSc Chemistry." in html
    assert "Book a consultation with Ada Byrne" in html
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.SENT
    assert set(Send.objects.values_list("status", flat=True)) == {Send.Status.SENT}


def test_send_every_outreach_email_has_one_click_unsubscribe_headers(world):
    start_now(make_campaign())
    for message in mail.outbox:
        token = Subscription.objects.get(student__user__email=message.to[0]).token
        url = f"http://testserver/outreach/unsubscribe/{token}/"
        assert message.extra_headers["List-Unsubscribe"] == f"<{url}>"
        assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert url in message.body
        assert url in message.alternatives[0][0]


def test_send_liaison_adaptation_is_used_for_that_liaisons_students_only(world):
    campaign = make_campaign()
    campaign.adaptations.create(
        liaison=world["ada"], subject="From Ada: {{ preferred_name }}", body="<p>Ada's words</p>"
    )
    start_now(campaign)
    by_to = {m.to[0]: m for m in mail.outbox}
    assert by_to[world["sam"].user.email].subject == "From Ada: Sam"
    assert "Ada's words" in by_to[world["ria"].user.email].body
    assert by_to[world["tom"].user.email].subject.startswith("Hello")


def test_send_skips_unsubscribed_students_and_counts_them(world):
    Subscription.objects.create(student=world["tom"], unsubscribed_at=timezone.now())
    campaign = make_campaign()
    start_now(campaign)
    assert world["tom"].user.email not in recipients_of(mail.outbox)
    assert delivery.progress([campaign.pk])[campaign.pk] == {"sent": 3, "unsubscribed": 1}


def test_send_unsubscribing_after_queueing_is_honoured_at_once(world, settings):
    settings.OUTREACH_BATCH_SIZE = 1
    campaign = make_campaign()
    campaign.refresh_from_db()
    services.schedule(campaign)
    Campaign.objects.filter(pk=campaign.pk).update(status=Campaign.Status.SENDING)
    services.queue_recipients(campaign)
    delivery.send_batch(campaign.pk)  # one sent
    for name in ("ria", "tom", "una"):  # each through the link in an earlier email
        Subscription.objects.update_or_create(
            student=world[name], defaults={"unsubscribed_at": timezone.now()}
        )
    while delivery.send_batch(campaign.pk):
        pass
    assert len(mail.outbox) == 1


def test_send_a_worker_killed_mid_campaign_and_restarted_sends_each_once(world, settings):
    """The worker dies after two emails; on restart (past the lease) the rest go, none twice."""
    settings.EMAIL_BACKEND = DIES
    DiesAfterBackend.budget = 2
    campaign = make_campaign()
    Campaign.objects.filter(pk=campaign.pk).update(status=Campaign.Status.SENDING)
    services.queue_recipients(campaign)
    with pytest.raises(WorkerKilled):
        delivery.send_batch(campaign.pk)  # what the worker runs, killed on the third email
    assert len(mail.outbox) == 2
    assert Send.objects.filter(status=Send.Status.SENDING).count() == 2

    # a restart before the lease has passed does not touch rows another worker may hold
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    services.sweep()
    assert len(mail.outbox) == 2

    later = timezone.now() + datetime.timedelta(hours=1)
    services.sweep(now=later)
    assert recipients_of(mail.outbox) == {
        world[n].user.email: 1 for n in ("sam", "ria", "tom", "una")
    }
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.SENT


def test_send_a_row_is_claimed_by_one_worker_only(world):
    campaign = make_campaign()
    Campaign.objects.filter(pk=campaign.pk).update(status=Campaign.Status.SENDING)
    services.queue_recipients(campaign)
    now = timezone.now()
    first = delivery.claim_batch(campaign.pk, 3, now)
    second = delivery.claim_batch(campaign.pk, 3, now)
    assert len(first) == 3 and len(second) == 1
    assert not {s.pk for s in first} & {s.pk for s in second}


def test_send_failures_are_retried_with_backoff_then_given_up(world, settings):
    settings.EMAIL_BACKEND = FLAKY
    settings.OUTREACH_MAX_ATTEMPTS = 2
    FlakyBackend.failures = 100
    campaign = make_campaign(liaison=world["ada"])
    start_now(campaign)
    assert Send.objects.filter(status=Send.Status.QUEUED).exclude(next_attempt_at=None).count() == 2
    FlakyBackend.failures = 1  # one more failure, then the server is back
    delivery.send_batch(campaign.pk, now=timezone.now() + datetime.timedelta(hours=2))
    statuses = Counter(Send.objects.values_list("status", flat=True))
    assert statuses == {Send.Status.FAILED: 1, Send.Status.SENT: 1}
    assert len(mail.outbox) == 1


def test_send_batches_keep_to_the_batch_size(world, settings):
    settings.OUTREACH_BATCH_SIZE = 3
    campaign = make_campaign()
    Campaign.objects.filter(pk=campaign.pk).update(status=Campaign.Status.SENDING)
    services.queue_recipients(campaign)
    assert delivery.send_batch(campaign.pk) == 3
    assert len(mail.outbox) == 3
    assert delivery.send_batch(campaign.pk) == 1


def test_send_a_student_reassigned_after_queueing_never_gets_the_old_liaisons_campaign(world):
    from students.models import Assignment

    from .conftest import assign

    campaign = make_campaign(liaison=world["ada"])
    Campaign.objects.filter(pk=campaign.pk).update(status=Campaign.Status.SENDING)
    services.queue_recipients(campaign)
    Assignment.objects.filter(student=world["ria"]).update(ended_at=timezone.now())
    assign(world["ria"], world["ben"])
    delivery.send_batch(campaign.pk)
    assert recipients_of(mail.outbox) == {world["sam"].user.email: 1}


def test_cancel_before_sending_sends_nothing(world):
    campaign = make_campaign(timing=Campaign.Timing.AT)
    campaign.send_at = timezone.now() + datetime.timedelta(days=1)
    campaign.save()
    assert services.schedule(campaign) == campaign.send_at
    assert services.cancel(campaign)
    services.sweep(now=timezone.now() + datetime.timedelta(days=2))
    assert mail.outbox == []
    assert not Send.objects.exists()


def test_schedule_week_two_of_autumn_resolves_against_the_calendar(world):
    Term.objects.create(
        name="Autumn 2099",
        kind="autumn",
        start=datetime.date(2099, 9, 28),
        end=datetime.date(2099, 12, 18),
    )
    campaign = make_campaign(
        timing=Campaign.Timing.TERM,
        term_kind="autumn",
        term_week=2,
        weekday=Campaign.Weekday.TUESDAY,
        time_of_day=datetime.time(10, 0),
    )
    when = services.schedule(campaign)
    assert when == datetime.datetime(2099, 10, 6, 10, 0, tzinfo=datetime.UTC)
    services.sweep(now=when - datetime.timedelta(minutes=1))
    assert mail.outbox == []
    services.sweep(now=when)
    assert len(mail.outbox) == 4


def test_schedule_without_a_term_in_the_calendar_stays_a_draft(world):
    campaign = make_campaign(
        timing=Campaign.Timing.TERM,
        term_kind="summer",
        term_week=1,
        weekday=0,
        time_of_day=datetime.time(9),
    )
    assert services.schedule(campaign) is None
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.DRAFT


def test_digest_follows_each_students_frequency(world):
    now = timezone.now()
    Subscription.objects.create(student=world["sam"], digest_frequency="never")
    Subscription.objects.create(
        student=world["ria"],
        digest_frequency="monthly",
        last_digest_at=now - datetime.timedelta(days=8),
    )
    Subscription.objects.create(
        student=world["tom"],
        digest_frequency="weekly",
        last_digest_at=now - datetime.timedelta(days=8),
    )
    post = world["site"]["news"]  # any live page stands in for a post
    campaign = make_campaign(kind=Campaign.Kind.DIGEST, body="<p>New this week</p>")
    campaign.pages.set([post])
    start_now(campaign)
    assert recipients_of(mail.outbox) == {world["tom"].user.email: 1, world["una"].user.email: 1}
    assert post.title in mail.outbox[0].body
    assert Subscription.objects.get(student=world["tom"]).last_digest_at is not None
