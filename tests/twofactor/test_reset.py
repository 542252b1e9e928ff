"""A coordinator resets a liaison's second factor (a lost phone): a confirmation page, then a POST
that removes every authenticator and is logged. Nobody else can, and a GET changes nothing."""

import logging

import pytest

from twofactor.rules import may_reset

from .conftest import authenticators, enrol
from .helpers import SECRET, second_step, sign_in, totp


def reset_url(user):
    return f"/admin/two-factor/reset/{user.pk}/"


def denied(response):
    """Wagtail answers a refused admin view with a redirect (to sign in, or to the dashboard with
    "Sorry, you do not have permission"); never the page."""
    if response.status_code == 403:
        return True
    location = response.get("Location", "") if response.status_code == 302 else ""
    return location == "/admin/" or location.startswith("/accounts/login/")


def test_coordinator_resets_a_liaisons_second_factor(client, coordinator, liaison, caplog):
    enrol(liaison)
    client.force_login(coordinator)

    page = client.get(reset_url(liaison))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Authenticator app" in html and "Recovery codes" in html
    assert "Reset two-factor sign-in for Ada Byrne" in html
    assert authenticators(liaison) == {"totp", "recovery_codes"}  # looking changes nothing

    with caplog.at_level(logging.INFO, logger="portal.security"):
        response = client.post(reset_url(liaison))
    assert response.status_code == 302
    assert response["Location"] == "/admin/liaisons/"
    assert authenticators(liaison) == set()
    assert (
        f"reset by coordinator: user={liaison.pk} <{liaison.email}> lost recovery_codes, totp; "
        f"reset by user={coordinator.pk} <{coordinator.email}>"
    ) in caplog.text
    listing = client.get(response["Location"])
    assert "two-factor sign-in was reset" in listing.content.decode()


def test_after_a_reset_the_liaison_signs_in_with_the_password_alone(client, coordinator, liaison):
    enrol(liaison)
    client.force_login(coordinator)
    client.post(reset_url(liaison))
    client.logout()

    response = sign_in(client, liaison)
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_reset_of_someone_who_must_use_it_sends_them_to_enrol_again(client, coordinator, superuser):
    enrol(coordinator)
    client.force_login(superuser)
    client.post(reset_url(coordinator))
    assert authenticators(coordinator) == set()
    client.logout()
    sign_in(client, coordinator)
    assert client.get("/admin/")["Location"] == "/accounts/2fa/"


def test_reset_page_for_someone_without_a_second_factor_offers_nothing(
    client, coordinator, liaison
):
    client.force_login(coordinator)
    page = client.get(reset_url(liaison))
    assert "has not set up two-factor sign-in" in page.content.decode()
    assert 'type="submit"' not in page.content.decode()


@pytest.mark.parametrize("actor", ["liaison", "student", "other_liaison"])
def test_reset_is_refused_to_everyone_but_coordinators(client, request, actor, liaison, db):
    from tests.factories import LiaisonPageFactory

    target = liaison
    enrol(target)
    if actor == "other_liaison":
        page = LiaisonPageFactory(parent=request.getfixturevalue("site_tree")["librarians"])
        page.user.groups.add(request.getfixturevalue("groups")["liaison"])
        user = page.user
    else:
        user = request.getfixturevalue(actor)
    client.force_login(user)
    for method in (client.get, client.post):
        response = method(reset_url(target))
        assert denied(response), (actor, method)
    assert authenticators(target) == {"totp", "recovery_codes"}


def test_reset_is_refused_to_anonymous_visitors(client, liaison):
    enrol(liaison)
    response = client.post(reset_url(liaison))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert authenticators(liaison) == {"totp", "recovery_codes"}


def test_coordinator_cannot_reset_an_administrator_or_themselves(client, coordinator, superuser):
    enrol(superuser)
    enrol(coordinator)
    client.force_login(coordinator)
    assert denied(client.post(reset_url(superuser)))
    assert denied(client.post(reset_url(coordinator)))
    assert authenticators(superuser) == {"totp", "recovery_codes"}
    assert authenticators(coordinator) == {"totp", "recovery_codes"}


def test_reset_needs_the_coordinators_own_second_step(client, coordinator, liaison):
    """The reset lives in the admin, so an unenrolled coordinator is sent to enrol first."""
    enrol(liaison)
    sign_in(client, coordinator)
    response = client.post(reset_url(liaison))
    assert response["Location"] == "/accounts/2fa/"
    assert authenticators(liaison) == {"totp", "recovery_codes"}


def test_reset_of_unknown_or_garbled_user_ids(client, coordinator):
    client.force_login(coordinator)
    assert client.get("/admin/two-factor/reset/999999/").status_code == 404
    assert client.post("/admin/two-factor/reset/999999/").status_code == 404
    for odd in ["abc", "-1", "1.5", "%00", "1" * 400]:
        assert client.post(f"/admin/two-factor/reset/{odd}/").status_code in (400, 404), odd


def test_may_reset_rule(coordinator, superuser, liaison, student):
    assert may_reset(coordinator, liaison)
    assert may_reset(coordinator, student)
    assert not may_reset(coordinator, coordinator)
    assert not may_reset(coordinator, superuser)
    assert may_reset(superuser, coordinator)
    assert not may_reset(liaison, coordinator)
    assert not may_reset(student, liaison)
    coordinator.is_active = False
    assert not may_reset(coordinator, liaison)


def test_liaison_list_links_to_the_reset(client, coordinator, liaison):
    client.force_login(coordinator)
    html = client.get("/admin/liaisons/").content.decode()
    assert f'href="{reset_url(liaison)}"' in html


def test_codes_stop_working_after_a_reset(client, coordinator, liaison):
    enrol(liaison)
    client.force_login(coordinator)
    client.post(reset_url(liaison))
    client.logout()
    response = sign_in(client, liaison)
    assert response["Location"] == "/admin/"  # no second step asked, and an old code means nothing
    client.logout()
    assert second_step(client, totp(SECRET))["Location"] == "/accounts/login/"
