"""One-click unsubscribe (RFC 8058) and the student's email preferences."""

from django.core import mail
from django.urls import reverse

from outreach import services
from outreach.models import Campaign, Subscription

from .conftest import make_campaign


def send_now(campaign):
    campaign.refresh_from_db()
    services.schedule(campaign)
    services.start(campaign.pk)


def token_of(student):
    return Subscription.objects.get_or_create(student=student)[0].token


def test_unsubscribe_one_click_post_stops_further_outreach(world, client):
    send_now(make_campaign())
    sam = world["sam"]
    url = (
        next(m for m in mail.outbox if m.to == [sam.user.email])
        .extra_headers["List-Unsubscribe"]
        .strip("<>")
    )
    # what a mail client sends: no session, no CSRF token, just the RFC 8058 body
    response = client.post(url.replace("http://testserver", ""), {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert Subscription.objects.get(student=sam).is_unsubscribed
    mail.outbox.clear()
    send_now(make_campaign(title="Before exams"))
    assert sam.user.email not in {m.to[0] for m in mail.outbox}
    assert len(mail.outbox) == 3


def test_unsubscribe_get_never_unsubscribes(world, client):
    token = token_of(world["sam"])
    response = client.get(reverse("outreach:unsubscribe", args=[token]))
    assert response.status_code == 200
    assert b"<form" in response.content and b"Unsubscribe</button>" in response.content
    assert not Subscription.objects.get(token=token).is_unsubscribed
    client.head(reverse("outreach:unsubscribe", args=[token]))
    assert not Subscription.objects.get(token=token).is_unsubscribed


def test_unsubscribe_confirm_button_works_with_csrf_checks_on(world):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    token = token_of(world["sam"])
    response = client.post(reverse("outreach:unsubscribe", args=[token]))
    assert response.status_code == 200
    assert b"You are unsubscribed" in response.content
    assert Subscription.objects.get(token=token).is_unsubscribed


def test_unsubscribe_unknown_or_malformed_token_is_a_404(world, client):
    token_of(world["sam"])
    for token in ("x" * 43, "a" * 19, "<script>", "%00" * 10, "a" * 65):
        assert client.post(f"/outreach/unsubscribe/{token}/").status_code in (400, 404)
    assert not Subscription.objects.filter(unsubscribed_at__isnull=False).exists()


def test_unsubscribe_other_methods_are_refused(world, client):
    url = reverse("outreach:unsubscribe", args=[token_of(world["sam"])])
    assert client.put(url).status_code == 405
    assert client.delete(url).status_code == 405


def test_unsubscribe_transactional_mail_still_arrives(world, client):
    """Replies and matching emails do not look at outreach preferences."""
    from students.tasks import send_welcome_emails

    token = token_of(world["sam"])
    client.post(reverse("outreach:unsubscribe", args=[token]))
    assignment = world["sam"].current_assignment()
    assert send_welcome_emails.call([assignment.pk]) == 1
    assert mail.outbox[-1].to == [world["sam"].user.email]


def test_preferences_student_chooses_digest_frequency(world, client):
    client.force_login(world["sam"].user)
    response = client.get(reverse("outreach:preferences"))
    assert response.status_code == 200
    response = client.post(
        reverse("outreach:preferences"), {"digest_frequency": "weekly", "outreach": "on"}
    )
    assert response.status_code == 302
    sub = Subscription.objects.get(student=world["sam"])
    assert sub.digest_frequency == "weekly" and not sub.is_unsubscribed
    client.post(reverse("outreach:preferences"), {"digest_frequency": "never"})
    sub.refresh_from_db()
    assert sub.digest_frequency == "never" and sub.is_unsubscribed


def test_preferences_bad_choice_is_a_form_error(world, client):
    client.force_login(world["sam"].user)
    response = client.post(reverse("outreach:preferences"), {"digest_frequency": "hourly"})
    assert response.status_code == 400
    assert b"Select a valid choice" in response.content


def test_preferences_need_a_sign_in(world, client):
    response = client.get(reverse("outreach:preferences"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_preferences_linked_from_my_librarian(world, client):
    client.force_login(world["sam"].user)
    response = client.get(reverse("students:my_librarian"))
    assert reverse("outreach:preferences").encode() in response.content


def test_unsubscribe_a_campaign_cancelled_is_not_resumed(world):
    campaign = make_campaign()
    services.cancel(campaign)
    services.sweep()
    assert mail.outbox == []
    assert Campaign.objects.get(pk=campaign.pk).status == Campaign.Status.CANCELLED
