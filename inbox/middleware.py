"""Turns inbox.ratelimit.RateLimited, raised by any view that submits a message, into a 429 page."""

from django.template.response import TemplateResponse

from .forms import ENQUIRY_HONEYPOT, HoneypotMixin
from .ratelimit import RateLimited


def _humanise(seconds):
    minutes, secs = divmod(int(seconds), 60)
    if minutes and secs:
        return f"{minutes} minute{'s' if minutes != 1 else ''} and {secs} second{'s' if secs != 1 else ''}"
    if minutes:
        return f"{minutes} minute{'s' if minutes != 1 else ''}"
    return f"{secs} second{'s' if secs != 1 else ''}"


# not something the visitor wrote: the CSRF token and the honeypots (plain and with the contact
# forms' "contact" prefix)
SKIPPED_FIELDS = {
    "csrfmiddlewaretoken",
    HoneypotMixin.honeypot_name,
    f"contact-{HoneypotMixin.honeypot_name}",
    ENQUIRY_HONEYPOT,
}
LONGEST_ANSWER = 6000


def unsent_text(request):
    """What the visitor typed into a refused form, so they can copy it and send it later."""
    if request.method != "POST":
        return ""
    parts = []
    for key, value in request.POST.items():
        if key in SKIPPED_FIELDS or not value.strip() or value.strip().isdigit():
            continue
        parts.append(value.strip()[:LONGEST_ANSWER])
    return "\n\n".join(parts)[: LONGEST_ANSWER * 2]


def too_many_requests(request, exc):
    response = TemplateResponse(
        request,
        "429.html",
        {
            "retry_after": exc.retry_after,
            "retry_after_text": _humanise(exc.retry_after),
            "unsent": unsent_text(request),
        },
        status=429,
    )
    response["Retry-After"] = str(exc.retry_after)
    response["Cache-Control"] = "no-store"
    return response.render()


class RateLimitedMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, RateLimited):
            return too_many_requests(request, exception)
        return None
