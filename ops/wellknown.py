"""Files outside auditors and researchers look for by name.

``/.well-known/security.txt`` (RFC 9116) says where to report a vulnerability. Its contact comes
from ``PORTAL_SECURITY_CONTACT`` and its expiry is always ``PORTAL_SECURITY_TXT_DAYS`` ahead,
computed on each request, so a deployment never serves an expired file. Its ``Policy`` is the
repository's SECURITY.md, served as plain text at ``/security-policy.txt``, unless
``PORTAL_SECURITY_POLICY_URL`` points elsewhere (a university-wide disclosure page).
"""

import datetime
from pathlib import Path

from django.conf import settings
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

SECURITY_POLICY = Path(settings.BASE_DIR) / "SECURITY.md"
PLAIN_TEXT = "text/plain; charset=utf-8"


def contact_uri(value):
    """An RFC 9116 Contact: URIs as given, a bare email address as a mailto: URI."""
    value = value.strip()
    if ":" not in value and "@" in value:
        return f"mailto:{value}"
    return value


def security_txt_fields(now, contacts, days, policy_url, canonical_url):
    """The (field, value) lines of security.txt, in the order RFC 9116's examples use."""
    expires = (now + datetime.timedelta(days=days)).astimezone(datetime.UTC)
    expires = expires.replace(hour=0, minute=0, second=0, microsecond=0)
    return [
        *(("Contact", contact_uri(contact)) for contact in contacts),
        ("Expires", expires.strftime("%Y-%m-%dT%H:%M:%SZ")),
        ("Policy", policy_url),
        ("Preferred-Languages", "en"),
        ("Canonical", canonical_url),
    ]


@require_safe
@cache_control(public=True, max_age=86_400)
def security_txt(request):
    policy_url = settings.PORTAL_SECURITY_POLICY_URL or request.build_absolute_uri(
        reverse("security_policy")
    )
    fields = security_txt_fields(
        timezone.now(),
        settings.PORTAL_SECURITY_CONTACT,
        settings.PORTAL_SECURITY_TXT_DAYS,
        policy_url,
        request.build_absolute_uri(reverse("security_txt")),
    )
    body = "".join(f"{name}: {value}\n" for name, value in fields)
    return HttpResponse(body, content_type=PLAIN_TEXT)


@require_safe
@cache_control(public=True, max_age=86_400)
def security_policy(request):
    """SECURITY.md as plain text: how to report a vulnerability and what happens next."""
    try:
        text = SECURITY_POLICY.read_text(encoding="utf-8")
    except OSError as exc:  # a deployment that left the file out
        raise Http404("No security policy here.") from exc
    return HttpResponse(text, content_type=PLAIN_TEXT)
