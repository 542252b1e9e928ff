"""Who may open which evidence page: the permission matrix of the evidence app. A librarian sees
their own figures, students and timelines, never another librarian's; the cross-librarian pages
are for coordinators."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

MINE, PROGRAMME, MESSAGES = "evidence:mine", "evidence:programme", "evidence:messages"
COVERAGE, WORKLOAD, ADDRESS = "evidence:coverage", "evidence:workload", "evidence:address"

# page -> {role: outcome}: 200; "login" (no admin access: sent to sign in); "denied" (Wagtail's
# "Sorry, you do not have permission" redirect to the dashboard); "programme" (sent on to
# Programme evidence: a coordinator without a librarian profile has no "My evidence")
L, D = "login", "denied"
MATRIX = {
    MINE: {"anonymous": L, "outsider": L, "ada": 200, "bo": 200, "coordinator": "programme"},
    PROGRAMME: {"anonymous": L, "outsider": L, "ada": D, "bo": D, "coordinator": 200},
    MESSAGES: {"anonymous": L, "outsider": L, "ada": 200, "bo": 200, "coordinator": 200},
    COVERAGE: {"anonymous": L, "outsider": L, "ada": D, "bo": D, "coordinator": 200},
    WORKLOAD: {"anonymous": L, "outsider": L, "ada": D, "bo": D, "coordinator": 200},
    ADDRESS: {"anonymous": L, "outsider": L, "ada": 200, "bo": 200, "coordinator": 200},
}
CASES = [(page, role, status) for page, row in MATRIX.items() for role, status in row.items()]


def sign_in(client, world, role):
    user = {
        "anonymous": None,
        "outsider": world.outsider,
        "ada": world.ada.user,
        "bo": world.bo.user,
        "coordinator": world.coordinator,
    }[role]
    if user is not None:
        client.force_login(user)


def outcome(response):
    if response.status_code != 302:
        return response.status_code
    location = response["Location"]
    if "login" in location:
        return "login"
    if location == reverse("wagtailadmin_home"):
        return "denied"
    if location == reverse(PROGRAMME):
        return "programme"
    return location


@pytest.mark.parametrize(("page", "role", "expected"), CASES)
def test_evidence_page_access(client, world, page, role, expected):
    sign_in(client, world, role)
    assert outcome(client.get(reverse(page))) == expected


@pytest.mark.parametrize(("page", "role", "expected"), [c for c in CASES if c[0] != ADDRESS])
def test_evidence_download_access(client, world, page, role, expected):
    """Downloads follow the page: nobody gets a table they may not see."""
    sign_in(client, world, role)
    table = {MESSAGES: "messages", COVERAGE: "coverage", WORKLOAD: "workload"}.get(page, "load")
    response = client.get(reverse(page), {"export": "csv", "table": table})
    assert outcome(response) == expected
    if expected == 200:
        assert response["Content-Type"].startswith("text/csv")


@pytest.mark.parametrize(
    ("role", "whose", "status"),
    [
        ("ada", "ada", 200),
        ("ada", "bo", 404),
        ("bo", "ada", 404),
        ("bo", "bo", 200),
        ("coordinator", "ada", 200),
        ("coordinator", "bo", 200),
        ("outsider", "ada", "login"),
        ("anonymous", "ada", "login"),
    ],
)
def test_student_timeline_only_for_their_librarian_and_coordinators(
    client, world, role, whose, status
):
    sign_in(client, world, role)
    student = (world.ada_students if whose == "ada" else world.bo_students)[0]
    assert outcome(client.get(reverse("evidence:student", args=[student.pk]))) == status


def test_former_librarian_no_longer_sees_the_timeline(client, world):
    """The timeline follows the current assignment: Ada's former student is not hers to open."""
    client.force_login(world.ada.user)
    response = client.get(reverse("evidence:student", args=[world.former.pk]))
    assert response.status_code == 404


def test_liaison_sees_no_other_librarians_messages_in_a_timeline(client, world):
    client.force_login(world.ada.user)
    address = world.messages["bo-5h"].sender_email
    response = client.get(reverse("evidence:address"), {"email": address})
    assert response.status_code == 200
    assert response.context["entries"] == []
    assert reverse("inbox:edit", args=[world.messages["bo-5h"].pk]) not in response.content.decode()


def test_liaison_asking_for_another_librarians_messages_gets_none(client, world):
    client.force_login(world.ada.user)
    response = client.get(reverse(MESSAGES), {"liaison": world.bo.pk})
    assert response.status_code == 200
    assert response.context["count"] == 0
    response = client.get(reverse(MESSAGES))
    liaisons = {row[4].value for row in response.context["table"].rows}
    assert liaisons == {"Ada Byrne"}


def test_my_evidence_ignores_a_liaison_parameter(client, world):
    client.force_login(world.ada.user)
    response = client.get(reverse(MINE), {"liaison": world.bo.pk})
    assert response.context["liaison"] == world.ada
    assert "Bo Finch" not in response.content.decode()


def test_evidence_menu_shows_each_role_its_items(client, world):
    client.force_login(world.ada.user)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse(MINE) in html and reverse(COVERAGE) not in html
    client.force_login(world.coordinator)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse(COVERAGE) in html and reverse(WORKLOAD) in html


# --- Consultations, feedback and outreach -------------------------------------------------------

SEPTEMBER = {"period": "custom", "from": "2026-09-01", "to": "2026-09-30"}


def test_liaison_sees_only_her_own_consultations_and_comments(client, world):
    """Ada's figures count her own bookings; asking for Bo's changes nothing."""
    client.force_login(world.ada.user)
    for params in (SEPTEMBER, {**SEPTEMBER, "liaison": world.bo.pk}):
        response = client.get(reverse(MINE), params)
        html = response.content.decode()
        assert "<dt>Consultations booked</dt><dd>5</dd>" in html  # Bo's two are not hers
        assert "Exactly what I needed" in html
        assert "too cold" not in html and "Bo helped a lot" not in html


def test_liaison_downloads_only_her_own_comments(client, world):
    client.force_login(world.ada.user)
    response = client.get(
        reverse(MINE),
        {**SEPTEMBER, "liaison": world.bo.pk, "export": "csv", "table": "feedback-comments"},
    )
    body = response.content.decode()
    assert "Exactly what I needed" in body and "too cold" not in body


def test_comments_are_not_a_table_across_librarians(client, world):
    client.force_login(world.coordinator)
    response = client.get(
        reverse(PROGRAMME), {**SEPTEMBER, "export": "csv", "table": "feedback-comments"}
    )
    assert response.status_code == 404


def test_liaison_sees_no_other_librarians_consultations_or_outreach_on_a_timeline(client, world):
    """Bo met Ada's student in August and emailed them: Ada's timeline shows neither, nor the
    feedback Bo received; Bo's bookings and emails stay on the coordinator's timeline."""
    bo_rows = [
        reverse("consultation_bookings:edit", args=[world.bookings["bo-client"].pk]),
        "Consultation: Archives",
        "Bo helped a lot",
        "Reading for the summer",
    ]
    client.force_login(world.ada.user)
    html = client.get(reverse("evidence:student", args=[world.client.pk])).content.decode()
    assert "Consultation: Databases" in html
    assert not [text for text in bo_rows if text in html]
    csv_body = client.get(
        reverse("evidence:student", args=[world.client.pk]), {"export": "csv", "table": "timeline"}
    ).content.decode()
    assert not [text for text in bo_rows[1:] if text in csv_body]
    client.force_login(world.coordinator)
    html = client.get(reverse("evidence:student", args=[world.client.pk])).content.decode()
    assert all(text in html for text in bo_rows)


@pytest.mark.parametrize(
    ("role", "sees", "never"),
    [
        ("ada", "Consultation: Databases", "Consultation: Archives"),
        ("bo", "Consultation: Archives", "Consultation: Databases"),
    ],
)
def test_address_timeline_shows_each_librarian_only_their_own(client, world, role, sees, never):
    sign_in(client, world, role)
    response = client.get(reverse(ADDRESS), {"email": world.client.user.email})
    titles = [e.title for e in response.context["entries"]]
    assert sees in titles and never not in titles
    mine = world.ada if role == "ada" else world.bo
    assert all(mine.title in e.detail for e in response.context["entries"] if e.kind != "feedback")
