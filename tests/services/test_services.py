import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from services.models import ServicePage
from tests.factories import (
    LiaisonPageFactory,
    ServiceIndexPageFactory,
    ServicePageFactory,
    SubjectFactory,
    build_site_tree,
)
from tests.shared_rows import built_once, per_test_copy

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def _tree_rows(django_db_setup, django_db_blocker):
    def build():
        tree = build_site_tree()
        return {"site_tree": tree, "services_index": ServiceIndexPageFactory(parent=tree["home"])}

    yield from built_once(django_db_blocker, build)


@pytest.fixture
def _shared(db, _tree_rows):
    """The page tree with an empty service catalogue page, the same for every test here: built
    once for the module (tests/shared_rows.py), each test in a savepoint inside it. What a test
    puts in the catalogue is its own."""
    return per_test_copy(_tree_rows)


@pytest.fixture
def site_tree(_shared):
    return _shared["site_tree"]


@pytest.fixture
def services_index(_shared):
    return _shared["services_index"]


def test_audiences_default_list_exists(audiences):
    assert set(audiences) == {"students", "faculty", "researchers", "external-partners"}


@pytest.fixture
def catalogue(services_index, audiences):
    chemistry = SubjectFactory(name="Chemistry")
    history = SubjectFactory(name="History")
    make = ServicePageFactory
    return {
        "chem_faculty": make(
            parent=services_index,
            title="Chemistry instruction sessions",
            audiences=[audiences["faculty"]],
            subjects=[chemistry],
        ),
        "chem_students": make(
            parent=services_index,
            title="Chemistry consultations",
            audiences=[audiences["students"]],
            subjects=[chemistry],
        ),
        "hist_faculty": make(
            parent=services_index,
            title="Archive collection requests",
            audiences=[audiences["faculty"], audiences["researchers"]],
            subjects=[history],
        ),
        "everyone": make(parent=services_index, title="Citation management"),
    }


def titles(response):
    return [s.title for s in response.context["services"]]


def test_service_index_lists_every_live_service(client, catalogue):
    unpublished = ServicePageFactory(parent=catalogue["everyone"].get_parent(), title="Draft")
    unpublished.unpublish()
    response = client.get("/services/")
    assert response.status_code == 200
    assert titles(response) == [
        "Archive collection requests",
        "Chemistry consultations",
        "Chemistry instruction sessions",
        "Citation management",
    ]
    assert "Draft" not in response.content.decode()


def test_service_index_filters_by_audience(client, catalogue):
    response = client.get("/services/?audience=faculty")
    assert titles(response) == ["Archive collection requests", "Chemistry instruction sessions"]
    assert "2 services for faculty" in response.content.decode()


def test_service_index_audience_and_subject_filters_combine(client, catalogue):
    response = client.get("/services/?audience=faculty&subject=chemistry")
    assert titles(response) == ["Chemistry instruction sessions"]
    html = response.content.decode()
    assert '<option value="faculty" selected>' in html
    assert '<option value="chemistry" selected>' in html


def test_service_index_no_match_says_so(client, catalogue):
    response = client.get("/services/?audience=external-partners&subject=history")
    assert titles(response) == []
    assert "No services match these filters" in response.content.decode()


def test_service_index_unknown_filter_values_are_ignored(client, catalogue):
    response = client.get("/services/?audience=nobody&subject=%27%3B--&page=abc")
    assert response.status_code == 200
    assert len(titles(response)) == 4


def _build(site_tree, services_index, audiences, n):
    subject = SubjectFactory(name="Geography")
    liaison = LiaisonPageFactory(parent=site_tree["librarians"])
    for i in range(n):
        ServicePageFactory(
            parent=services_index,
            title=f"Mapping service {n}-{i}",
            audiences=[audiences["students"], audiences["faculty"]],
            subjects=[subject],
            liaisons=[liaison],
        )


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


def test_service_index_queries_do_not_grow_with_services(
    client, site_tree, services_index, audiences
):
    _build(site_tree, services_index, audiences, 2)
    url = "/services/?audience=students&subject=geography"
    client.get(url)  # warm site-root caches
    few = _count_queries(client, url)
    _build(site_tree, services_index, audiences, 8)
    client.get(url)  # warm again: publishing invalidates the site caches
    assert _count_queries(client, url) == few


def test_service_page_shows_request_route_turnaround_and_liaisons(
    client, site_tree, services_index, audiences
):
    liaison = LiaisonPageFactory(parent=site_tree["librarians"], title="Ada Byrne")
    form_page = site_tree["guides"]  # any live page can be the request page
    service = ServicePageFactory(
        parent=services_index,
        title="Systematic review support",
        turnaround="First meeting within five working days",
        request_email="reviews@library.example.edu",
        request_page=form_page,
        audiences=[audiences["researchers"]],
        liaisons=[liaison],
    )
    html = client.get(service.url).content.decode()
    assert "First meeting within five working days" in html
    assert f'href="{form_page.url}"' in html
    assert "reviews@library.example.edu" in html
    assert "Ada Byrne" in html
    assert "Researchers" in html


def test_service_page_without_request_route_falls_back_to_general_email(client, services_index):
    service = ServicePageFactory(parent=services_index, title="GIS and mapping")
    html = client.get(service.url).content.decode()
    assert "ask@library.example.edu" in html


def test_service_page_hides_inactive_liaisons(client, site_tree, services_index):
    active = LiaisonPageFactory(parent=site_tree["librarians"], title="Active Person")
    inactive = LiaisonPageFactory(parent=site_tree["librarians"], title="Gone Person")
    inactive.is_active = False
    inactive.save_revision().publish()
    service = ServicePageFactory(parent=services_index, liaisons=[inactive, active])
    assert [p.title for p in ServicePage.objects.get(pk=service.pk).get_liaisons()] == [
        "Active Person"
    ]


def test_service_without_a_form_page_takes_requests_into_the_inbox(
    client, site_tree, services_index, django_capture_on_commit_callbacks
):
    from django.core import mail

    from inbox.models import Message

    ada = LiaisonPageFactory(parent=site_tree["librarians"], title="Ada Byrne")
    service = ServicePageFactory(
        parent=services_index,
        title="GIS and mapping",
        request_email="maps@library.example.edu",
        liaisons=[ada],
    )
    html = client.get(service.url).content.decode()
    assert 'id="request"' in html and "Ask for GIS and mapping" in html
    assert 'value="Request: GIS and mapping"' in html
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            service.url,
            {
                "request-name": "Dr Lee",
                "request-email": "lee@uni.example.edu",
                "request-subject": "Request: GIS and mapping",
                "request-message": "Can you help my module with a mapping workshop?",
                "request-website": "",
            },
        )
    assert response.status_code == 302 and response["Location"].endswith("?sent=1#request")
    message = Message.objects.get()
    assert message.liaison == ada
    assert message.source == Message.Source.SERVICE
    assert any(ada.email in m.to for m in mail.outbox)
    sent = client.get(response["Location"]).content.decode()
    assert "your request has been received" in sent


def test_service_request_form_errors_keep_the_text(client, site_tree, services_index):
    service = ServicePageFactory(parent=services_index, title="GIS and mapping")
    response = client.post(
        service.url,
        {"request-name": "Dr Lee", "request-email": "not-an-address", "request-message": "Keep me"},
    )
    assert response.status_code == 400
    assert "Keep me" in response.content.decode()


def test_service_cards_name_the_librarian_who_offers_it(client, site_tree, services_index):
    ada = LiaisonPageFactory(parent=site_tree["librarians"], title="Ada Byrne")
    gone = LiaisonPageFactory(parent=site_tree["librarians"], title="Gone Person")
    gone.is_active = False
    gone.save_revision().publish()
    ServicePageFactory(parent=services_index, title="GIS and mapping", liaisons=[gone, ada])
    ServicePageFactory(parent=services_index, title="Citation management")
    html = client.get(services_index.url).content.decode()
    card = html.split("GIS and mapping", 1)[1].split("</article>", 1)[0]
    assert "Offered by Ada Byrne" in card
    assert "Gone Person" not in html
