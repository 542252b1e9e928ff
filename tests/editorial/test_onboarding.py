"""Adding liaisons (command and admin form), deactivating them, and review reminders."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse

from editorial.models import LiaisonDeactivation
from editorial.roles import COORDINATOR, LIAISON, setup_roles
from editorial.services import deactivate_liaison, send_review_reminders
from liaison_pages.models import LiaisonPage
from tests.factories import GuidePageFactory, LiaisonPageFactory, ProgrammeFactory, UserFactory

User = get_user_model()


@pytest.fixture
def add_liaison(django_capture_on_commit_callbacks):
    """Run the command; invitations go out once its transaction commits, so run those too."""

    def run(*args):
        with django_capture_on_commit_callbacks(execute=True):
            call_command("add_liaison", *args)

    return run


@pytest.fixture
def programmes(db):
    return [ProgrammeFactory(code="CHEM-BSC"), ProgrammeFactory(code="HIST-BA")]


def test_add_liaison_creates_user_profile_and_invitation(add_liaison, site_tree, programmes):
    add_liaison("Rosa.Diaz@library.example.edu", "Rosa Díaz", "--programmes", "chem-bsc")
    user = User.objects.get(email="rosa.diaz@library.example.edu")
    assert user.groups.filter(name=LIAISON).exists()
    assert not user.has_usable_password()
    page = LiaisonPage.objects.get(user=user)
    assert page.title == "Rosa Díaz"
    assert page.owner == user
    assert page.get_parent().pk == site_tree["librarians"].pk
    assert [p.code for p in page.programmes.all()] == ["CHEM-BSC"]
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["rosa.diaz@library.example.edu"]
    assert "/accounts/password/reset/key/" in mail.outbox[0].body


def test_add_liaison_invitation_link_sets_password(add_liaison, site_tree, client):
    add_liaison("new@library.example.edu", "New Person")
    link = next(w for w in mail.outbox[0].body.split() if "/password/reset/key/" in w)
    response = client.get(link, follow=True)
    assert response.status_code == 200
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else link
    response = client.post(
        form_url, {"password1": "a-long-new-password-42", "password2": "a-long-new-password-42"}
    )
    assert response.status_code == 302
    assert User.objects.get(email="new@library.example.edu").check_password(
        "a-long-new-password-42"
    )


def test_add_liaison_is_idempotent(add_liaison, site_tree, programmes):
    for _ in range(2):
        add_liaison("rosa@library.example.edu", "Rosa Díaz", "--programmes", "CHEM-BSC")
    assert User.objects.filter(email="rosa@library.example.edu").count() == 1
    assert LiaisonPage.objects.filter(user__email="rosa@library.example.edu").count() == 1
    assert len(mail.outbox) == 1  # no second invitation

    add_liaison("rosa@library.example.edu", "Rosa Díaz", "--programmes", "HIST-BA")
    page = LiaisonPage.objects.get(user__email="rosa@library.example.edu")
    assert sorted(p.code for p in page.programmes.all()) == ["CHEM-BSC", "HIST-BA"]


def test_add_liaison_bad_email_is_a_clear_error(add_liaison, site_tree):
    with pytest.raises(CommandError, match="'not-an-email' is not a valid email address"):
        add_liaison("not-an-email", "Someone")
    assert not User.objects.filter(username="not-an-email").exists()


def test_add_liaison_unknown_programmes_are_named(add_liaison, site_tree, programmes):
    with pytest.raises(CommandError, match=r"Unknown programme code\(s\): NOPE, ALSO-NOPE\."):
        add_liaison(
            "x@library.example.edu",
            "X Y",
            "--programmes",
            "CHEM-BSC",
            "NOPE",
            "ALSO-NOPE",
        )
    assert not User.objects.filter(email="x@library.example.edu").exists()
    assert len(mail.outbox) == 0


def test_add_liaison_admin_form_for_coordinators(
    site_tree, client, programmes, django_capture_on_commit_callbacks
):
    setup_roles()
    coordinator = UserFactory(email="coord@library.example.edu")
    coordinator.groups.add(*Group.objects.filter(name=COORDINATOR))
    client.force_login(coordinator)
    url = reverse("editorial:add_liaison")
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {
                "email": "ola@library.example.edu",
                "full_name": "Ola Nordmann",
                "programmes": [programmes[1].pk],
            },
            follow=True,
        )
    assert "Added Ola Nordmann" in response.content.decode()
    assert LiaisonPage.objects.get(user__email="ola@library.example.edu").programmes.count() == 1
    assert len(mail.outbox) == 1


def test_add_liaison_admin_form_denied_to_liaisons(site_tree, client):
    setup_roles()
    liaison = LiaisonPageFactory(parent=site_tree["librarians"])
    liaison.user.groups.add(*Group.objects.filter(name=LIAISON))
    client.force_login(liaison.user)
    response = client.post(
        reverse("editorial:add_liaison"), {"email": "sneaky@library.example.edu", "full_name": "S"}
    )
    assert response.status_code in (302, 403)
    assert not User.objects.filter(email="sneaky@library.example.edu").exists()


# --- existing accounts (issue #13, hole 2) ------------------------------------------------------

OUTSIDER = "rosa.diaz@library.example.edu"  # the documented staff pattern, not theirs


@pytest.fixture
def coordinator_client(site_tree, client):
    setup_roles()
    coordinator = UserFactory(email="coord@library.example.edu")
    coordinator.groups.add(*Group.objects.filter(name=COORDINATOR))
    client.force_login(coordinator)
    return client


def _sign_up(programme, email=OUTSIDER):
    """An outsider signs up on the public form with an address they do not own: the account
    exists, its address unverified, and they are signed in (their own client)."""
    from django.test import Client

    outsider = Client()
    response = outsider.post(
        "/accounts/signup/",
        {
            "email": email,
            "password1": "the-outsiders-own-passphrase",
            "password2": "the-outsiders-own-passphrase",
            "name": "Rosa Diaz",
            "level": "Year 1",
            "programme": programme.pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    mail.outbox.clear()  # the verification email (which the outsider never receives)
    return outsider, User.objects.get(email=email)


def _verify(user):
    from allauth.account.models import EmailAddress

    EmailAddress.objects.filter(user=user).update(verified=True)


def _add(client, programmes, capture, email=OUTSIDER):
    with capture(execute=True):
        return client.post(
            reverse("editorial:add_liaison"),
            {"email": email, "full_name": "Rosa Díaz", "programmes": [programmes[0].pk]},
            follow=True,
        )


def test_hole2_onboarding_never_grants_role_to_unverified_account(
    coordinator_client, programmes, django_capture_on_commit_callbacks
):
    outsider, account = _sign_up(programmes[0])

    response = _add(coordinator_client, programmes, django_capture_on_commit_callbacks)

    assert response.status_code == 200  # the form again, with the reason
    html = response.content.decode()
    assert f"{OUTSIDER} belongs to an existing account whose address has not been verified" in (
        html
    )
    assert "Nothing was changed" in html
    assert not account.groups.exists()
    assert not LiaisonPage.objects.filter(user=account).exists()
    assert mail.outbox == []  # no invitation either
    assert outsider.get("/admin/").status_code == 302  # still no way into the admin


def test_hole2_add_liaison_command_refuses_unverified_account(add_liaison, site_tree, programmes):
    _outsider, account = _sign_up(programmes[0])
    with pytest.raises(CommandError, match=f"{OUTSIDER} belongs to an existing account"):
        add_liaison(OUTSIDER, "Rosa Díaz")
    assert not account.groups.exists()
    assert account.check_password("the-outsiders-own-passphrase")
    assert mail.outbox == []


def test_hole2_onboarding_resets_password_and_invites_existing_verified_account(
    coordinator_client, programmes, django_capture_on_commit_callbacks
):
    former_student, account = _sign_up(programmes[0])
    _verify(account)
    assert former_student.login(username=OUTSIDER, password="the-outsiders-own-passphrase")
    assert former_student.get("/my-librarian/").status_code == 200  # signed in until now

    response = _add(coordinator_client, programmes, django_capture_on_commit_callbacks)

    html = response.content.decode()
    assert f"{OUTSIDER} already had an account (its address is verified)" in html
    assert "Its password was reset and every session on it ended." in html
    assert f"An invitation to choose a password is on its way to {OUTSIDER}." in html
    account.refresh_from_db()
    assert account.groups.filter(name=LIAISON).exists()
    assert not account.has_usable_password()
    assert [m.to for m in mail.outbox] == [[OUTSIDER]]
    assert "/accounts/password/reset/key/" in mail.outbox[0].body
    # the old password and the old session lead nowhere any more
    assert former_student.get("/my-librarian/").status_code == 302


def test_hole2_add_liaison_command_reports_reset_and_invitation(
    site_tree, programmes, django_capture_on_commit_callbacks
):
    from io import StringIO

    _outsider, account = _sign_up(programmes[0])
    _verify(account)
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("add_liaison", OUTSIDER, "Rosa Díaz", stdout=out)
    assert "its password was reset" in out.getvalue().lower()
    assert f"An invitation to choose a password is on its way to {OUTSIDER}." in out.getvalue()
    account.refresh_from_db()
    assert not account.has_usable_password()
    assert [m.to for m in mail.outbox] == [[OUTSIDER]]


def test_hole2_onboarding_adds_role_to_existing_staff_account_as_it_is(
    coordinator_client, programmes, django_capture_on_commit_callbacks
):
    """A coordinator's account (no allauth address row: made in the admin) may also become a
    liaison; it was vetted already, so its password stays."""
    colleague = UserFactory(email="casey.lee@library.example.edu")
    colleague.groups.add(*Group.objects.filter(name=COORDINATOR))

    response = _add(
        coordinator_client, programmes, django_capture_on_commit_callbacks, colleague.email
    )

    assert "existing staff account casey.lee@library.example.edu now also has the" in (
        response.content.decode()
    )
    colleague.refresh_from_db()
    assert colleague.groups.filter(name=LIAISON).exists()
    assert colleague.check_password("correct-horse-battery")
    assert LiaisonPage.objects.filter(user=colleague).exists()


@pytest.mark.postgres
def test_hole2_onboarding_never_takes_a_lookalike_account(add_liaison, site_tree):
    """PostgreSQL's UPPER() folds the dotless 'ı' of a domain anyone can register into 'I', so a
    case-insensitive lookup found the lookalike account (address verified by its owner) and gave
    it the role, with the invitation going to the lookalike address."""
    from allauth.account.models import EmailAddress

    lookalike = UserFactory(email="rosa.diaz@l\u0131brary.example.edu")
    EmailAddress.objects.create(user=lookalike, email=lookalike.email, verified=True, primary=True)

    add_liaison(OUTSIDER, "Rosa Díaz")

    assert not lookalike.groups.exists()
    assert lookalike.check_password("correct-horse-battery")
    real = User.objects.get(email=OUTSIDER)
    assert real.groups.filter(name=LIAISON).exists() and real.pk != lookalike.pk
    assert [m.to for m in mail.outbox] == [[OUTSIDER]]


# --- deactivation -------------------------------------------------------------------------------


def test_deactivate_liaison_keeps_pages_and_transfers_ownership(site_tree):
    setup_roles()
    leaving = LiaisonPageFactory(parent=site_tree["librarians"], title="Leaving Librarian")
    staying = LiaisonPageFactory(parent=site_tree["librarians"], title="Staying Librarian")
    leaving.user.groups.add(*Group.objects.filter(name=LIAISON))
    guide = GuidePageFactory(parent=site_tree["guides"], liaison=leaving)
    leaving.save_revision().publish()

    result = deactivate_liaison(leaving, transfer_to=staying)

    leaving.refresh_from_db()
    guide.refresh_from_db()
    assert not leaving.is_active and not leaving.accepting_students
    assert leaving.live and guide.live  # nothing unpublished
    assert guide.owner == staying.user and guide.liaison == staying
    assert result.pages_transferred == 1
    assert not leaving.user.groups.filter(name=LIAISON).exists()
    assert LiaisonDeactivation.objects.get(liaison=leaving).transferred_to == staying
    # re-publishing the profile's latest revision does not bring them back
    leaving.get_latest_revision().publish()
    leaving.refresh_from_db()
    assert not leaving.is_active


def test_deactivate_liaison_flags_students(site_tree):
    Assignment = pytest.importorskip("students.models").Assignment
    from students.models import Student

    leaving = LiaisonPageFactory(parent=site_tree["librarians"])
    student = Student.objects.create(
        user=UserFactory(email="s1@students.example.edu"), name="S One"
    )
    Assignment.objects.create(student=student, liaison=leaving, reason="test")

    result = deactivate_liaison(leaving)

    assert result.students_flagged == 1
    assert LiaisonDeactivation.objects.get(liaison=leaving).needs_rebalancing


def test_hole8_deactivation_moves_enquiry_forms_to_the_named_successor(
    site_tree, coordinator_client, django_capture_on_commit_callbacks
):
    """Through Liaisons → Deactivate: one librarian takes the guides, another the messages."""
    from inbox.models import Message
    from tests.factories import EnquiryFormPageFactory, EnquiryIndexPageFactory

    leaving = LiaisonPageFactory(parent=site_tree["librarians"], title="Leaving Librarian")
    pages_to = LiaisonPageFactory(parent=site_tree["librarians"], title="Pages Librarian")
    answers = LiaisonPageFactory(parent=site_tree["librarians"], title="Answering Librarian")
    enquiries = EnquiryIndexPageFactory(parent=site_tree["home"])
    form = EnquiryFormPageFactory(parent=enquiries, owner=leaving.user, liaison=leaving)
    form.save_revision().publish()

    response = coordinator_client.post(
        reverse("editorial:deactivate_liaison", args=[leaving.pk]),
        {"transfer_to": pages_to.pk, "successor": answers.pk},
        follow=True,
    )

    html = response.content.decode()
    assert "messages to them go to Answering Librarian" in html
    assert "1 enquiry form(s) now send to Answering Librarian" in html
    form.refresh_from_db()
    assert form.liaison == answers
    assert form.get_latest_revision().content["liaison"] == answers.pk  # a re-publish keeps it
    leaving.refresh_from_db()
    assert leaving.successor == answers and not leaving.is_active
    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.logout()
        coordinator_client.post(
            form.url,
            {"sender_name": "Pat Partner", "sender_email": "pat@partner.example.org"},
        )
    assert Message.objects.get().liaison == answers
    assert [m.to for m in mail.outbox if m.reply_to] == [[answers.email]]


# --- review reminders ---------------------------------------------------------------------------


def test_review_reminders_email_owners_of_overdue_guides(site_tree):
    owner = LiaisonPageFactory(parent=site_tree["librarians"], title="Guide Owner")
    old = datetime.date.today() - datetime.timedelta(days=400)
    GuidePageFactory(
        parent=site_tree["guides"], liaison=owner, title="Old guide", last_reviewed=old
    )
    GuidePageFactory(parent=site_tree["guides"], liaison=owner, title="Fresh guide")

    call_command("send_review_reminders")

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [owner.email]
    assert "Old guide" in message.body and "Fresh guide" not in message.body
    assert "/admin/pages/" in message.body


def test_review_reminders_dry_run_sends_nothing(site_tree):
    owner = LiaisonPageFactory(parent=site_tree["librarians"])
    old = datetime.date.today() - datetime.timedelta(days=400)
    GuidePageFactory(parent=site_tree["guides"], liaison=owner, last_reviewed=old)
    by_owner, _ = send_review_reminders(dry_run=True)
    assert list(by_owner) == [owner.email]
    assert mail.outbox == []
