"""Abuse protection: per-IP and per-email limits, a clear 429 page, earlier messages intact."""

from types import SimpleNamespace

import django_ratelimit.core
import pytest
from django.core.cache import cache
from django.test import RequestFactory

from inbox import ratelimit
from inbox.models import Message
from tests.factories import EnquiryFormPageFactory
from tests.inbox.conftest import contact_post, contact_url

LIMITS = {"ip": (3, 600), "email": (2, 600)}


@pytest.fixture(autouse=True)
def _frozen_clock(monkeypatch):
    """One instant for the whole test, so its submissions never straddle the end of a window."""
    monkeypatch.setattr(django_ratelimit.core, "time", SimpleNamespace(time=lambda: 1_800_000_100))


def test_check_rate_limit_allows_up_to_the_limit_then_reports_seconds_left(settings):
    settings.INBOX_RATE_LIMITS = {"ip": (3, 600)}
    request = RequestFactory().post("/", REMOTE_ADDR="10.0.0.9")
    results = [ratelimit.check_rate_limit(request, "") for _ in range(4)]
    assert [r.allowed for r in results] == [True, True, True, False]
    assert results[3].scope == "ip"
    assert 0 < results[3].retry_after <= 600


def test_check_rate_limit_starts_afresh_in_the_next_window(settings, monkeypatch):
    settings.INBOX_RATE_LIMITS = {"ip": (3, 600)}
    request = RequestFactory().post("/", REMOTE_ADDR="10.0.0.9")
    results = [ratelimit.check_rate_limit(request, "") for _ in range(4)]
    assert not results[3].allowed
    later = 1_800_000_100 + results[3].retry_after
    monkeypatch.setattr(django_ratelimit.core, "time", SimpleNamespace(time=lambda: later))
    assert ratelimit.check_rate_limit(request, "").allowed


def test_check_rate_limit_counts_ip_and_email_separately(settings):
    settings.INBOX_RATE_LIMITS = LIMITS
    request = RequestFactory().post("/", REMOTE_ADDR="10.0.0.1")
    first = [ratelimit.check_rate_limit(request, "A@x.org") for _ in range(2)]
    assert all(r.allowed for r in first)
    third = ratelimit.check_rate_limit(request, "a@X.org ")
    assert (third.allowed, third.scope) == (False, "email")  # same address, any case
    other = ratelimit.check_rate_limit(request, "b@x.org")
    assert (other.allowed, other.scope) == (False, "ip")  # 4th from this IP


def test_check_rate_limit_counts_in_the_shared_cache(settings):
    settings.INBOX_RATE_LIMITS = LIMITS
    request = RequestFactory().post("/", REMOTE_ADDR="10.0.0.1")
    results = [ratelimit.check_rate_limit(request, "a@x.org").allowed for _ in range(3)]
    assert results == [True, True, False]
    cache.clear()  # what every server counts in: the default cache (Redis with REDIS_URL)
    assert ratelimit.check_rate_limit(request, "a@x.org").allowed


def test_client_ip_ignores_forwarded_for_unless_behind_trusted_proxies(settings):
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9"
    )
    settings.TRUSTED_PROXY_COUNT = 0
    settings.INBOX_TRUST_X_FORWARDED_FOR = False
    assert ratelimit.client_ip(request) == "10.0.0.1"
    settings.TRUSTED_PROXY_COUNT = 1  # the client's own "6.6.6.6" is spoofable and ignored
    assert ratelimit.client_ip(request) == "203.0.113.9"
    settings.TRUSTED_PROXY_COUNT = 2
    assert ratelimit.client_ip(request) == "6.6.6.6"
    settings.TRUSTED_PROXY_COUNT = 3  # fewer entries than proxies: fall back to the peer
    assert ratelimit.client_ip(request) == "10.0.0.1"


@pytest.mark.django_db
def test_contact_form_rate_limit_shows_429_page_and_keeps_earlier_messages(
    client, liaison, settings
):
    settings.INBOX_RATE_LIMITS = LIMITS
    for i in range(2):
        response = client.post(contact_url(liaison), contact_post(subject=f"Question {i}"))
        assert response.status_code == 302
    response = client.post(
        contact_url(liaison), contact_post(subject="One too many", message="Keep <b>this</b> text")
    )
    assert response.status_code == 429
    retry_after = int(response["Retry-After"])
    assert 0 < retry_after <= 600
    html = response.content.decode()
    assert "Too many messages for now" in html
    assert "Please try again in" in html and "minute" in html
    assert "Messages you have already sent are safe" in html
    assert "Keep &lt;b&gt;this&lt;/b&gt; text" in html  # their unsent words, to copy, escaped
    assert sorted(Message.objects.values_list("subject", flat=True)) == ["Question 0", "Question 1"]


@pytest.mark.django_db
def test_rate_limit_per_ip_applies_across_addresses(client, liaison, settings):
    settings.INBOX_RATE_LIMITS = LIMITS
    codes = [
        client.post(
            contact_url(liaison), contact_post(email=f"p{i}@students.example.edu")
        ).status_code
        for i in range(4)
    ]
    assert codes == [302, 302, 302, 429]
    assert Message.objects.count() == 3


@pytest.mark.django_db
def test_enquiry_form_is_rate_limited_too(client, enquiries, liaison, settings):
    settings.INBOX_RATE_LIMITS = LIMITS
    page = EnquiryFormPageFactory(parent=enquiries, liaison=liaison)
    data = {"sender_name": "Ray", "sender_email": "ray@example.org", "contact_url": ""}
    codes = [client.post(page.url, data).status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    assert Message.objects.count() == 2
