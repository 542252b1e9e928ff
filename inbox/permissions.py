"""Who may see and change which messages.

A liaison sees and updates only messages addressed to their own profile; coordinators (the
"Coordinator" group, anyone with ``inbox.reassign_message``, superusers) see all, reassign, resend
and export. Nobody adds or deletes messages in the admin: they come from the public forms, and
unwanted ones are marked as spam rather than lost.
"""

from django.contrib.auth import get_user_model
from django.db.models import Q
from wagtail.permission_policies.base import BasePermissionPolicy

COORDINATOR_GROUP = "Coordinator"
READ_ACTIONS = {"view", "change"}


def is_coordinator(user):
    if not (user and user.is_authenticated and user.is_active):
        return False
    if user.is_superuser or user.has_perm("inbox.reassign_message"):
        return True
    return user.groups.filter(name=COORDINATOR_GROUP).exists()


def liaison_profile(user):
    if not (user and user.is_authenticated and user.is_active):
        return None
    from liaison_pages.models import LiaisonPage

    return LiaisonPage.objects.filter(user=user).first()


def can_use_inbox(user):
    return is_coordinator(user) or liaison_profile(user) is not None


def visible_messages(user, queryset):
    if is_coordinator(user):
        return queryset
    if not (user and user.is_authenticated and user.is_active):
        return queryset.none()
    return queryset.filter(liaison__user=user)


def can_access(user, message):
    if is_coordinator(user):
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
        return (
            User.objects.filter(is_active=True)
            .filter(
                Q(is_superuser=True)
                | Q(groups__name=COORDINATOR_GROUP)
                | Q(liaison_profile__isnull=False)
            )
            .distinct()
        )

    def user_has_permission_for_instance(self, user, action, instance):
        return action in READ_ACTIONS and can_access(user, instance)

    def instances_user_has_any_permission_for(self, user, actions):
        from .models import Message

        if not set(actions) & READ_ACTIONS:
            return Message.objects.none()
        return visible_messages(user, Message.objects.all())
