"""Hostile input to every outreach surface: the unsubscribe URL, the preferences form, the
campaign and adaptation forms and the preview; and a crawl of what a signed-in student reaches.
"No 500" is asserted by the test client, which re-raises any exception a view lets escape."""

from urllib.parse import quote

from django.urls import reverse
from hypothesis import example, given

from outreach.models import Campaign, Subscription
from tests.hardening.crawl import ODD_URLS, crawl
from tests.hardening.test_fuzz import HOSTILE_TEXT, HTTP_EXAMPLES

from .conftest import make_campaign


@HTTP_EXAMPLES
@given(token=HOSTILE_TEXT)
def test_unsubscribe_any_token_is_a_4xx_and_unsubscribes_nobody(world, client, token):
    Subscription.objects.get_or_create(student=world["sam"])
    response = client.post("/outreach/unsubscribe/" + quote(token, safe="") + "/")
    assert response.status_code in (400, 404, 405)
    assert not Subscription.objects.filter(unsubscribed_at__isnull=False).exists()


@HTTP_EXAMPLES
@given(frequency=HOSTILE_TEXT, outreach=HOSTILE_TEXT)
def test_preferences_any_input_is_saved_or_refused_clearly(world, client, frequency, outreach):
    client.force_login(world["sam"].user)
    response = client.post(
        reverse("outreach:preferences"), {"digest_frequency": frequency, "outreach": outreach}
    )
    assert response.status_code in (302, 400)
    sub = Subscription.objects.get(student=world["sam"])
    assert sub.digest_frequency in Subscription.Frequency.values


@HTTP_EXAMPLES
@given(title=HOSTILE_TEXT, subject=HOSTILE_TEXT, body=HOSTILE_TEXT, days=HOSTILE_TEXT)
@example(title="", subject="", body="Infinity", days="")  # JSON, but not the editor's object
def test_campaign_form_any_input_never_fails_and_previews_clean(
    world, client, title, subject, body, days
):
    client.force_login(world["ada"].user)
    before = set(Campaign.objects.values_list("pk", flat=True))
    response = client.post(
        reverse("outreach_campaign:add"),
        {
            "kind": "message",
            "title": title,
            "subject": subject,
            "body": body,
            "timing": "now",
            "matched_within_days": days,
            "term_week": days,
            "time_of_day": days,
        },
    )
    assert response.status_code in (200, 302, 400)
    for campaign in Campaign.objects.exclude(pk__in=before):
        page = client.get(reverse("outreach_campaign:send", args=[campaign.pk]))
        assert page.status_code == 200
        preview = page.content.decode().split('class="outreach-preview"', 1)[-1]
        assert "<script>alert" not in preview


@HTTP_EXAMPLES
@given(student=HOSTILE_TEXT, action=HOSTILE_TEXT)
def test_send_page_any_query_or_action_is_not_an_error(world, client, student, action):
    campaign = make_campaign(liaison=world["ada"])
    client.force_login(world["ada"].user)
    url = reverse("outreach_campaign:send", args=[campaign.pk])
    # a NUL anywhere in a request is refused up front (ops.middleware): 400
    assert client.get(url, {"student": student}).status_code in (200, 400)
    response = client.post(url, {"action": action, "student": student})
    assert response.status_code in (302, 400, 403)


@HTTP_EXAMPLES
@given(campaign=HOSTILE_TEXT)
def test_adaptation_add_any_campaign_parameter(world, client, campaign):
    client.force_login(world["ada"].user)
    response = client.get(reverse("outreach_adaptation:add"), {"campaign": campaign})
    assert response.status_code in (200, 400)


def test_crawl_signed_in_student_reaches_preferences_without_errors(world, client):
    client.force_login(world["sam"].user)
    statuses = crawl(client, start="/my-librarian/")
    assert statuses.get("/outreach/preferences/") == 200
    assert {p: s for p, s in statuses.items() if s >= 500} == {}
    client.raise_request_exception = False
    for url in ODD_URLS:
        if url.startswith("/outreach/"):
            assert client.get(url).status_code < 500, url
