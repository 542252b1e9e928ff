"""Property-based tests of the roster importer's parser (students.importers.parse_roster): any
bytes give clean rows and numbered errors, never an exception, and nothing unsafe gets through."""

import csv
import io

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from hypothesis import given, settings
from hypothesis import strategies as st

from students.importers import HEADER, parse_roster

CODES = {"chem-bsc": "CHEM-BSC", "hist-ba": "HIST-BA"}

FIELD = st.one_of(
    st.text(max_size=60),
    st.sampled_from(
        [
            "CHEM-BSC",
            "hist-ba",
            " chem-bsc ",
            "ada@example.edu",
            "ADA@EXAMPLE.EDU",
            "a@b",
            "@",
            "x" * 300 + "@example.edu",
            "Ada\x00Lovelace",
            '"quoted, name"',
            '=HYPERLINK("http://evil")',
            "Year 1",
            "",
            " ",
            "\u202eevil",
            "名前@例え.jp",
        ]
    ),
)


def csv_line(values):
    buffer = io.StringIO()
    csv.writer(buffer).writerow(values)
    return buffer.getvalue().encode("utf-8")


ROW = st.one_of(
    st.lists(FIELD, min_size=4, max_size=4).map(csv_line),
    st.lists(FIELD, min_size=0, max_size=7).map(csv_line),
    st.binary(max_size=80),
    st.text(max_size=80).map(lambda t: t.encode("utf-8", "surrogatepass")),
)
HEADERS = st.one_of(
    st.just(b"email,name,programme,level\n"),
    st.just(b"\xef\xbb\xbfLevel, Programme ,Name,EMAIL\r\n"),
    st.binary(max_size=40),
)


@settings(max_examples=500)
@given(header=HEADERS, rows=st.lists(ROW, max_size=12))
def test_parse_roster_never_raises_and_accounts_for_every_line(header, rows):
    lines = [header, *rows]
    parsed, errors, fatal = parse_roster(lines, CODES)
    if fatal:
        assert parsed == [] and errors == []
        assert fatal.startswith("line ") or fatal == "the file is empty"
        return
    # every non-blank line after the header is either a row or a numbered error
    header_line = next(i for i, line in enumerate(lines, 1) if line.strip())
    data_lines = [i for i, line in enumerate(lines, 1) if i > header_line and line.strip()]
    reported = sorted([row.line for row in parsed] + [error.line for error in errors])
    assert reported == data_lines
    for error in errors:
        assert str(error).startswith(f"line {error.line}: ")


@settings(max_examples=500)
@given(rows=st.lists(ROW, max_size=12))
def test_parsed_rows_are_safe_to_store(rows):
    parsed, _errors, fatal = parse_roster([b"email,name,programme,level\n", *rows], CODES)
    assert not fatal
    emails = [row.email for row in parsed]
    assert len(emails) == len(set(emails))
    for row in parsed:
        EmailValidator()(row.email)
        assert row.email == row.email.lower()
        assert row.programme in CODES.values()
        assert 0 < len(row.name) <= 150 and row.name == " ".join(row.name.split())
        assert len(row.level) <= 40
        for value in (row.email, row.name, row.programme, row.level):
            # PostgreSQL refuses NUL in text; a roster must not be able to crash the import
            assert "\x00" not in value


def test_header_must_name_all_columns():
    _, _, fatal = parse_roster([b"email,name\n", b"a@example.edu,A\n"], CODES)
    assert fatal.startswith("line 1:") and "missing programme, level" in fatal
    assert HEADER == ("email", "name", "programme", "level")


def test_a_valid_row_survives_among_hostile_ones():
    rows, errors, fatal = parse_roster(
        [
            b"email,name,programme,level\n",
            b"\xff\xfe\x00garbage\n",
            csv_line(["ada@example.edu", "Ada  Lovelace", "chem-bsc", "Year 1"]),
            csv_line(["not-an-email", "X", "CHEM-BSC", ""]),
        ],
        CODES,
    )
    assert not fatal
    assert [(r.email, r.name, r.programme) for r in rows] == [
        ("ada@example.edu", "Ada Lovelace", "CHEM-BSC")
    ]
    assert [e.line for e in errors] == [2, 4]
    try:
        EmailValidator()("ada@example.edu")
    except ValidationError:  # pragma: no cover
        raise AssertionError from None


def test_nul_characters_are_a_row_error_not_a_database_crash():
    rows, errors, fatal = parse_roster(
        [b"email,name,programme,level\n", b"ada@example.edu,Ada\x00Lovelace,chem-bsc,Year 1\n"],
        CODES,
    )
    assert rows == [] and not fatal
    assert [str(e) for e in errors] == ["line 2: contains a NUL character; save as CSV UTF-8"]
