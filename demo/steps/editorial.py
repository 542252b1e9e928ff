"""Demo step 4: roles, the approval workflow, a coordinator login and the liaisons in their group."""

from demo.builder import LIAISON_PASSWORD, user
from editorial.roles import setup_roles
from liaison_pages.models import GuideCoEditor, LiaisonPage

COORDINATOR_EMAIL = "coordinator@library.example.edu"
COORDINATOR_PASSWORD = "demo-coordinator-password"  # noqa: S105 - printed demo login


def _coordinator(group):
    account = user(COORDINATOR_EMAIL, "Casey", "Coordinator", COORDINATOR_PASSWORD)
    if not account.check_password(COORDINATOR_PASSWORD):  # the printed password always works
        account.set_password(COORDINATOR_PASSWORD)
        account.save()
    account.groups.add(group)
    return account


def _second_liaison(first):
    """A co-editor of one of the first liaison's guides if there is one, so both logins can show
    shared editing; otherwise the next librarian."""
    co_editor = (
        GuideCoEditor.objects.filter(page__liaison=first, liaison__user__isnull=False)
        .exclude(liaison=first)
        .select_related("liaison")
        .first()
    )
    if co_editor:
        return co_editor.liaison
    return (
        LiaisonPage.objects.filter(user__isnull=False, is_active=True)
        .exclude(pk=first.pk)
        .order_by("pk")
        .first()
    )


def seed(context):
    liaison_group, coordinator_group = setup_roles()
    coordinator = _coordinator(coordinator_group)
    liaisons = LiaisonPage.objects.filter(user__isnull=False, is_active=True).select_related("user")
    for page in liaisons:
        page.user.groups.add(liaison_group)
    context["logins"].append(("Coordinator", coordinator.email, COORDINATOR_PASSWORD))
    first = (context.get("liaisons") or list(liaisons.order_by("pk")))[:1]
    if first:
        second = _second_liaison(first[0])
        if second is not None:
            context["logins"].append(("Liaison (2nd)", second.user.email, LIAISON_PASSWORD))
    out = context.get("stdout")
    if out is not None:
        out.write(
            f"Editorial: groups Liaison ({liaison_group.user_set.count()}) and Coordinator, "
            "the 'Coordinator approval' workflow on guides, news and enquiry forms."
        )
