"""The editorial demo step: groups, workflow and the printed logins."""

from django.contrib.auth import get_user_model

from demo.steps import editorial as demo
from editorial.roles import COORDINATOR, LIAISON


def test_demo_step_adds_coordinator_and_second_liaison(world, db):
    context = {"logins": [], "liaisons": [world.owner_page]}
    demo.seed(context)
    demo.seed(context)  # idempotent
    coordinator = get_user_model().objects.get(email=demo.COORDINATOR_EMAIL)
    assert coordinator.groups.filter(name=COORDINATOR).exists()
    assert coordinator.check_password(demo.COORDINATOR_PASSWORD)
    roles = [role for role, _email, _password in context["logins"]]
    assert roles.count("Coordinator") == 2 and roles.count("Liaison (2nd)") == 2
    second_email = next(e for r, e, _p in context["logins"] if r == "Liaison (2nd)")
    assert second_email == world.coeditor_page.email  # shares a guide with the first login
    assert world.users["other"].groups.filter(name=LIAISON).exists()
    assert get_user_model().objects.filter(email=demo.COORDINATOR_EMAIL).count() == 1
