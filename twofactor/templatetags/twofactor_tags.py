from django import template

from twofactor import rules

register = template.Library()


@register.filter
def mfa_required(user):
    """{% if request.user|mfa_required %}: must this person use two-factor sign-in?"""
    return rules.mfa_required(user)


@register.filter
def has_admin_access(user):
    return bool(
        getattr(user, "is_authenticated", False) and user.has_perm("wagtailadmin.access_admin")
    )
