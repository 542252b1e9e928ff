"""Who may see and change availability, closed days and bookings in the admin.

A librarian keeps their own availability and sees their own bookings (outcomes, private notes);
coordinators (the "Coordinator" group, superusers) see and change everyone's, and alone set the
library's closed days. Nobody adds or deletes bookings in the admin: they come from the booking
pages and are cancelled, never lost.
"""

from django.contrib.auth import get_user_model
from django.db.models import Q
from wagtail.permission_policies.base import BasePermissionPolicy

from core.roles import is_coordinator, liaison_for
from editorial.roles import COORDINATOR as COORDINATOR_GROUP

OWN_ACTIONS = {"view", "change"}


def visible(user, queryset):
    """What this user may see of a queryset of rows with a ``liaison``."""
    if is_coordinator(user):
        return queryset
    if not (user and user.is_authenticated and user.is_active):
        return queryset.none()
    return queryset.filter(liaison__user=user)


def _staff_users(coordinators_only=False):
    rule = Q(is_superuser=True) | Q(groups__name=COORDINATOR_GROUP)
    if not coordinators_only:
        rule |= Q(liaison_profile__isnull=False)
    return get_user_model().objects.filter(is_active=True).filter(rule).distinct()


class OwnRowsPolicy(BasePermissionPolicy):
    """Availability and bookings: a librarian their own rows, coordinators all.
    ``liaison_actions``: what a librarian may do with their own; coordinators may do
    ``coordinator_actions`` with any."""

    liaison_actions = OWN_ACTIONS
    coordinator_actions = OWN_ACTIONS

    def _actions(self, user):
        if is_coordinator(user):
            return self.coordinator_actions
        if liaison_for(user) is not None:
            return self.liaison_actions
        return set()

    def user_has_permission(self, user, action):
        return action in self._actions(user)

    def users_with_any_permission(self, actions):
        if set(actions) & self.liaison_actions:
            return _staff_users()
        if set(actions) & self.coordinator_actions:
            return _staff_users(coordinators_only=True)
        return get_user_model().objects.none()

    def user_has_permission_for_instance(self, user, action, instance):
        if action not in self._actions(user):
            return False
        return is_coordinator(user) or instance.liaison.user_id == user.pk

    def instances_user_has_any_permission_for(self, user, actions):
        if not set(actions) & self._actions(user):
            return self.model.objects.none()
        return visible(user, self.model.objects.all())


class AvailabilityPolicy(OwnRowsPolicy):
    liaison_actions = {"view", "change", "add"}
    coordinator_actions = {"view", "change", "add", "delete"}


class BookingPolicy(OwnRowsPolicy):
    pass


class ClosedDayPolicy(BasePermissionPolicy):
    """Closed days: coordinators only."""

    def user_has_permission(self, user, action):
        return is_coordinator(user)

    def users_with_any_permission(self, actions):
        return _staff_users(coordinators_only=True)

    def user_has_permission_for_instance(self, user, action, instance):
        return is_coordinator(user)

    def instances_user_has_any_permission_for(self, user, actions):
        return self.model.objects.all() if is_coordinator(user) else self.model.objects.none()
