"""The librarians directory at /librarians/: cards, combinable filters, name search."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import (
    DepartmentFactory,
    LiaisonPageFactory,
    ProgrammeFactory,
    SubjectFactory,
    build_site_tree,
)
from tests.shared_rows import built_once, per_test_copy

pytestmark = pytest.mark.django_db


def build_directory(site_tree):
    chem, bio = SubjectFactory(name="Chemistry"), SubjectFactory(name="Biology")
    sci = DepartmentFactory(name="Natural Sciences")
    med = DepartmentFactory(name="Medicine")
    bsc = ProgrammeFactory(code="BSC-CHEM", name="BSc Chemistry", department=sci)
    mbbs = ProgrammeFactory(code="MBBS", name="Medicine MBBS", department=med)

    def make(title, subjects, departments, programmes):
        page = LiaisonPageFactory(parent=site_tree["librarians"], title=title, subjects=subjects)
        page.departments.set(departments)
        page.programmes.set(programmes)
        page.save_revision().publish()
        return page

    pages = {
        "ada": make("Ada Byrne", [chem], [sci], [bsc]),
        "ben": make("Ben Okafor", [chem, bio], [med], [mbbs]),
        "cai": make("Cai Lindqvist", [bio], [sci], []),
    }
    gone = make("Dora Gone", [chem], [sci], [bsc])
    gone.is_active = False
    gone.save_revision().publish()
    return pages


@pytest.fixture(scope="module")
def _rows(django_db_setup, django_db_blocker):
    def build():
        tree = build_site_tree()
        return {"site_tree": tree, "directory": build_directory(tree)}

    yield from built_once(django_db_blocker, build)


@pytest.fixture
def _shared(db, _rows):
    """The page tree and the directory, built once for the module (see tests/shared_rows.py)."""
    return per_test_copy(_rows)


@pytest.fixture
def site_tree(_shared):
    return _shared["site_tree"]


@pytest.fixture
def directory(_shared):
    return _shared["directory"]


def names(response):
    return [p.title for p in response.context["liaisons"]]


def test_directory_lists_every_active_librarian_as_a_card(client, directory):
    response = client.get("/librarians/")
    assert names(response) == ["Ada Byrne", "Ben Okafor", "Cai Lindqvist"]
    html = response.content.decode()
    assert html.count('class="card librarian-card"') == 3
    assert f'href="{directory["ada"].url}#contact"' in html
    assert "Dora Gone" not in html


@pytest.mark.parametrize(
    "query,expected",
    [
        ("subject=chemistry", ["Ada Byrne", "Ben Okafor"]),
        ("department=natural-sciences", ["Ada Byrne", "Cai Lindqvist"]),
        ("programme=MBBS", ["Ben Okafor"]),
        ("subject=chemistry&department=natural-sciences", ["Ada Byrne"]),
        ("subject=biology&department=natural-sciences", ["Cai Lindqvist"]),
        ("subject=biology&programme=BSC-CHEM", []),
        ("q=okafor", ["Ben Okafor"]),
        ("q=ada+BYRNE", ["Ada Byrne"]),
        ("q=a&subject=biology", ["Ben Okafor", "Cai Lindqvist"]),
    ],
)
def test_directory_filters_combine(client, directory, query, expected):
    assert names(client.get(f"/librarians/?{query}")) == expected


def test_directory_no_match_offers_to_show_all(client, directory):
    html = client.get("/librarians/?subject=biology&programme=BSC-CHEM").content.decode()
    assert "No librarians match these filters" in html
    assert "Show all librarians" in html


@pytest.mark.parametrize(
    "query",
    ["subject=%27%3B--", "q=" + "x" * 5000, "programme=%01%1B", "q=%F0%9F%99%82&page=-3"],
)
def test_directory_hostile_filters_give_a_normal_page(client, directory, query):
    response = client.get(f"/librarians/?{query}")
    assert response.status_code == 200
    assert "librarian" in response.content.decode()


def test_directory_find_route_still_answers(client, directory):
    response = client.get("/librarians/find/?programme=bsc-chem")
    assert response.status_code == 200
    assert "Ada Byrne" in response.content.decode()


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


def test_directory_queries_do_not_grow_with_librarians(client, site_tree, directory):
    chem = SubjectFactory(name="Chemistry")
    url = "/librarians/?subject=chemistry&q=e"
    client.get(url)
    few = _queries(client, url)
    for i in range(8):
        LiaisonPageFactory(parent=site_tree["librarians"], title=f"Extra {i}", subjects=[chem])
    assert len(client.get(url).context["liaisons"]) == 10  # warms caches; Ada, Ben and the extras
    assert _queries(client, url) == few
