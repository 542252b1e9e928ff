import pytest
from allauth.account.models import EmailAddress

from tests.factories import (
    DepartmentFactory,
    FacultyFactory,
    LiaisonPageFactory,
    ProgrammeFactory,
    StudentFactory,
    build_site_tree,
)
from tests.shared_rows import built_once, per_test_copy


@pytest.fixture
def science(db):
    return build_science()


def build_science():
    faculty = FacultyFactory(name="Faculty of Science")
    chemistry = DepartmentFactory(name="Chemistry", faculty=faculty)
    physics = DepartmentFactory(name="Physics", faculty=faculty)
    return {
        "faculty": faculty,
        "chemistry": chemistry,
        "physics": physics,
        "chem": ProgrammeFactory(code="BSC-CHEM", name="BSc Chemistry", department=chemistry),
        "biochem": ProgrammeFactory(
            code="BSC-BIOCHEM", name="BSc Biochemistry", department=chemistry
        ),
        "phys": ProgrammeFactory(code="BSC-PHYS", name="BSc Physics", department=physics),
    }


@pytest.fixture
def librarians(site_tree, science):
    return build_librarians(site_tree, science)


def build_librarians(site_tree, science):
    parent = site_tree["librarians"]
    return {
        "ada": LiaisonPageFactory(
            parent=parent, title="Ada Lovelace", capacity=10, programmes=[science["chem"]]
        ),
        "grace": LiaisonPageFactory(
            parent=parent,
            title="Grace Hopper",
            capacity=10,
            programmes=[science["chem"], science["biochem"]],
        ),
        "marie": LiaisonPageFactory(
            parent=parent, title="Marie Curie", capacity=10, programmes=[science["phys"]]
        ),
    }


def build_tree_science_and_librarians():
    tree = build_site_tree()
    science = build_science()
    return {"site_tree": tree, "science": science, "librarians": build_librarians(tree, science)}


@pytest.fixture(scope="module")
def shared_librarians_rows(django_db_setup, django_db_blocker):
    """The tree, ``science`` and ``librarians`` built once for a module and rolled back after it
    (see tests/shared_rows.py). A module opts in by overriding ``site_tree``, ``science`` and
    ``librarians`` with the parts of ``shared_librarians``."""
    yield from built_once(django_db_blocker, build_tree_science_and_librarians)


@pytest.fixture
def shared_librarians(db, shared_librarians_rows):
    """This test's own copy of ``shared_librarians_rows``; the test runs in a savepoint inside it."""
    return per_test_copy(shared_librarians_rows)


@pytest.fixture
def make_student(science):
    def make(email="sam@students.example.edu", programme=None, verified=True, **kwargs):
        student = StudentFactory(
            user__email=email, programme=programme or science["chem"], **kwargs
        )
        EmailAddress.objects.create(user=student.user, email=email, verified=verified, primary=True)
        return student

    return make
