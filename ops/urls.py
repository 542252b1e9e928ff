"""Addresses at fixed, well-known paths (included at the site root, before Wagtail's pages)."""

from django.urls import path

from . import wellknown

urlpatterns = [
    path(".well-known/security.txt", wellknown.security_txt, name="security_txt"),
    path("security-policy.txt", wellknown.security_policy, name="security_policy"),
]
