"""The "who is my librarian?" answer (students/lookup.py): the matching rule over the records a
sign-up would use, and the finder, widget and JSON that show it."""

import html
import re

import pytest

from students import lookup, matching
from students.models import Assignment
from tests.factories import DepartmentFactory, LiaisonPageFactory, ProgrammeFactory, StudentFactory

BIO = matching.ProgrammeRecord(
    code="BSC-BIO",
    name="BSc Biology",
    department_id=1,
    department_name="Biological Sciences",
    faculty_id=10,
    faculty_name="Faculty of Science",
)


def candidate(id, name, programmes=("BSC-BIO",), **kwargs):
    kwargs.setdefault("capacity", 10)
    return matching.Candidate(
        id=id, name=name, programmes=frozenset(programmes), departments=frozenset({1}), **kwargs
    )


# --- the rule, without a database ------------------------------------------------------------------


def test_describe_names_whom_matching_chooses_and_lists_the_others_by_name():
    candidates = [
        candidate(1, "Rafael Costa", accepting=False),
        candidate(2, "Priya Raman", load=5),
        candidate(3, "Ines Ortega", load=2),
    ]
    answer = lookup.describe(BIO, candidates)
    assert answer.match == matching.choose(BIO, candidates)  # the sign-up's own rule
    assert answer.match.liaison_id == 3 and answer.match.reason == "serves BSc Biology"
    assert answer.others == ((2, lookup.ACCEPTING), (1, lookup.NOT_ACCEPTING))


def test_describe_never_names_a_librarian_who_is_not_accepting_students():
    answer = lookup.describe(BIO, [candidate(1, "Rafael Costa", accepting=False)])
    assert not answer.match
    assert answer.match.reason == "no librarian has room for BSc Biology yet"
    assert answer.others == ((1, lookup.NOT_ACCEPTING),)


def test_describe_falls_back_like_matching_and_says_the_programmes_librarians_are_full():
    candidates = [
        candidate(1, "Priya Raman", load=10),  # full
        candidate(2, "Dept Librarian", programmes=()),  # serves the department only
    ]
    answer = lookup.describe(BIO, candidates)
    assert answer.match.liaison_id == 2 and answer.match.level == matching.DEPARTMENT
    assert answer.match.reason == (
        "serves the Biological Sciences department (no librarian for BSc Biology had room)"
    )
    assert answer.others == ((1, lookup.FULL),)


# --- over HTTP -----------------------------------------------------------------------------------


@pytest.fixture
def biology(site_tree):
    programme = ProgrammeFactory(
        code="BSC-BIO", name="BSc Biology", department=DepartmentFactory(name="Biology")
    )
    parent = site_tree["librarians"]
    costa = LiaisonPageFactory(
        parent=parent, title="Rafael Costa", programmes=[programme], accepting_students=False
    )
    raman = LiaisonPageFactory(
        parent=parent, title="Priya Raman", programmes=[programme], capacity=10
    )
    ortega = LiaisonPageFactory(
        parent=parent, title="Ines Ortega", programmes=[programme], capacity=10
    )
    for _ in range(3):  # Priya has three students, Ines none: Ines is next
        student = StudentFactory(programme=programme)
        Assignment.objects.create(student=student, liaison=raman, programme=programme)
    return {"programme": programme, "costa": costa, "raman": raman, "ortega": ortega}


def text_of(response):
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def test_finder_names_the_librarian_a_new_student_gets_and_why(client, biology):
    page = text_of(client.get("/librarians/find/?programme=bsc-bio"))
    assert "A new BSc Biology student is matched to Ines Ortega ." in page
    assert "Why this librarian: serves BSc Biology" in page
    assert "Other librarians for BSc Biology" in page
    assert "Priya Raman" in page and "Also takes new students" in page
    assert "Rafael Costa" in page and "Not taking new students" in page
    # the one who is not accepting students is never "your librarian"
    assert page.index("Rafael Costa") > page.index("Other librarians for BSc Biology")


def test_finder_sign_up_link_carries_the_programme_and_the_form_starts_with_it(client, biology):
    html = client.get("/librarians/find/?programme=BSC-BIO").content.decode()
    assert 'href="/accounts/signup/?programme=BSC-BIO"' in html
    signup = client.get("/accounts/signup/?programme=BSC-BIO").content.decode()
    assert f'<option value="{biology["programme"].pk}" selected>BSc Biology (BSC-BIO)' in signup
    unknown = client.get("/accounts/signup/?programme=NOPE").content.decode()
    assert '<option value="" selected>Choose your programme…' in unknown


def test_finder_when_nobody_has_room_says_so_and_lists_who_serves(client, site_tree):
    programme = ProgrammeFactory(code="MA-X", name="MA Xenology")
    LiaisonPageFactory(
        parent=site_tree["librarians"],
        title="Olga Full",
        programmes=[programme],
        accepting_students=False,
    )
    page = text_of(client.get("/librarians/find/?programme=MA-X"))
    assert "No librarian has room for MA Xenology students yet" in page
    assert "Olga Full" in page and "Not taking new students" in page
    assert "Your librarian for" not in page


def test_widget_and_json_give_the_finders_answer(client, biology):
    data = client.get("/api/librarian-for-programme/BSC-BIO/").json()
    assert data["librarian"]["name"] == "Ines Ortega"
    assert data["reason"] == data["librarian"]["reason"] == "serves BSc Biology"
    assert data["level"] == "programme" and data["exact"] is True
    assert [(x["name"], x["status"], x["takes_new_students"]) for x in data["librarians"]] == [
        ("Ines Ortega", "matched", True),
        ("Priya Raman", "accepting", True),
        ("Rafael Costa", "not_accepting", False),
    ]
    widget = text_of(client.get("/api/widget/librarian/BSC-BIO/"))
    assert "Ines Ortega" in widget and "Why this librarian: serves BSc Biology" in widget
    assert "Rafael Costa (not taking new students)" in widget
    assert widget.index("Ines Ortega") < widget.index("Rafael Costa")
