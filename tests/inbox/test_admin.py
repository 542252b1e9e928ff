"""The inbox in the admin, over HTTP: who sees, changes, reassigns, resends and exports what."""

import pytest
from django.contrib.auth.models import Permission
from django.core import mail

from editorial.roles import setup_groups
from inbox.models import Delivery, Message
from tests.factories import MessageFactory, UserFactory

pytestmark = pytest.mark.django_db


def admin_access(user):
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user


@pytest.fixture
def ada_client(client, liaison):
    client.force_login(admin_access(liaison.user))
    return client


@pytest.fixture
def coordinator_client(client, db):
    user = admin_access(UserFactory(email="coord@library.example.edu"))
    user.groups.add(setup_groups()[1])  # the Coordinator group, as setup_roles makes it
    client.force_login(user)
    return client


@pytest.fixture
def ada_message(liaison):
    return MessageFactory(liaison=liaison, subject="For Ada", sender_group="MSc Chemistry")


@pytest.fixture
def ben_message(other_liaison):
    return MessageFactory(liaison=other_liaison, subject="For Ben", sender_group="BA History")


def test_inbox_liaison_lists_only_own_messages(ada_client, ada_message, ben_message):
    response = ada_client.get("/admin/inbox/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "For Ada" in html and "MSc Chemistry" in html
    assert "For Ben" not in html


def test_inbox_liaison_cannot_open_another_liaisons_message_by_url(ada_client, ben_message):
    for url in (
        f"/admin/inbox/edit/{ben_message.pk}/",
        f"/admin/inbox/history/{ben_message.pk}/",
        f"/admin/inbox/usage/{ben_message.pk}/",
    ):
        assert ada_client.get(url).status_code == 404, url
    ben_message.refresh_from_db()
    assert ben_message.status == "new"  # not even marked read


def test_inbox_liaison_cannot_change_another_liaisons_message(ada_client, ben_message):
    response = ada_client.post(f"/admin/inbox/edit/{ben_message.pk}/", {"status": "spam"})
    assert response.status_code == 404
    ben_message.refresh_from_db()
    assert ben_message.status == "new"


def refused(response):
    """Wagtail answers a permission denial with a redirect to the dashboard, or a 403."""
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == "/admin/"
    )


def test_inbox_liaison_cannot_add_delete_or_resend(ada_client, ada_message):
    assert refused(ada_client.get("/admin/inbox/new/"))
    assert refused(ada_client.post(f"/admin/inbox/delete/{ada_message.pk}/"))
    assert refused(ada_client.post(f"/admin/inbox/resend/{ada_message.pk}/"))
    assert Message.objects.filter(pk=ada_message.pk).exists()
    assert mail.outbox == []


def test_inbox_liaison_exports_their_own_inbox_only(ada_client, ada_message, ben_message):
    listing = ada_client.get("/admin/inbox/").content.decode()
    assert "export=csv" in listing  # the download is offered to them
    for kind in ("csv", "xlsx"):
        response = ada_client.get(f"/admin/inbox/?export={kind}")
        assert response.status_code == 200
        body = b"".join(response.streaming_content) if response.streaming else response.content
        if kind == "csv":
            text = body.decode()
            assert "For Ada" in text and "For Ben" not in text


def test_inbox_message_shows_the_senders_earlier_messages_to_this_liaison(
    ada_client, liaison, other_liaison
):
    earlier = MessageFactory(
        liaison=liaison, sender_email="noor@students.example.edu", subject="Spectra"
    )
    MessageFactory(
        liaison=other_liaison, sender_email="noor@students.example.edu", subject="For Ben only"
    )
    MessageFactory(liaison=liaison, sender_email="sam@students.example.edu", subject="Someone else")
    current = MessageFactory(
        liaison=liaison, sender_email="noor@students.example.edu", subject="Follow-up"
    )
    page = ada_client.get(f"/admin/inbox/edit/{current.pk}/").content.decode()
    section = page.split("Earlier messages from this sender", 1)[1].split("</section>", 1)[0]
    assert "Spectra" in section and f"/admin/inbox/edit/{earlier.pk}/" in section
    assert "For Ben only" not in page  # another librarian's inbox stays theirs
    assert "Someone else" not in section


def test_inbox_opening_own_message_marks_it_read_and_shows_plain_text(ada_client, liaison):
    message = MessageFactory(
        liaison=liaison, body='Hi <a href="http://evil.example">click</a>\nSecond line'
    )
    response = ada_client.get(f"/admin/inbox/edit/{message.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "&lt;a href=&quot;http://evil.example&quot;&gt;click&lt;/a&gt;<br>Second line" in html
    assert '<a href="http://evil.example">' not in html
    assert 'name="liaison"' not in html  # liaisons cannot reassign
    message.refresh_from_db()
    assert message.status == "read"


def test_inbox_liaison_updates_status_of_own_message(ada_client, ada_message, other_liaison):
    response = ada_client.post(
        f"/admin/inbox/edit/{ada_message.pk}/",
        {"status": "answered", "liaison": other_liaison.pk},
    )
    assert response.status_code == 302
    ada_message.refresh_from_db()
    assert ada_message.status == "answered"
    assert ada_message.liaison.title == "Ada Byrne"  # the liaison field was not accepted


def test_inbox_user_without_profile_or_group_is_refused(client, ada_message):
    client.force_login(admin_access(UserFactory(email="editor@library.example.edu")))
    assert refused(client.get("/admin/inbox/"))
    assert refused(client.get(f"/admin/inbox/edit/{ada_message.pk}/"))


def test_inbox_anonymous_is_sent_to_login(client, ada_message):
    response = client.get("/admin/inbox/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/admin/inbox/"


def test_inbox_coordinator_sees_all_and_reassigns(
    coordinator_client, ada_message, ben_message, other_liaison, django_capture_on_commit_callbacks
):
    html = coordinator_client.get("/admin/inbox/").content.decode()
    assert "For Ada" in html and "For Ben" in html
    page = coordinator_client.get(f"/admin/inbox/edit/{ada_message.pk}/").content.decode()
    assert 'name="liaison"' in page
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(
            f"/admin/inbox/edit/{ada_message.pk}/",
            {"status": "read", "liaison": other_liaison.pk},
        )
    assert response.status_code == 302
    ada_message.refresh_from_db()
    assert ada_message.liaison == other_liaison
    assert [m.to for m in mail.outbox] == [[other_liaison.email]]
    assert mail.outbox[0].reply_to == [ada_message.sender_email]


def test_inbox_coordinator_exports_csv_with_every_row(coordinator_client, ada_message, liaison):
    MessageFactory(liaison=liaison, subject='=HYPERLINK("http://x")', sender_group="BA History")
    response = coordinator_client.get("/admin/inbox/?export=csv")
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode()
    lines = body.strip().splitlines()
    assert lines[0].startswith("Received,Subject,Sender name,Sender email,Programme or department")
    assert len(lines) == 3
    assert "For Ada" in body and "MSc Chemistry" in body and "Ada Byrne" in body
    assert "'=HYPERLINK" in body  # a formula from a sender is neutralised


def test_inbox_coordinator_resends_failed_emails(
    coordinator_client, ada_message, liaison, django_capture_on_commit_callbacks
):
    Delivery.objects.create(message=ada_message, kind="notify", status="failed", attempts=5)
    Delivery.objects.create(message=ada_message, kind="ack", status="sent", attempts=1)
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(f"/admin/inbox/resend/{ada_message.pk}/")
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [[liaison.email]]
    assert ada_message.deliveries.get(kind="notify").status == "sent"


def test_inbox_shows_failed_delivery_in_listing(coordinator_client, ada_message):
    Delivery.objects.create(message=ada_message, kind="notify", status="failed", attempts=5)
    html = coordinator_client.get("/admin/inbox/").content.decode()
    assert "<strong>Failed</strong>" in html


def test_inbox_demand_by_group_counts_visible_messages(
    ada_client, ada_message, liaison, ben_message
):
    MessageFactory(liaison=liaison, sender_group="MSc Chemistry", status="answered")
    MessageFactory(liaison=liaison, sender_group="")
    html = ada_client.get("/admin/inbox/demand/").content.decode()
    assert "<td>MSc Chemistry</td><td>2</td><td>1</td>" in html
    assert "<td>Not given</td><td>1</td><td>1</td>" in html
    assert "BA History" not in html  # Ben's message is not Ada's to count
