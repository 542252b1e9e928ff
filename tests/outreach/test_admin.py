"""Outreach in the admin over HTTP: a coordinator writes, previews, test-sends, schedules and
cancels; a liaison adapts a programme-wide campaign and writes to their own students."""

import datetime

from django.core import mail
from django.test import TestCase
from django.urls import reverse

from outreach.models import Adaptation, Campaign, Send, Term

from .conftest import make_campaign

BODY = '{"blocks":[{"key":"a","text":"Hi {{ preferred_name }}","type":"unstyled","depth":0,"inlineStyleRanges":[],"entityRanges":[]}],"entityMap":{}}'


def campaign_post(**overrides):
    data = {
        "kind": "campaign",
        "title": "Week 2 hello",
        "subject": "Hello {{ preferred_name }}",
        "body": BODY,
        "timing": "term",
        "term_kind": "autumn",
        "term_week": "2",
        "weekday": "1",
        "time_of_day": "10:00",
        "send_at": "",
        "matched_within_days": "",
    }
    data.update(overrides)
    return data


def test_coordinator_writes_a_week_two_campaign_and_schedules_it(world, client):
    Term.objects.create(
        name="Autumn 2099",
        kind="autumn",
        start=datetime.date(2099, 9, 28),
        end=datetime.date(2099, 12, 18),
    )
    client.force_login(world["coordinator"])
    response = client.post(reverse("outreach_campaign:add"), campaign_post())
    assert response.status_code == 302, response.content.decode()[:3000]
    campaign = Campaign.objects.get()
    assert campaign.liaison is None and campaign.created_by == world["coordinator"]
    send_url = reverse("outreach_campaign:send", args=[campaign.pk])
    response = client.get(send_url)
    assert response.status_code == 200
    assert b"Hi Ria" in response.content or b"Hi Sam" in response.content
    client.post(send_url, {"action": "schedule"})
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.SCHEDULED
    assert campaign.scheduled_for == datetime.datetime(2099, 10, 6, 10, 0, tzinfo=datetime.UTC)
    assert mail.outbox == []
    client.post(send_url, {"action": "cancel"})
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.CANCELLED


def test_coordinator_unknown_merge_field_is_a_form_error(world, client):
    client.force_login(world["coordinator"])
    response = client.post(
        reverse("outreach_campaign:add"), campaign_post(subject="Hi {{ password }}")
    )
    assert response.status_code == 200
    assert b"Unknown merge field: password" in response.content
    assert not Campaign.objects.exists()


def test_preview_with_a_chosen_student_and_test_send_to_oneself(world, client):
    campaign = make_campaign()
    client.force_login(world["coordinator"])
    url = reverse("outreach_campaign:send", args=[campaign.pk])
    response = client.get(url, {"student": world["tom"].pk})
    assert b"Dear Tom Tan, I am Ben Okafor, the librarian for MA History." in response.content
    client.post(url, {"action": "test", "student": world["tom"].pk})
    assert [m.to for m in mail.outbox] == [["coordinator@library.example.edu"]]
    assert mail.outbox[0].subject == "[Test] Hello Tom Tan"
    assert not Send.objects.exists()


def test_send_now_from_the_admin(world, client):
    campaign = make_campaign()
    client.force_login(world["coordinator"])
    url = reverse("outreach_campaign:send", args=[campaign.pk])
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(url, {"action": "schedule"})
    assert len(mail.outbox) == 4
    response = client.get(reverse("outreach_campaign:index"))
    assert b"0 / 4 / 0 / 0" in response.content


def test_liaison_adapts_a_programme_wide_campaign(world, client):
    campaign = make_campaign()
    client.force_login(world["ada"].user)
    response = client.get(reverse("outreach_adaptation:add") + f"?campaign={campaign.pk}")
    assert response.status_code == 200
    response = client.post(
        reverse("outreach_adaptation:add"),
        {"campaign": campaign.pk, "subject": "Ada says hi", "body": BODY},
    )
    assert response.status_code == 302
    adaptation = Adaptation.objects.get()
    assert adaptation.liaison == world["ada"]
    response = client.get(
        reverse("outreach_campaign:send", args=[campaign.pk]), {"student": world["sam"].pk}
    )
    assert b"Ada says hi" in response.content
    assert b"Hi Sam" in response.content  # her wording of the body, not the original's
    assert b"Dear Sam" not in response.content


def test_liaison_writes_a_one_off_message_to_their_own_students(world, client):
    client.force_login(world["ada"].user)
    response = client.post(
        reverse("outreach_campaign:add"),
        campaign_post(kind="message", timing="now", liaison=world["ben"].pk),
    )
    assert response.status_code == 302
    campaign = Campaign.objects.get()
    assert campaign.liaison == world["ada"]  # never someone else's, whatever was posted
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(reverse("outreach_campaign:send", args=[campaign.pk]), {"action": "schedule"})
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [world["sam"].user.email, world["ria"].user.email]
    )


def test_liaison_cannot_write_a_programme_wide_campaign(world, client):
    client.force_login(world["ada"].user)
    client.post(reverse("outreach_campaign:add"), campaign_post(kind="campaign"))
    assert not Campaign.objects.filter(liaison__isnull=True).exists()


def test_campaign_body_that_is_not_the_editors_format_is_a_form_error(world, client):
    client.force_login(world["coordinator"])
    response = client.post(reverse("outreach_campaign:add"), campaign_post(body="{not json"))
    assert response.status_code == 200
    assert b"This field is required" in response.content
    assert not Campaign.objects.exists()
