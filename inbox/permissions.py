"""Who may see and change which messages.

A liaison sees and updates only messages addressed to their own profile; coordinators
(``core.roles.is_coordinator``) and anyone else with ``inbox.reassign_message`` see all, reassign,
resend and export. Nobody adds or deletes messages in the admin: they come from the public forms, and
unwanted ones are marked as spam rather than lost.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Q
from wagtail.permission_policies.base import BasePermissionPolicy

from core import roles
from core.roles import liaison_for

from .models import Message

READ_ACTIONS = {"view", "change"}
SEE_ALL_PERMISSIONS = (roles.COORDINATOR_PERMISSION, "inbox.reassign_message")


def sees_all(user):
    """Whether this account sees every message (and reassigns, resends and exports them)."""
    return roles.is_coordinator(user) or (
        roles.is_active_user(user) and user.has_perm("inbox.reassign_message")
    )


def can_use_inbox(user):
    return sees_all(user) or liaison_for(user) is not None


def visible_messages(user, queryset):
    if sees_all(user):
        return queryset
    if not roles.is_active_user(user):
        return queryset.none()
    return queryset.filter(liaison__user=user)


def can_access(user, message):
    if sees_all(user):
        return True
    return bool(
        user
        and user.is_authenticated
        and user.is_active
        and message.liaison_id
        and message.liaison.user_id == user.pk
    )


class MessagePermissionPolicy(BasePermissionPolicy):
    """Wagtail permission policy for Message, built on the rules above."""

    def user_has_permission(self, user, action):
        return action in READ_ACTIONS and can_use_inbox(user)

    def users_with_any_permission(self, actions):
        User = get_user_model()
        if not set(actions) & READ_ACTIONS:
            return User.objects.none()
        see_all = Permission.objects.none()
        for permission in SEE_ALL_PERMISSIONS:
            app_label, codename = permission.split(".")
            see_all |= Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            )
        return (
            User.objects.filter(is_active=True)
            .filter(
                Q(is_superuser=True)
                | Q(groups__permissions__in=see_all)
                | Q(user_permissions__in=see_all)
                | Q(liaison_profile__isnull=False)
            )
            .distinct()
        )

    def user_has_permission_for_instance(self, user, action, instance):
        return action in READ_ACTIONS and can_access(user, instance)

    def instances_user_has_any_permission_for(self, user, actions):
        if not set(actions) & READ_ACTIONS:
            return Message.objects.none()
        return visible_messages(user, Message.objects.all())
