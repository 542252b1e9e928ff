import pytest
from allauth.account.models import EmailAddress

from tests.factories import (
    DepartmentFactory,
    FacultyFactory,
    LiaisonPageFactory,
    ProgrammeFactory,
    StudentFactory,
)


@pytest.fixture
def science(db):
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


@pytest.fixture
def make_student(science):
    def make(email="sam@students.example.edu", programme=None, verified=True, **kwargs):
        student = StudentFactory(
            user__email=email, programme=programme or science["chem"], **kwargs
        )
        EmailAddress.objects.create(user=student.user, email=email, verified=verified, primary=True)
        return student

    return make
