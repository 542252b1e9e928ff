"""Roster import: clear reports for bad files and rows; good rows always imported."""

import os
import random

import pytest
from django.core.management import CommandError, call_command

from students.importers import parse_roster
from students.models import Assignment, Student

CODES = {"bsc-chem": "BSC-CHEM", "bsc-phys": "BSC-PHYS"}


def parse(text):
    data = text.encode() if isinstance(text, str) else text
    return parse_roster(data.splitlines(keepends=True), CODES)


def messages(errors):
    return [str(e) for e in errors]


# --- parsing, no database -----------------------------------------------------------------------


def test_parse_good_rows_keep_line_numbers_and_normalise():
    rows, errors, fatal = parse(
        "email,name,programme,level\n"
        "Ana@Students.Example.edu, Ana  Silva ,bsc-chem,Year 1\n"
        "\n"
        "ben@students.example.edu,Ben Ode,BSC-PHYS,\n"
    )
    assert (errors, fatal) == ([], "")
    assert [(r.line, r.email, r.name, r.programme, r.level) for r in rows] == [
        (2, "ana@students.example.edu", "Ana Silva", "BSC-CHEM", "Year 1"),
        (4, "ben@students.example.edu", "Ben Ode", "BSC-PHYS", ""),
    ]


def test_parse_reports_each_bad_row_by_line():
    rows, errors, fatal = parse(
        "email,name,programme,level\n"
        "not-an-email,Ana,BSC-CHEM,1\n"
        "ben@students.example.edu,Ben,NOPE,1\n"
        "cy@students.example.edu,Cy,BSC-CHEM,1\n"
        "CY@students.example.edu,Cy again,BSC-CHEM,1\n"
        "dee@students.example.edu,,BSC-CHEM,1\n"
        "only,two\n"
    )
    assert fatal == ""
    assert [r.email for r in rows] == ["cy@students.example.edu"]
    assert messages(errors) == [
        "line 2: bad email 'not-an-email'",
        "line 3: unknown programme 'NOPE'",
        "line 5: duplicate of line 4 (cy@students.example.edu)",
        "line 6: name is empty",
        "line 7: expected 4 columns, found 2",
    ]


def test_parse_non_utf8_row_is_reported_and_others_kept():
    data = (
        b"email,name,programme,level\n"
        b"ana@students.example.edu,Ana,BSC-CHEM,1\n"
        b"jo@students.example.edu,J\xf6rg,BSC-CHEM,1\n"
    )
    rows, errors, fatal = parse(data)
    assert len(rows) == 1
    assert messages(errors) == ["line 3: not UTF-8 text at byte 26; save as CSV UTF-8"]


def test_parse_accepts_a_byte_order_mark_and_any_column_order():
    rows, errors, fatal = parse(
        "\ufeffProgramme,Level,Email,Name\nBSC-CHEM,Year 2,ana@students.example.edu,Ana\n"
    )
    assert (len(rows), errors, fatal) == (1, [], "")
    assert rows[0].level == "Year 2"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "the file is empty"),
        (b"\n\n  \n", "the file is empty"),
        (b"mail,full name,course\nx,y,z\n", "line 1: the first line must be the header"),
        (b"\xff\xfe\x00e\x00m", "line 1: the header line is not UTF-8 text"),
    ],
)
def test_parse_fatal_problems(data, expected):
    rows, errors, fatal = parse(data)
    assert fatal.startswith(expected)
    assert rows == []


def test_parse_huge_field_is_a_row_error_not_a_crash():
    rows, errors, fatal = parse("email,name,programme,level\n" + '"' + "x" * 200_000 + "\n")
    assert fatal == ""
    assert "not a CSV row" in messages(errors)[0]


# --- the command, with the database -------------------------------------------------------------


@pytest.fixture
def roster(tmp_path):
    def write(content, name="roster.csv"):
        path = tmp_path / name
        path.write_bytes(content.encode() if isinstance(content, str) else content)
        return str(path)

    return write


GOOD = (
    "email,name,programme,level\n"
    "ana@students.example.edu,Ana Silva,BSC-CHEM,Year 1\n"
    "ben@students.example.edu,Ben Ode,BSC-CHEM,Year 2\n"
    "cy@students.example.edu,Cy Park,BSC-PHYS,Year 1\n"
)


def test_import_creates_and_matches_students(
    roster, librarians, capsys, django_capture_on_commit_callbacks
):
    from django.core import mail

    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_students", roster(GOOD), "--no-progress")
    assert "Imported 3 good row(s): 3 new student(s)" in capsys.readouterr().out
    ana = Student.objects.get(user__email="ana@students.example.edu")
    assert ana.name == "Ana Silva" and ana.programme.code == "BSC-CHEM"
    assert not ana.user.has_usable_password()
    assert ana.current_assignment().liaison == librarians["ada"]
    ben = Student.objects.get(user__email="ben@students.example.edu")
    assert ben.current_assignment().liaison == librarians["grace"]  # balanced
    assert ben.current_assignment().reason == "serves BSc Chemistry"
    assert sorted(m.to[0] for m in mail.outbox) == [
        "ana@students.example.edu",
        "ben@students.example.edu",
        "cy@students.example.edu",
    ]


def test_import_same_file_twice_changes_nothing(roster, librarians, capsys):
    path = roster(GOOD)
    call_command("import_students", path, "--no-progress")
    before = list(Assignment.objects.values_list("pk", "student_id", "liaison_id", "ended_at"))
    call_command("import_students", path, "--no-progress")
    assert "0 new student(s) (0 new account(s)), 0 updated, 3 unchanged" in capsys.readouterr().out
    after = list(Assignment.objects.values_list("pk", "student_id", "liaison_id", "ended_at"))
    assert after == before


def test_import_updates_and_rematches_on_programme_change(roster, librarians, capsys):
    call_command("import_students", roster(GOOD), "--no-progress")
    changed = GOOD.replace(
        "ana@students.example.edu,Ana Silva,BSC-CHEM,Year 1",
        "ana@students.example.edu,Ana Silva,BSC-PHYS,Year 2",
    )
    call_command("import_students", roster(changed, "second.csv"), "--no-progress")
    out = capsys.readouterr().out
    assert "1 updated" in out and "1 rematched" in out
    ana = Student.objects.get(user__email="ana@students.example.edu")
    current = ana.current_assignment()
    assert current.liaison == librarians["marie"]
    assert current.kind == Assignment.Kind.PROGRAMME_CHANGE
    assert ana.assignments.count() == 2


def test_import_dry_run_saves_nothing(roster, librarians, capsys):
    call_command("import_students", roster(GOOD), "--dry-run", "--no-progress")
    assert "Would import 3 good row(s)" in capsys.readouterr().out
    assert not Student.objects.exists()


def test_import_bad_rows_reported_good_rows_imported_exit_non_zero(roster, librarians, capsys):
    path = roster(GOOD + "bad-email,Dee,BSC-CHEM,1\neve@students.example.edu,Eve,XYZ,1\n")
    with pytest.raises(CommandError, match="2 row\\(s\\) of .* could not be imported"):
        call_command("import_students", path, "--no-progress")
    err = capsys.readouterr().err
    assert "line 5: bad email 'bad-email'" in err
    assert "line 6: unknown programme 'XYZ'" in err
    assert Student.objects.count() == 3


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty"),
        (
            b"name,email\nAna,ana@x.edu\n",
            "the first line must be the header email,name,programme,level",
        ),
        ("email,name,programme,level\n".encode("utf-16"), "not UTF-8"),
    ],
)
def test_import_fatal_files_import_nothing(roster, librarians, content, message):
    with pytest.raises(CommandError, match=message):
        call_command("import_students", roster(content), "--no-progress")
    assert not Student.objects.exists()


def test_import_ten_megabytes_of_junk(roster, librarians, capsys):
    rng = random.Random(3)
    junk = bytes(rng.getrandbits(8) for _ in range(1024)) * (10 * 1024)  # 10 MB
    with pytest.raises(CommandError, match="Nothing imported"):
        call_command("import_students", roster(junk), "--no-progress")
    # The same junk after a good header and good rows: rows reported, good rows imported.
    path = roster(GOOD.encode() + junk, "mixed.csv")
    assert os.path.getsize(path) > 10_000_000
    with pytest.raises(CommandError, match="could not be imported"):
        call_command("import_students", path, "--no-progress")
    assert Student.objects.count() == 3
    err = capsys.readouterr().err
    assert "mixed.csv: line 5:" in err


def test_import_missing_file(librarians):
    with pytest.raises(CommandError, match="No such file"):
        call_command("import_students", "/nonexistent/roster.csv")
