"""Content Security Policy: django-csp's middleware with two narrow, documented exceptions.

* The Wagtail admin (and Django's login-protected admin) still renders a few inline scripts and
  many inline styles (InlinePanel templates, date pickers, Draftail), so paths under
  ``PORTAL_CSP_ADMIN_PREFIXES`` get ``PORTAL_CSP_ADMIN_UPDATE`` added to the policy. Public pages
  never do.
* Views marked with Django's ``xframe_options_exempt`` (the embeddable librarian widget) may be
  framed by other sites, so ``frame-ancestors`` is dropped for them, matching X-Frame-Options.
"""

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.http import HttpResponseBadRequest, JsonResponse

from . import sessions


class PortalCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        prefixes = tuple(getattr(settings, "PORTAL_CSP_ADMIN_PREFIXES", ()))
        if prefixes and request.path_info.startswith(prefixes):
            update = dict(parts.update or {})
            for directive, sources in settings.PORTAL_CSP_ADMIN_UPDATE.items():
                update[directive] = [*update.get(directive, ()), *sources]
            parts.update = update
        if getattr(response, "xframe_options_exempt", False):
            parts.replace = {**(parts.replace or {}), "frame-ancestors": None}
        return parts


class PermissionsPolicyMiddleware:
    """Adds ``Permissions-Policy`` (Django has no setting for it): the portal needs no camera,
    microphone, location or payment APIs, so no page or embedded frame may ask for them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = getattr(settings, "PORTAL_PERMISSIONS_POLICY", "")
        if policy and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = policy
        return response


class CrossOriginResourcePolicyMiddleware:
    """Adds ``Cross-Origin-Resource-Policy`` (Django has no setting for it): ``same-origin`` keeps
    other sites from embedding the portal's pages, scripts and files, except under
    ``PORTAL_CORP_CROSS_ORIGIN_PREFIXES``, which are meant for other sites: the open-data API and
    the widget (``/api/``, read from any origin through CORS) and the media the API points to
    (``photo_url`` in ``/api/librarian-for-programme/``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "Cross-Origin-Resource-Policy" not in response:
            shared = tuple(getattr(settings, "PORTAL_CORP_CROSS_ORIGIN_PREFIXES", ()))
            open_to_all = shared and request.path_info.startswith(shared)
            response["Cross-Origin-Resource-Policy"] = (
                "cross-origin" if open_to_all else "same-origin"
            )
        return response


class RejectNullCharactersMiddleware:
    """A NUL character has no business in a URL or query string, and PostgreSQL refuses it in any
    query (so a view passing it on would fail with a 500). Answer 400 before any view runs.
    Form fields already reject it through Django's ProhibitNullCharactersValidator."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            message = "Bad request: the address contains a null character."
            if request.path.startswith("/api/"):
                return JsonResponse({"message": message}, status=400)
            return HttpResponseBadRequest(message, content_type="text/plain")
        return self.get_response(request)


class StaffSessionMiddleware:
    """After each request of a staff session, push its expiry one idle period ahead (Django saves
    the session and renews the cookie); see ops/sessions.py. Requests without a session cookie
    that did not change the session are not looked at, so anonymous pages stay cacheable."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and (
            settings.SESSION_COOKIE_NAME in request.COOKIES or session.modified
        ):
            sessions.refresh(session)
        return response
