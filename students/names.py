"""How people are named to others: one rule for every page, message and email.

Speaking *to* a student: their preferred name (``Student.display_name``). Speaking to staff *about* a
student: the full name with the preferred one in brackets (``Student.staff_name``). The internal
username is never shown to anyone."""

from django.core.exceptions import ObjectDoesNotExist


def user_display(user):
    """allauth's ``ACCOUNT_USER_DISPLAY``: what sign-in messages and account pages call a user."""
    if user is None or not getattr(user, "pk", None):
        return ""
    try:
        return user.student.display_name
    except ObjectDoesNotExist:
        pass
    try:
        return user.liaison_profile.title
    except (ObjectDoesNotExist, AttributeError):
        pass
    return user.get_full_name() or user.email
