"""One way in for everyone (issue #13, holes 1 and 5): allauth's sign-in, with email verification
and brute-force limits. The Wagtail admin's own sign-in and password reset authenticate nobody and
send no email; a session without a verified address gets no student page, match or export."""

import re

import pytest
from allauth.account import app_settings as account_settings
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.cache import cache

from editorial.roles import setup_roles
from inbox.models import Message
from students.models import Assignment, Student
from tests.factories import UserFactory

PASSWORD = "correct-horse-battery"  # tests.factories.UserFactory's password
SIGNUP = {
    "email": "victim@students.example.edu",
    "password1": "a-long-unusual-passphrase-42",
    "password2": "a-long-unusual-passphrase-42",
    "name": "Not The Owner",
    "preferred_name": "",
    "level": "Year 1",
}


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """allauth keeps its counters in the default cache (local memory here, shared by the whole
    run): each test starts and ends with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def coordinator(librarians):
    """A coordinator who signs in with a verified address."""
    _, coordinator_group = setup_roles()
    user = UserFactory(email="cora.ordinator@library.example.edu")
    user.groups.add(coordinator_group)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def signed_in(client):
    return "_auth_user_id" in client.session


def key_limit(action):
    """The per-address amount in allauth's limit for ``action`` (``ACCOUNT_RATE_LIMITS`` over
    allauth's defaults), e.g. 5 in "20/m/ip,5/h/key"."""
    rates = [rate.strip().split("/") for rate in account_settings.RATE_LIMITS[action].split(",")]
    return next(int(parts[0]) for parts in rates if len(parts) == 3 and parts[2] == "key")


def test_hole1_admin_login_cannot_bypass_email_verification(client, librarians, science):
    Message.objects.create(
        sender_name="The Real Owner",
        sender_email=SIGNUP["email"],
        subject="My dissertation",
        body="Private question from the real owner of the address.",
        liaison=librarians["ada"],
    )
    # An outsider signs up with an address they do not own; the verification link goes unread.
    response = client.post("/accounts/signup/", {**SIGNUP, "programme": science["chem"].pk})
    assert response.status_code == 302
    assert not signed_in(client)

    # The Wagtail admin's sign-in page takes the same password, and signs nobody in.
    response = client.post(
        "/admin/login/",
        {"username": SIGNUP["email"], "password": SIGNUP["password1"], "next": "/my-librarian/"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fmy-librarian%2F"
    assert not signed_in(client)

    # allauth's sign-in (the one way in) asks for the verification instead.
    response = client.post(
        "/accounts/login/", {"login": SIGNUP["email"], "password": SIGNUP["password1"]}
    )
    assert response["Location"] == "/accounts/confirm-email/"
    assert not signed_in(client)

    assert client.get("/my-librarian/")["Location"].startswith("/accounts/login/")
    export = client.get("/my-librarian/my-data.json")
    assert export.status_code == 302 and b"dissertation" not in export.content
    assert not Assignment.objects.exists()


def test_hole1_unverified_account_with_a_session_gets_no_student_page_match_or_export(
    client, make_student, librarians
):
    student = make_student("victim@students.example.edu", verified=False)
    Message.objects.create(
        sender_name="The Real Owner",
        sender_email="victim@students.example.edu",
        subject="My dissertation",
        body="Private question from the real owner of the address.",
        liaison=librarians["ada"],
    )
    client.force_login(student.user)  # a session from anywhere but a verified sign-in

    for url in ("/my-librarian/", "/my-librarian/my-data.json", "/my-librarian/profile/"):
        response = client.get(url)
        assert response.status_code == 403, url
        page = response.content.decode()
        assert "Confirm your email address" in page, url
        assert "dissertation" not in page and "Ada Lovelace" not in page, url
    response = client.post(
        "/my-librarian/profile/",
        {"name": "Not The Owner", "programme": student.programme_id, "level": "Year 2"},
    )
    assert response.status_code == 403
    assert not Assignment.objects.exists()
    assert Student.objects.get().level != "Year 2"
    # the verification link is sent (again) to the address, whose owner decides
    assert mail.outbox and mail.outbox[-1].to == ["victim@students.example.edu"]
    assert re.search(r"/accounts/confirm-email/\S+/", mail.outbox[-1].body)


def test_hole1_the_admin_sends_people_to_allauth_and_staff_land_back_in_the_admin(
    client, coordinator
):
    response = client.get("/admin/pages/")
    assert response["Location"] == "/accounts/login/?next=/admin/pages/"
    response = client.get("/admin/login/?next=/admin/pages/")
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2Fpages%2F"

    response = client.post(
        "/accounts/login/",
        {"login": coordinator.email, "password": PASSWORD, "next": "/admin/pages/"},
    )
    assert response["Location"] == "/admin/pages/"
    assert signed_in(client)
    # A coordinator then sets up two-factor sign-in before the admin opens (tests/twofactor/).
    assert client.get("/admin/")["Location"] == "/accounts/2fa/"

    client.logout()
    response = client.post("/accounts/login/", {"login": coordinator.email, "password": PASSWORD})
    assert response["Location"] == "/admin/"  # the adapter's own choice without a `next`


def test_admin_login_passes_a_foreign_next_on_for_allauth_to_refuse(client, coordinator):
    response = client.post("/admin/login/", {"next": "https://evil.example/"})
    assert response["Location"] == "/accounts/login/?next=https%3A%2F%2Fevil.example%2F"
    response = client.post(response["Location"], {"login": coordinator.email, "password": PASSWORD})
    assert response["Location"] == "/admin/"
    assert client.get("/admin/login/?next=%00").status_code == 400


def test_hole1_a_signed_in_student_sent_to_the_admin_ends_on_their_own_page(
    client, make_student, librarians
):
    client.force_login(make_student().user)
    response = client.get("/admin/", follow=True)  # a redirect loop would raise here
    assert response.redirect_chain[-1][0] == "/my-librarian/"
    assert response.status_code == 200
    assert "You do not have permission to access the admin." in response.content.decode()

    client.logout()
    response = client.post(
        "/accounts/login/",
        {"login": "sam@students.example.edu", "password": PASSWORD, "next": "/admin/"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == "/my-librarian/"


def test_hole5_admin_password_reset_sends_no_email(client, coordinator):
    for _ in range(9):
        response = client.post("/admin/password_reset/", {"email": coordinator.email})
        assert response.status_code == 404
    assert mail.outbox == []


def test_hole5_password_reset_emails_are_limited(client, coordinator):
    limit = key_limit("reset_password")
    assert limit < 9
    statuses = [
        client.post("/admin/password_reset/", {"email": coordinator.email}).status_code
        for _ in range(9)
    ] + [
        client.post("/accounts/password/reset/", {"email": coordinator.email}).status_code
        for _ in range(9)
    ]
    resets = [m for m in mail.outbox if m.to == [coordinator.email]]
    assert len(resets) == limit, [m.subject for m in resets]
    assert statuses.count(429) == 9 - limit


def test_hole5_wrong_passwords_lock_the_account_even_for_the_right_password(client, coordinator):
    limit = key_limit("login_failed")
    for n in range(limit):
        for path, field in (("/admin/login/", "username"), ("/accounts/login/", "login")):
            client.post(path, {field: coordinator.email, "password": f"guess-{n}"})
    assert not signed_in(client)

    response = client.post("/admin/login/", {"username": coordinator.email, "password": PASSWORD})
    assert response["Location"] == "/accounts/login/"
    assert not signed_in(client)
    response = client.post("/accounts/login/", {"login": coordinator.email, "password": PASSWORD})
    assert response.status_code == 200
    assert "Too many failed login attempts" in response.content.decode()
    assert not signed_in(client)
