"""The evidence pages over HTTP: what a coordinator and a librarian see, downloads, and links from
each figure to the rows it counts."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from inbox.models import Message
from tests.factories import ProgrammeFactory

from .world import at, message

pytestmark = pytest.mark.django_db

SEPTEMBER = {"period": "custom", "from": "2026-09-01", "to": "2026-09-30"}


@pytest.fixture
def as_coordinator(client, world):
    client.force_login(world.coordinator)
    return client


@pytest.fixture
def as_ada(client, world):
    client.force_login(world.ada.user)
    return client


def test_programme_evidence_shows_every_librarian(as_coordinator):
    response = as_coordinator.get(reverse("evidence:programme"), SEPTEMBER)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ada Byrne" in html and "Bo Finch" in html
    assert "<dt>Median</dt><dd>5 h</dd>" in html  # 1 h, 2 h, 5 h, 24 h, two open
    assert "Messages received per month" in html
    assert "<svg" in html and 'role="img"' in html


def test_my_evidence_shows_the_librarians_own_figures(as_ada):
    response = as_ada.get(reverse("evidence:mine"), SEPTEMBER)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Figures for <strong>Ada Byrne</strong>" in html
    assert "Bo Finch" not in html
    # seen today (after September), the 90th percentile is the oldest open message
    assert "(still open)" in html


def test_coordinator_without_profile_is_sent_to_programme_evidence(as_coordinator):
    response = as_coordinator.get(reverse("evidence:mine"))
    assert response.status_code == 302
    assert response["Location"] == reverse("evidence:programme")


def test_programme_evidence_for_one_librarian(as_coordinator, world):
    response = as_coordinator.get(
        reverse("evidence:programme"), {**SEPTEMBER, "liaison": world.bo.pk}
    )
    html = response.content.decode()
    assert "Figures for <strong>Bo Finch</strong>" in html


def test_dashboard_csv_export(as_coordinator):
    response = as_coordinator.get(
        reverse("evidence:programme"),
        {**SEPTEMBER, "export": "csv", "table": "messages-by-department"},
    )
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows == [
        ["Department", "Received", "Still open"],
        ["Chemistry", "5", "1"],
        ["History", "1", "0"],
        ["Not given", "1", "1"],
    ]


def test_dashboard_xlsx_export(as_coordinator):
    response = as_coordinator.get(
        reverse("evidence:programme"), {**SEPTEMBER, "export": "xlsx", "table": "load"}
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0][:3] == ["Librarian", "Students now", "Capacity"]
    assert values[1][:3] == ["Ada Byrne", 3, 10]


def test_message_export_neutralises_formulas(as_coordinator, world):
    from .world import at, message

    message(world.ada, at(9, 8), subject='=HYPERLINK("http://evil.example")')
    response = as_coordinator.get(
        reverse("evidence:messages"), {**SEPTEMBER, "export": "csv", "table": "messages"}
    )
    subjects = [row[1] for row in csv.reader(io.StringIO(response.content.decode()))]
    assert '\'=HYPERLINK("http://evil.example")' in subjects


def test_figure_links_to_the_rows_it_counts(as_ada, world):
    from evidence.panels import Scope, messages_panel
    from evidence.periods import PeriodForm

    scope = Scope(world.ada, PeriodForm(SEPTEMBER).get_period())
    still_open = next(f for f in messages_panel(scope).figures if f.label == "Still open")
    assert still_open.value == 2
    response = as_ada.get(still_open.url)
    assert response.status_code == 200
    assert response.context["count"] == 2
    subjects = {row[1].value for row in response.context["table"].rows}
    assert len(subjects) == 1  # both are "Help finding sources"
    assert b"2 messages" in response.content


def test_message_list_by_department_none(as_coordinator):
    response = as_coordinator.get(reverse("evidence:messages"), {**SEPTEMBER, "department": "none"})
    assert response.context["count"] == 1


def test_coverage_map_flags_programmes(as_coordinator, world):
    response = as_coordinator.get(reverse("evidence:coverage"))
    rows = {r.code: r.flags for r in response.context["rows"]}
    assert rows == {
        "BSC-CHEM": [],
        "BSC-BIOC": ["no-liaison", "no-guide"],
        "BA-HIST": ["no-room", "stale-guides"],
    }
    html = response.content.decode()
    assert "No guide: create one" in html
    assert reverse("wagtailadmin_pages:edit", args=[world.stale_hist.pk]) in html


def test_coverage_map_filters_by_faculty_and_sorts(as_coordinator, world):
    response = as_coordinator.get(
        reverse("evidence:coverage"), {"faculty": world.science.pk, "sort": "flags"}
    )
    assert [r.code for r in response.context["rows"]] == ["BSC-BIOC", "BSC-CHEM"]
    response = as_coordinator.get(reverse("evidence:coverage"), {"flag": "no-room"})
    assert [r.code for r in response.context["rows"]] == ["BA-HIST"]


def test_workload_flags_full_librarians_and_overdue_messages(as_coordinator, world):
    response = as_coordinator.get(reverse("evidence:workload"))
    rows = {r.name: r for r in response.context["rows"]}
    assert rows["Bo Finch"].over_capacity
    assert rows["Ada Byrne"].overdue == 3  # open-21d, open-10h, boundary-before: all past 48 h now
    html = response.content.decode()
    assert f"{reverse('students_admin:rebalance')}?liaison={world.bo.pk}" in html


def test_student_timeline_lists_messages_and_assignments_in_order(as_ada, world):
    student = world.ada_students[0]
    response = as_ada.get(reverse("evidence:student", args=[student.pk]))
    assert response.status_code == 200
    titles = [e.title for e in response.context["entries"]]
    assert titles == [
        "Assigned to Ada Byrne",
        "Message: Help finding sources",
        "Message: Help finding sources",
    ]


def test_address_timeline(as_coordinator, world):
    address = world.messages["bo-5h"].sender_email
    response = as_coordinator.get(reverse("evidence:address"), {"email": address})
    assert [e.kind for e in response.context["entries"]] == ["message"]


def test_first_response_is_recorded_when_a_librarian_marks_a_message_answered(as_ada, world):
    new = world.messages["open-21d"]
    response = as_ada.post(reverse("inbox:edit", args=[new.pk]), {"status": "answered"})
    assert response.status_code == 302
    new.refresh_from_db()
    assert new.responded_at is not None
    first = new.responded_at
    as_ada.post(reverse("inbox:edit", args=[new.pk]), {"status": "closed"})
    new.refresh_from_db()
    assert new.responded_at == first
    assert Message.objects.get(pk=world.messages["open-10h"].pk).responded_at is None


def test_marking_a_message_answered_stores_how_long_it_waited(as_ada, world):
    new = world.messages["open-21d"]
    as_ada.post(reverse("inbox:edit", args=[new.pk]), {"status": "answered"})
    new.refresh_from_db()
    waited = (new.responded_at - new.created_at).total_seconds()
    assert waited > 21 * 24 * 3600
    assert new.response_seconds == waited
    as_ada.post(reverse("inbox:edit", args=[new.pk]), {"status": "read"})  # reopened: still
    new.refresh_from_db()
    assert new.response_seconds == waited


def test_address_timeline_links_to_the_students_timeline(as_ada, world):
    student = world.ada_students[0]
    response = as_ada.get(reverse("evidence:address"), {"email": student.user.email})
    assert reverse("evidence:student", args=[student.pk]) in response.content.decode()
    other = world.bo_students[0]
    response = as_ada.get(reverse("evidence:address"), {"email": other.user.email})
    assert reverse("evidence:student", args=[other.pk]) not in response.content.decode()


def test_dashboard_tables_escape_names_and_link_each_count(as_coordinator, world):
    hostile = ProgrammeFactory(name='<img src=x onerror="alert(1)"> & Co', code="XSS1")
    message(world.ada, at(9, 20), programme=hostile)
    html = as_coordinator.get(reverse("evidence:programme"), SEPTEMBER).content.decode()
    assert "<img src=x" not in html
    escaped = "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; Co"
    # a row header in the programmes table, its count a link to the message it counts
    assert f'<tr><th scope="row">{escaped}</th><td>XSS1</td>' in html
    link = f"?period=custom&amp;from=2026-09-01&amp;to=2026-09-30&amp;programme={hostile.pk}"
    assert f'<a href="{reverse("evidence:messages")}{link}">1</a></td></tr>' in html
