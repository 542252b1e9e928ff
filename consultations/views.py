"""Booking pages: pick a free slot (plain HTML forms, no JavaScript), manage a booking from the
signed link in its emails, and each librarian's private calendar feed. Views check access, parse
the form, call ``services`` and choose a response."""

from collections import OrderedDict
from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_ratelimit.core import get_usage

from core.caching import is_public
from inbox.ratelimit import client_ip
from liaison_pages.models import LiaisonPage
from students.models import Student

from . import ics, links, services
from .forms import BookingForm, FeedbackForm, SlotForm, slot_label, slot_value
from .models import Availability, Booking, Mode
from .surveys import Survey

DEFAULT_LIMITS = {"ip": (10, 600), "email": (4, 600)}


def rate_limited(request, email):
    """Seconds to wait when this booking attempt is over a limit, else 0."""
    configured = {**DEFAULT_LIMITS, **getattr(settings, "CONSULTATIONS_RATE_LIMITS", {})}
    for scope, ident in (("ip", client_ip(request)), ("email", (email or "").lower())):
        if ident and scope in configured:
            usage = get_usage(
                request,
                group=f"consultations.booking-{scope}",
                key=lambda _group, _request, ident=ident: ident,
                rate=tuple(configured[scope]),
                increment=True,
            )
            if usage is not None and usage["should_limit"]:
                return usage["time_left"] + 1
    return 0


DAYS_SHOWN = 5  # days with free times on the first view; "show later days" lists them all


def by_day(free, mode=""):
    """[(date, [(value, label, mode label or "")], the day's one mode label or "")] in the
    library's time zone, for the slot picker: a day whose slots share one format says it once."""
    labels = dict(Mode.choices)
    days = OrderedDict()
    for slot in free:
        if mode and slot.mode != mode:
            continue
        days.setdefault(timezone.localtime(slot.start).date(), []).append(slot)
    grouped = []
    for day, day_slots in days.items():
        modes = {slot.mode for slot in day_slots}
        uniform = labels.get(modes.pop(), "") if len(modes) == 1 else ""
        grouped.append(
            (
                day,
                [
                    (slot_value(slot), slot_label(slot), "" if uniform else labels[slot.mode])
                    for slot in day_slots
                ],
                uniform,
            )
        )
    return grouped


def _student(request):
    if not request.user.is_authenticated:
        return None
    return Student.objects.filter(user=request.user).select_related("user").first()


def _noindex(response):
    response["X-Robots-Tag"] = "noindex, nofollow"
    # the manage link must not leak to other sites ("no-referrer" would also blank the Origin
    # header of its own forms, which CSRF checking needs)
    response["Referrer-Policy"] = "same-origin"
    return response


def _submit(request, form, availability):
    """(302, booking) when booked; (409, next free slots) when just taken; (429, None) when over
    the rate limit (the form then carries the message, and what was typed stays in it)."""
    data = form.cleaned_data
    wait = rate_limited(request, data["email"])
    if wait:
        minutes = max(1, round(wait / 60))
        form.add_error(
            None,
            f"Several bookings came from you in a short time; please try again in {minutes} "
            f"minute{'s' if minutes != 1 else ''}. Nothing was booked yet.",
        )
        return 429, None
    try:
        booking = services.book(
            availability,
            data["slot"],
            topic=data["topic"],
            client_name=data["name"],
            client_email=data["email"],
            programme=data["programme"],
            course=data["course"],
            client_user=request.user if request.user.is_authenticated else None,
        )
    except services.SlotTaken as exc:
        return 409, exc.next_slots
    return 302, booking


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def book(request, slug):
    availability = (
        Availability.objects.select_related("liaison")
        .filter(liaison__slug=slug[:255], liaison__live=True)
        .first()
    )
    liaison = availability.liaison if availability else None
    liaison = liaison or LiaisonPage.objects.live().filter(slug=slug[:255]).first()
    if liaison is None or not is_public(liaison):
        raise Http404("No such librarian.")
    if liaison.booking_url:
        return redirect(liaison.booking_url)  # the librarian books through another system
    if availability is None or not availability.is_active or not liaison.is_active:
        return TemplateResponse(
            request, "consultations/not_bookable.html", {"liaison": liaison}, status=404
        )
    student = _student(request)
    mode = request.GET.get("format", "")
    mode = mode if mode in Mode.values else ""
    status, taken = 200, None
    if request.method == "POST":
        form = BookingForm(request.POST, student=student)
        status = 400
        if form.is_valid():
            status, result = _submit(request, form, availability)
            if status == 302:
                messages.success(request, "Booked. We have emailed you the invitation.")
                return redirect(links.manage_path(result))
            taken = result
    else:
        form = BookingForm(student=student)
    free = services.free_slots_for(availability)
    chosen = request.POST.get("slot", "") if taken is None else ""
    days = by_day(free, mode)
    all_days = request.GET.get("days") == "all" or request.method == "POST"
    context = {
        "liaison": liaison,
        "availability": availability,
        "form": form,
        "days": days if all_days else days[:DAYS_SHOWN],
        "more_days": not all_days and len(days) > DAYS_SHOWN,
        "mode": mode,
        "modes": sorted({slot.mode for slot in free}),
        "mode_labels": dict(Mode.choices),
        "taken": taken,
        "taken_days": by_day(taken or []),
        "chosen": chosen,
        "student": student,
        # the header then needs no staff lookups (as on the student's own pages)
        "account_is_student": student is not None,
    }
    return TemplateResponse(request, "consultations/book.html", context, status=status)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def manage(request, token):
    booking = links.booking_for(token)
    if booking is None:
        raise Http404("This link is not valid.")
    now = timezone.now()
    can_change = not booking.is_cancelled and booking.start > now
    status, taken, form = 200, None, SlotForm()
    if request.method == "POST":
        if not can_change:
            messages.error(request, "This consultation can no longer be changed.")
            return redirect(links.manage_path(booking))
        if request.POST.get("action") == "cancel":
            services.cancel(booking)
            messages.success(request, "Cancelled. We have told your librarian.")
            return redirect(links.manage_path(booking))
        form = SlotForm(request.POST)
        if form.is_valid():
            try:
                services.reschedule(booking, form.cleaned_data["slot"])
            except services.SlotTaken as exc:
                taken, status = exc.next_slots, 409
            else:
                messages.success(request, "Moved. We have emailed you the updated invitation.")
                return redirect(links.manage_path(booking))
        else:
            status = 400
    days = []
    if can_change:
        availability = Availability.objects.filter(liaison_id=booking.liaison_id).first()
        if availability is not None:
            days = by_day(services.free_slots_for(availability, exclude=booking))
    context = {
        "booking": booking,
        "can_change": can_change,
        "form": form,
        "days": days,
        "taken": taken,
        "taken_days": by_day(taken or []),
        "token": token,
    }
    return _noindex(TemplateResponse(request, "consultations/manage.html", context, status=status))


@never_cache
def invitation(request, token):
    """The current .ics of a booking, for the confirmation page's "add to calendar" link."""
    booking = links.booking_for(token)
    if booking is None:
        raise Http404("This link is not valid.")
    method = "CANCEL" if booking.is_cancelled else "REQUEST"
    response = HttpResponse(
        ics.invitation(booking, method), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="consultation.ics"'
    return _noindex(response)


@never_cache
def feed(request, token):
    """A librarian's private feed: their standing bookings from a month ago on. Anyone with the
    address can read it, so it is long and random, and the librarian can renew it (which stops
    the old one) in the admin."""
    if len(token) < 20:
        raise Http404
    availability = (
        Availability.objects.filter(feed_token=token[:64]).select_related("liaison").first()
    )
    if availability is None:
        raise Http404
    since = timezone.now() - timedelta(days=31)
    bookings = Booking.objects.filter(
        liaison_id=availability.liaison_id, status=Booking.Status.CONFIRMED, start__gte=since
    ).select_related("liaison")
    response = HttpResponse(
        ics.feed(availability.liaison, bookings), content_type="text/calendar; charset=utf-8"
    )
    return _noindex(response)


def _survey_unavailable(request, reason, status):
    return _noindex(
        TemplateResponse(
            request, "consultations/survey_unavailable.html", {"reason": reason}, status=status
        )
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def survey(request, token):
    """The one survey after an attended consultation or an answered message: answered once,
    from the signed link; the client may also decline all further surveys. A link that was
    changed, cut short or never sent is a 404, an old one a 410, each with a page that says so."""
    try:
        about = links.survey_about(token)
    except links.SurveyLinkExpired:
        return _survey_unavailable(request, "expired", 410)
    survey = Survey(about) if about is not None else None
    if survey is None or not survey.is_open():
        return _survey_unavailable(request, "invalid", 404)
    answered = survey.answered()
    declined = services.declined_surveys(survey.email)
    form, status = FeedbackForm(survey=survey), 200
    if request.method == "POST" and not answered:
        if request.POST.get("action") == "decline":
            services.decline_surveys(survey.email)
            declined = True
        else:
            form = FeedbackForm(request.POST, survey=survey)
            if form.is_valid():
                survey.answer(**form.cleaned_data)
                answered = True
            else:
                status = 400
    context = {"survey": survey, "form": form, "answered": answered, "declined": declined}
    return _noindex(TemplateResponse(request, "consultations/survey.html", context, status=status))
