"""Who may reach the two-factor pages and actions, in the style of the permission matrix: every
actor of the editorial world requests each URL directly (GET, or a crafted POST) and the outcome a
user would see is compared with the rule.

Signed-in actors here passed the second step (a forced sign-in counts as a full one, see
tests/conftest.py); what happens before it is in tests/twofactor/.
"""

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.urls import reverse

from twofactor.models import RequiredGroup

ACTORS = ["owner", "coeditor", "other", "coordinator", "student", "anonymous"]
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def _enrol(user):
    TOTP.activate(user, SECRET)
    RecoveryCodes.activate(user)


def _reaches(response):
    """The page, or allauth asking for the password first (before a change to how someone signs
    in, a forced sign-in has no recent password): both mean the actor may go on."""
    assert response.status_code < 500, response
    if response.status_code == 302:
        return response["Location"].startswith(reverse("account_reauthenticate"))
    return response.status_code == 200


# --- actions: each returns True when the actor got what they asked for --------------------------


def overview(client, world, actor):
    return _reaches(client.get(reverse("mfa_index")))


def set_up_app(client, world, actor):
    return _reaches(client.get(reverse("mfa_activate_totp")))


def add_security_key(client, world, actor):
    return _reaches(client.get(reverse("mfa_add_webauthn")))


def recovery_codes(client, world, actor):
    user = world.users[actor]
    if user is not None:
        _enrol(user)
    return _reaches(client.get(reverse("mfa_view_recovery_codes")))


def reset_get(client, world, actor):
    url = reverse("twofactor_reset", args=[world.users["owner"].pk])
    return _reaches(client.get(url))


def reset_post(client, world, actor):
    target = world.users["owner"]
    _enrol(target)
    client.post(reverse("twofactor_reset", args=[target.pk]))
    return not Authenticator.objects.filter(user=target).exists()


def required_groups_list(client, world, actor):
    return _reaches(client.get(reverse("two_factor_groups:index")))


def required_groups_add(client, world, actor):
    from django.contrib.auth.models import Group

    liaisons = Group.objects.get(name="Liaison")
    client.post(reverse("two_factor_groups:add"), {"group": str(liaisons.pk)})
    return RequiredGroup.objects.filter(group=liaisons).exists()


ACTIONS = {
    f.__name__: f
    for f in [
        overview,
        set_up_app,
        add_security_key,
        recovery_codes,
        reset_get,
        reset_post,
        required_groups_list,
        required_groups_add,
    ]
}
# Offered to everyone with admin access; never to students.
OWN_ACCOUNT = {"overview", "set_up_app", "add_security_key", "recovery_codes"}


def expected(action, actor):
    if actor in ("anonymous", "student"):
        return False
    if action in OWN_ACCOUNT:
        return True
    return actor == "coordinator"  # resets and the list of groups: coordinators only


CASES = [
    pytest.param(action, actor, id=f"{action}-{actor}") for action in ACTIONS for actor in ACTORS
]


@pytest.mark.parametrize("action,actor", CASES)
def test_two_factor_permissions(world, as_actor, action, actor, permission_cases):
    client = as_actor(actor)
    allowed = ACTIONS[action](client, world, actor)
    permission_cases.append(("two-factor", action, actor, allowed))
    want = expected(action, actor)
    assert allowed == want, f"{actor} {action}: {'allowed' if allowed else 'denied'}"


def test_coordinator_does_not_reset_their_own_second_factor_from_the_admin(world, as_actor):
    coordinator = world.users["coordinator"]
    _enrol(coordinator)
    client = as_actor("coordinator")
    client.post(reverse("twofactor_reset", args=[coordinator.pk]))
    assert Authenticator.objects.filter(user=coordinator).count() == 2
