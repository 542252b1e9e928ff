"""Who may see and change which students. Liaisons see only their own students; coordinators
(the "Coordinator" group, or superusers) see everyone and may reassign and rebalance."""

COORDINATOR_GROUP = "Coordinator"


def is_coordinator(user):
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    cached = getattr(user, "_students_is_coordinator", None)
    if cached is None:
        cached = user.groups.filter(name=COORDINATOR_GROUP).exists()
        user._students_is_coordinator = cached
    return cached


def liaison_for(user):
    """The liaison profile a signed-in user owns, or None."""
    if not (user.is_authenticated and user.is_active):
        return None
    from liaison_pages.models import LiaisonPage

    return LiaisonPage.objects.filter(user=user).first()


def can_view_students(user):
    return is_coordinator(user) or liaison_for(user) is not None


def visible_students(user, queryset):
    """The students this user may see: all for coordinators, their own for a liaison, else none."""
    if is_coordinator(user):
        return queryset
    liaison = liaison_for(user)
    if liaison is None:
        return queryset.none()
    return queryset.filter(
        assignments__liaison=liaison, assignments__ended_at__isnull=True
    ).distinct()
