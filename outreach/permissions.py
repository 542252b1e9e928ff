"""Who may see and change which campaigns, adaptations and send records.

Coordinators see and change everything. A liaison sees their own campaigns, messages and
digests, plus the programme-wide campaigns (to adapt them); changes only their own, and only
before sending; sees only their own adaptations and only the send records of their own campaigns
(never another liaison's students). Students and anyone else see nothing here.
"""

from django.contrib.auth import get_user_model
from django.db.models import Q
from wagtail.permission_policies.base import BasePermissionPolicy

from core.roles import is_coordinator, liaison_for
from editorial.roles import COORDINATOR as COORDINATOR_GROUP
from students.permissions import visible_students

ACTIONS = {"view", "add", "change", "delete"}


def can_use_outreach(user):
    return is_coordinator(user) or liaison_for(user) is not None


def visible_campaigns(user, queryset):
    if is_coordinator(user):
        return queryset
    liaison = liaison_for(user)
    if liaison is None:
        return queryset.none()
    return queryset.filter(Q(liaison=liaison) | Q(liaison__isnull=True, kind="campaign"))


def changeable_campaigns(user, queryset):
    """Campaigns this user may edit, schedule, send or cancel (their own; coordinators all)."""
    if is_coordinator(user):
        return queryset
    liaison = liaison_for(user)
    if liaison is None:
        return queryset.none()
    return queryset.filter(liaison=liaison)


def visible_adaptations(user, queryset):
    if is_coordinator(user):
        return queryset
    liaison = liaison_for(user)
    return queryset.filter(liaison=liaison) if liaison else queryset.none()


def preview_students(user, queryset):
    """Students whose data this user may preview a campaign with: their own, or any for staff
    coordinators; only students who have a librarian to send from."""
    queryset = queryset.filter(
        assignments__ended_at__isnull=True, assignments__liaison__isnull=False
    )
    return visible_students(user, queryset).distinct()


def _users_with_a_role():
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(
            Q(is_superuser=True)
            | Q(groups__name=COORDINATOR_GROUP)
            | Q(liaison_profile__isnull=False)
        )
        .distinct()
    )


class CampaignPermissionPolicy(BasePermissionPolicy):
    def user_has_permission(self, user, action):
        return action in ACTIONS and can_use_outreach(user)

    def users_with_any_permission(self, actions):
        if not set(actions) & ACTIONS:
            return get_user_model().objects.none()
        return _users_with_a_role()

    def user_has_permission_for_instance(self, user, action, instance):
        queryset = self.model.objects.filter(pk=instance.pk)
        if action == "view":
            return visible_campaigns(user, queryset).exists()
        if action in ("change", "delete"):
            return changeable_campaigns(user, queryset).exists() and instance.is_editable
        return False

    def instances_user_has_any_permission_for(self, user, actions):
        if "view" in actions:
            return visible_campaigns(user, self.model.objects.all())
        return changeable_campaigns(user, self.model.objects.all())


class AdaptationPermissionPolicy(BasePermissionPolicy):
    """Liaisons add and change their own adaptations; coordinators view them all."""

    def user_has_permission(self, user, action):
        if action == "view":
            return can_use_outreach(user)
        return action in ACTIONS and liaison_for(user) is not None

    def users_with_any_permission(self, actions):
        return _users_with_a_role() if set(actions) & ACTIONS else get_user_model().objects.none()

    def user_has_permission_for_instance(self, user, action, instance):
        if action == "view":
            return visible_adaptations(user, self.model.objects.filter(pk=instance.pk)).exists()
        liaison = liaison_for(user)
        return bool(liaison and instance.liaison_id == liaison.pk and instance.campaign.is_editable)

    def instances_user_has_any_permission_for(self, user, actions):
        return visible_adaptations(user, self.model.objects.all())


class CoordinatorPolicy(BasePermissionPolicy):
    """The academic calendar: coordinators only."""

    def user_has_permission(self, user, action):
        return action in ACTIONS and is_coordinator(user)

    def users_with_any_permission(self, actions):
        return (
            get_user_model()
            .objects.filter(is_active=True)
            .filter(Q(is_superuser=True) | Q(groups__name=COORDINATOR_GROUP))
            .distinct()
        )

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)

    def instances_user_has_any_permission_for(self, user, actions):
        if is_coordinator(user):
            return self.model.objects.all()
        return self.model.objects.none()
