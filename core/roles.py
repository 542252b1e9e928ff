"""Who someone is to the portal, asked the same way by every app.

* A **coordinator** holds ``editorial.manage_liaisons`` (the Coordinator group that
  ``editorial.roles.setup_roles`` makes has it, and so does every active superuser). A permission,
  not a group name, so renaming the group or granting the role to one account works the same.
* A **liaison** is an account linked to a librarian profile (``LiaisonPage.user``).

Only active accounts count as either.
"""

# The coordinator's permission (defined on ``editorial.models.LiaisonDeactivation``). Admin panels
# that only coordinators see (``FieldPanel(..., permission=COORDINATOR_PERMISSION)``) use it too.
COORDINATOR_PERMISSION = "editorial.manage_liaisons"


def is_active_user(user):
    return bool(user is not None and user.is_authenticated and user.is_active)


def is_coordinator(user):
    """Whether this account coordinates the programme (answered from Django's permission cache
    on the user object, so asking again in a request costs no query)."""
    return is_active_user(user) and user.has_perm(COORDINATOR_PERMISSION)


def liaison_for(user):
    """The librarian profile (``liaison_pages.LiaisonPage``) this account signs in for, or None.

    The profile model is reached through the account's reverse relation ``liaison_profile``,
    because this app sits below ``liaison_pages`` and never imports it."""
    if not is_active_user(user):
        return None
    # remembered on the user object, like Django's permission cache: every admin page asks from
    # each app's menu items and permission policies (a dozen times per request otherwise). Only
    # a profile found is remembered, so linking one to an account is seen at once.
    cached = getattr(user, "_liaison_profile_cache", None)
    if cached is not None and cached.user_id == user.pk:
        return cached
    profiles = user._meta.get_field("liaison_profile").related_model._default_manager
    profile = profiles.filter(user=user).first()
    if profile is not None:
        user._liaison_profile_cache = profile
    return profile
