"""A coordinator's first sign-in: sent to set up two-factor sign-in, they add an authenticator app
(reading the setup key off the page as an app would scan it), type its code, keep their recovery
codes and land in the admin. The last screenshot is the set-up page."""

import re

import pytest
from playwright.sync_api import expect

from tests.twofactor.helpers import PASSWORD, totp

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def viewport():
    """Coordinators enrol at their desk: desktop size only."""
    return "desktop"


@pytest.fixture
def coordinator(site_tree):
    from allauth.account.models import EmailAddress

    from editorial.roles import setup_roles
    from tests.factories import UserFactory

    _, coordinator_group = setup_roles()
    user = UserFactory(
        email="cora.ordinator@library.example.edu", first_name="Cora", last_name="Ordinator"
    )
    user.groups.add(coordinator_group)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def test_coordinator_enrols_in_an_authenticator_app(site, coordinator, screenshot):
    site.goto("/admin/")
    expect(site).to_have_url(re.compile(r"/accounts/login/\?next="))
    site.get_by_label("Email").fill(coordinator.email)
    site.get_by_label("Password").fill(PASSWORD)
    site.get_by_role("button", name="Sign in", exact=True).click()

    # Signed in, but the admin waits until a second factor is set up.
    expect(site).to_have_url(re.compile(r"/accounts/2fa/$"))
    expect(site.get_by_role("heading", level=1)).to_have_text("Two-factor sign-in")
    expect(site.get_by_text("Set up two-factor sign-in to continue to the admin.")).to_be_visible()
    screenshot(site, "two-factor-required")
    site.get_by_role("link", name="Set up an authenticator app").click()

    # allauth checks the password again before anyone changes how they sign in.
    expect(site).to_have_url(re.compile(r"/accounts/reauthenticate/"))
    expect(site.get_by_role("heading", level=1)).to_have_text("Confirm it is you")
    site.get_by_label("Password").fill(PASSWORD)
    site.get_by_role("button", name="Confirm").click()

    expect(site).to_have_url(re.compile(r"/accounts/2fa/totp/activate/$"))
    expect(
        site.get_by_role("img", name="QR code to scan with your authenticator app")
    ).to_be_visible()
    key = site.get_by_label("Setup key").input_value()
    assert re.fullmatch(r"[A-Z2-7]{32}", key), key
    site.get_by_label("Authenticator code").fill(totp(key))
    path = screenshot(site, "two-factor-enrolment")
    site.get_by_role("button", name="Turn on").click()

    expect(site).to_have_url(re.compile(r"/accounts/2fa/recovery-codes/$"))
    codes = site.get_by_label("Unused codes").input_value().split()
    assert len(codes) == 10 and all(re.fullmatch(r"\d{8}", code) for code in codes), codes
    site.get_by_role("link", name="Continue to the admin").click()

    expect(site).to_have_url(re.compile(r"/admin/$"))
    expect(site.get_by_role("heading", level=1).first).not_to_have_text(re.compile("Sign in"))
    site.goto("/admin/students/")
    expect(site).to_have_url(re.compile(r"/admin/students/$"))
    assert path.exists()
