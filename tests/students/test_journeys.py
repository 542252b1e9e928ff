"""Student journeys over HTTP: sign up, verify, see "my librarian"; privacy between students."""

import json
import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from inbox.models import Message
from students import services
from students.models import Assignment, Student

SIGNUP = {
    "email": "noor@students.example.edu",
    "password1": "a-long-unusual-passphrase-42",
    "password2": "a-long-unusual-passphrase-42",
    "name": "Noor Haddad",
    "preferred_name": "Noor",
    "level": "Year 1",
}


@pytest.fixture
def site_tree(shared_librarians):
    """The tree, the programmes and the three librarians are built once for the module
    (tests/students/conftest.py ``shared_librarians_rows``), each test in a savepoint inside it."""
    return shared_librarians["site_tree"]


@pytest.fixture
def science(shared_librarians):
    return shared_librarians["science"]


@pytest.fixture
def librarians(shared_librarians):
    return shared_librarians["librarians"]


def sign_up_and_verify(client, programme, django_capture_on_commit_callbacks, **extra):
    response = client.post("/accounts/signup/", {**SIGNUP, "programme": programme.pk, **extra})
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Assignment.objects.count() == 0  # no match before the address is proved
    link = re.search(r"http://\S+/accounts/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    path = link.split("testserver", 1)[1]
    assert client.get(path).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(path)
    return response


def test_signup_verify_and_see_my_librarian(
    client, librarians, science, django_capture_on_commit_callbacks
):
    response = sign_up_and_verify(client, science["chem"], django_capture_on_commit_callbacks)
    assert response["Location"] == "/my-librarian/"
    page = client.get("/my-librarian/").content.decode()
    assert "Hello, Noor" in page
    assert "Ada Lovelace" in page
    assert "Why this librarian: serves BSc Chemistry" in page
    assert 'value="Noor Haddad"' in page  # the contact form is prefilled
    student = Student.objects.get(user__email=SIGNUP["email"])
    assert student.current_assignment().liaison == librarians["ada"]
    welcome = mail.outbox[-1]
    assert welcome.to == [SIGNUP["email"]] and "Hello Noor," in welcome.body


def test_signup_form_requires_a_programme(client, librarians):
    response = client.post("/accounts/signup/", SIGNUP)
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not Student.objects.exists()


def test_signup_page_lists_programmes_with_labels(client, librarians):
    page = client.get("/accounts/signup/").content.decode()
    assert '<label for="id_programme">Programme' in page
    assert "BSc Chemistry (BSC-CHEM)" in page
    assert '<label for="id_programme_filter">' in page


def test_anonymous_visitor_is_sent_to_sign_in_with_the_public_lookup(client, site_tree):
    response = client.get("/my-librarian/", follow=True)
    assert response.redirect_chain[0][0].startswith("/accounts/login/?next=/my-librarian/")
    page = response.content.decode()
    assert 'href="/librarians/find/"' in page
    assert "Sign in to see your personal librarian." in page


def test_user_without_programme_is_asked_to_choose_one(
    client, librarians, science, django_user_model
):
    user = django_user_model.objects.create_user("sso", "sso@students.example.edu", "pw-123-abc!")
    # the university's identity provider vouches for the address (allauth records it verified)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    client.force_login(user)
    response = client.get("/my-librarian/")
    assert response["Location"] == "/my-librarian/profile/"
    response = client.post(
        "/my-librarian/profile/",
        {
            "name": "Sso User",
            "preferred_name": "",
            "programme": science["phys"].pk,
            "level": "Year 2",
        },
    )
    assert response.status_code == 302
    page = client.get("/my-librarian/").content.decode()
    assert "Marie Curie" in page


def test_profile_and_signup_use_one_programme_picker(client, make_student, librarians):
    """The same picker on both pages: the programme select with its type-to-narrow box right above
    it, and no separate search form elsewhere on the page."""
    signup = client.get("/accounts/signup/").content.decode()
    client.force_login(make_student().user)
    profile = client.get("/my-librarian/profile/").content.decode()
    for page in (signup, profile):
        box = page.index('data-filter-for="id_programme"')
        select = page.index('<select name="programme"')
        assert box < select
        assert page[box:select].count("<label") == 1  # only the programme's own label between
        assert "js/students.js" in page
        assert 'role="search" aria-label="Filter the programme list"' not in page
        assert "BSc Physics (BSC-PHYS)" in page and "BSc Chemistry (BSC-CHEM)" in page


def test_profile_programme_change_shows_new_librarian(client, make_student, librarians, science):
    student = make_student()
    client.force_login(student.user)
    client.get("/my-librarian/")
    response = client.post(
        "/my-librarian/profile/",
        {
            "name": "Sam Smith",
            "preferred_name": "Sammy",
            "programme": science["phys"].pk,
            "level": "Year 2",
        },
        follow=True,
    )
    page = response.content.decode()
    assert "Hello, Sammy" in page and "Marie Curie" in page
    assert "so is your librarian" in page


def test_my_librarian_contact_form_stores_a_message(client, make_student, librarians):
    from inbox.models import Message

    student = make_student(name="Sam Smith")
    client.force_login(student.user)
    client.get("/my-librarian/")
    response = client.post(
        "/my-librarian/",
        {
            "contact-name": "Sam Smith",
            "contact-email": student.user.email,
            "contact-subject": "Referencing",
            "contact-message": "How do I cite a dataset?",
            "contact-website": "",
        },
    )
    assert response.status_code == 302
    message = Message.objects.get()
    assert message.liaison == librarians["ada"]
    assert message.source == Message.Source.MY_LIBRARIAN
    # filed under the student's own programme, for the demand-by-group figures
    assert message.programme == student.programme
    assert message.sender_group == student.programme.name


def test_my_librarian_form_does_not_ask_for_the_programme(client, make_student, librarians):
    from inbox.models import Message
    from taxonomy.models import Programme

    student = make_student()
    other = Programme.objects.exclude(pk=student.programme_id).first()
    client.force_login(student.user)
    page = client.get("/my-librarian/").content.decode()
    assert 'name="contact-name"' in page
    assert 'name="contact-programme"' not in page
    # a crafted field cannot file the message under somebody else's programme
    client.post(
        "/my-librarian/",
        {
            "contact-name": "Sam",
            "contact-email": student.user.email,
            "contact-programme": other.pk,
            "contact-subject": "Loans",
            "contact-message": "How long can I keep a book?",
        },
    )
    assert Message.objects.get().programme == student.programme


def test_header_links_a_student_to_my_librarian_and_a_liaison_to_the_dashboard(
    client, make_student, librarians
):
    student = make_student()
    client.force_login(student.user)
    for url in ("/my-librarian/", "/"):
        page = client.get(url).content.decode()
        assert '<a href="/my-librarian/">My librarian</a>' in page, url
        assert '<a href="/admin/">Dashboard</a>' not in page, url
    client.force_login(librarians["ada"].user)
    page = client.get("/").content.decode()
    assert '<a href="/admin/">Dashboard</a>' in page


def test_invalid_contact_form_keeps_the_text(client, make_student, librarians):
    student = make_student()
    client.force_login(student.user)
    response = client.post("/my-librarian/", {"contact-message": "Half-written question"})
    assert response.status_code == 400
    assert "Half-written question" in response.content.decode()


def test_second_student_cannot_see_the_first_students_data(client, make_student, librarians):
    first = make_student("first@students.example.edu", name="First Person", level="Year 3")
    second = make_student("second@students.example.edu", name="Second Person")
    client.force_login(first.user)
    client.get("/my-librarian/")
    client.force_login(second.user)
    page = client.get("/my-librarian/").content.decode()
    assert "Second Person" in page and "first@students.example.edu" not in page
    data = json.loads(client.get("/my-librarian/my-data.json").content)
    assert data["account"]["email"] == "second@students.example.edu"
    assert "first@students.example.edu" not in json.dumps(data)
    assert client.get("/admin/").status_code == 302  # students have no admin access


def test_download_data_is_a_json_attachment(client, make_student, librarians):
    student = make_student(preferred_name="Sam")
    client.force_login(student.user)
    client.get("/my-librarian/")
    response = client.get("/my-librarian/my-data.json")
    assert response["Content-Disposition"] == 'attachment; filename="my-library-data.json"'
    data = json.loads(response.content)
    assert data["profile"]["preferred_name"] == "Sam"
    assert data["assignments"][0]["librarian"] == "Ada Lovelace"


def test_delete_account_keeps_anonymous_history(client, make_student, librarians):
    student = make_student()
    client.force_login(student.user)
    client.get("/my-librarian/")
    assert client.post("/my-librarian/delete/", {}).status_code == 400
    response = client.post("/my-librarian/delete/", {"confirm": "on"})
    assert response.status_code == 302
    assert not Student.objects.exists()
    history = Assignment.objects.get()
    assert history.student is None and history.liaison == librarians["ada"]
    assert client.get("/my-librarian/").status_code == 302  # signed out


def test_switch_request_is_recorded(client, make_student, librarians):
    student = make_student()
    client.force_login(student.user)
    client.get("/my-librarian/")
    response = client.post(
        "/my-librarian/switch/", {"reason": "I study mostly online."}, follow=True
    )
    assert "a coordinator will look at your request" in response.content.decode()
    assert student.switch_requests.get().reason == "I study mostly online."
    assert "is waiting for a coordinator" in response.content.decode()


def test_public_pages_and_feeds_show_no_student_data(client, make_student, librarians):
    student = make_student("private.person@students.example.edu", name="Private Person")
    client.force_login(student.user)
    client.get("/my-librarian/")  # matched to Ada
    client.logout()
    for url in (
        librarians["ada"].url,
        "/librarians/",
        "/librarians/find/?programme=BSC-CHEM",
        "/news/feed/",
        "/search/?q=Private",
    ):
        response = client.get(url)
        assert response.status_code in (200, 404), url
        body = response.content.decode()
        assert "Private Person" not in body and "private.person" not in body, url


# --- Hole 3: a person's messages are the ones linked to their account ---------------------------


def export_subjects(client):
    data = json.loads(client.get("/my-librarian/my-data.json").content)
    return sorted(m["subject"] for m in data["messages_sent"])


def contact_post(subject, email, prefix="contact-"):
    fields = {"name": "Sam Smith", "email": email, "subject": subject, "message": "A question."}
    return {f"{prefix}{k}": v for k, v in {**fields, "website": ""}.items()}


def test_hole3_data_export_lists_only_messages_sent_signed_in(
    client, make_student, librarians, site_tree
):
    from inbox.models import Message
    from tests.factories import EnquiryFormPageFactory, EnquiryIndexPageFactory

    student = make_student("sam@students.example.edu")
    enquiry = EnquiryFormPageFactory(
        parent=EnquiryIndexPageFactory(parent=site_tree["home"]),
        title="Ask for a workshop",
        liaison=librarians["ada"],
    )
    client.force_login(student.user)
    client.get("/my-librarian/")
    # signed in, whatever address the form was given
    sent = [
        client.post("/my-librarian/", contact_post("From my librarian page", "x@y.org")),
        client.post(
            f"/contact/{librarians['grace'].slug}/",
            contact_post("From a profile", student.user.email),
        ),
        client.post(
            enquiry.url,
            {"sender_name": "Sam", "sender_email": "other@example.org", "contact_url": ""},
        ),
    ]
    client.logout()
    # anyone may type the student's address (in any case) into a public form
    for email in ("sam@students.example.edu", "SAM@Students.Example.edu"):
        sent.append(
            client.post(
                f"/contact/{librarians['marie'].slug}/",
                contact_post(f"Typed by a visitor: {email}", email),
            )
        )
    assert [r.status_code for r in sent] == [302, 302, 200, 302, 302]
    assert Message.objects.count() == 5
    assert Message.objects.filter(sender_user=student.user).count() == 3

    client.force_login(student.user)
    assert export_subjects(client) == [
        "Ask for a workshop",
        "From a profile",
        "From my librarian page",
    ]


def lookalike_student_and_victims_message(client, make_student, librarians):
    """A student signed up as victim@gmaıl.com (dotless ı: a domain anyone can register), and a
    message the real victim@gmail.com sent from a profile's contact form."""
    client.post(
        f"/contact/{librarians['ada'].slug}/",
        contact_post("The victim's private question", "victim@gmail.com"),
    )
    return make_student("victim@gmaıl.com")


def test_hole3_lookalike_address_gets_none_of_the_victims_messages(
    client, make_student, librarians
):
    student = lookalike_student_and_victims_message(client, make_student, librarians)
    client.force_login(student.user)
    assert export_subjects(client) == []


@pytest.mark.postgres
def test_hole3_lookalike_address_gets_none_of_the_victims_messages_on_postgres(
    client, make_student, librarians
):
    from inbox.models import Message

    student = lookalike_student_and_victims_message(client, make_student, librarians)
    # PostgreSQL's UPPER() folds the dotless ı onto I: a case-insensitive match would find it
    assert Message.objects.filter(sender_email__iexact=student.user.email).exists()
    client.force_login(student.user)
    body = client.get("/my-librarian/my-data.json").content.decode()
    assert json.loads(body)["messages_sent"] == []
    assert "private question" not in body


def test_hole3_deleting_an_account_unlinks_its_messages(client, make_student, librarians):
    from inbox.models import Message

    student = make_student()
    client.force_login(student.user)
    client.get("/my-librarian/")
    client.post("/my-librarian/", contact_post("Before I leave", student.user.email))
    assert client.post("/my-librarian/delete/", {"confirm": "on"}).status_code == 302
    message = Message.objects.get()  # the librarian keeps the conversation
    assert message.sender_user is None and message.liaison == librarians["ada"]


def test_my_librarian_lists_the_messages_the_student_sent(client, make_student, librarians):
    student = make_student(name="Noor Haddad")
    services.match_student(student)
    client.force_login(student.user)
    response = client.post(
        "/my-librarian/",
        {
            "contact-name": "Noor Haddad",
            "contact-email": student.user.email,
            "contact-subject": "Spectra for my lab report",
            "contact-message": "Where do I find IR spectra?",
            "contact-website": "",
        },
    )
    assert response.status_code == 302
    Message.objects.create(  # typed by someone else with Noor's address: not Noor's
        liaison=librarians["ada"],
        sender_name="Someone",
        sender_email=student.user.email,
        subject="Not sent by Noor",
        body="…",
    )
    page = client.get("/my-librarian/").content.decode()
    section = page.split('id="my-messages"', 1)[1].split("</section>", 1)[0]
    assert "Spectra for my lab report" in section
    assert "to Ada Lovelace" in section
    assert "Not sent by Noor" not in page
    Message.objects.filter(subject="Spectra for my lab report").update(
        status=Message.Status.ANSWERED
    )
    assert "Answered" in client.get("/my-librarian/").content.decode()


def test_delete_account_page_says_how_long_sent_messages_stay(client, make_student, settings):
    settings.INBOX_RETENTION_DAYS = 365
    client.force_login(make_student().user)
    page = client.get("/my-librarian/delete/").content.decode()
    assert "Messages you sent stay with the librarian" in page
    assert "365 days" in page
