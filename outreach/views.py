"""The student's side of outreach: one-click unsubscribe (RFC 8058) and email preferences.

The unsubscribe URL carries an opaque random token, not the student's id: whoever holds the email
may unsubscribe its recipient, nothing more. A GET only shows a page with one confirm button
(mail scanners follow links); a POST unsubscribes. That POST is exempt from CSRF because mail
clients send it without a session or a form token (``List-Unsubscribe-Post``); the token in the
URL is what authenticates it, and all it can do is switch outreach off.
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from students.models import Student
from students.views import verified_account_required

from .forms import PreferencesForm
from .models import Subscription


@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    subscription = get_object_or_404(Subscription, token=token)
    if request.method == "POST":
        if subscription.unsubscribed_at is None:
            Subscription.objects.filter(pk=subscription.pk, unsubscribed_at__isnull=True).update(
                unsubscribed_at=timezone.now()
            )
        return TemplateResponse(request, "outreach/unsubscribed.html", {})
    return TemplateResponse(
        request,
        "outreach/unsubscribe.html",
        {"already": subscription.is_unsubscribed},
        headers={"X-Robots-Tag": "noindex"},
    )


@never_cache
@verified_account_required
@require_http_methods(["GET", "POST"])
def preferences(request):
    """Digest frequency and outreach on or off, from the account page."""
    student = Student.objects.filter(user=request.user).first()
    if student is None:
        return redirect("students:profile")
    subscription, _ = Subscription.objects.get_or_create(student=student)
    status = 200
    if request.method == "POST":
        form = PreferencesForm(request.POST)
        if form.is_valid():
            subscription.digest_frequency = form.cleaned_data["digest_frequency"]
            wants = form.cleaned_data["outreach"]
            if wants:
                subscription.unsubscribed_at = None
            elif subscription.unsubscribed_at is None:
                subscription.unsubscribed_at = timezone.now()
            subscription.save(update_fields=["digest_frequency", "unsubscribed_at"])
            messages.success(request, "Your email preferences are saved.")
            return redirect("outreach:preferences")
        status = 400
    else:
        form = PreferencesForm(
            initial={
                "digest_frequency": subscription.digest_frequency,
                "outreach": not subscription.is_unsubscribed,
            }
        )
    return TemplateResponse(request, "outreach/preferences.html", {"form": form}, status=status)
