"""The student's own pages. Every view reads only the signed-in student's data."""

import json
from functools import wraps

from allauth.account.decorators import verified_email_required
from allauth.account.views import SignupView as AllauthSignupView
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import OuterRef, Q, Subquery, prefetch_related_objects
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from core.caching import public_pages
from core.images import prefetch_renditions
from inbox.forms import ContactForm
from inbox.models import Message
from inbox.services import retention_days, submit_contact_form
from liaison_pages.models import GuidePage, LiaisonPage
from taxonomy.models import Programme

from . import services
from .forms import DeleteAccountForm, ProfileForm, SwitchRequestForm
from .models import Student, SwitchRequest
from .permissions import email_is_verified


def _refused(request, *args, **kwargs):
    raise PermissionDenied


# allauth's own "verify your email address" page: it sends the verification link again (within
# allauth's rate limit) and asks the person to follow it. The wrapped view only refuses.
_ask_to_verify = verified_email_required(_refused)


VERIFIED_SESSION_KEY = "students_verified_user"


def verified_account_required(view):
    """Signed in, and the address verified (``email_is_verified``); anything less gets allauth's
    "verify your email address" page with status 403 and never reaches the view. So a session
    obtained some other way shows no student page, makes no match and exports nothing."""

    @wraps(view)
    @login_required
    def wrapped(request, *args, **kwargs):
        # Once proved for this session, remembered in it (sessions end at sign-out).
        if request.session.get(VERIFIED_SESSION_KEY) == request.user.pk:
            return view(request, *args, **kwargs)
        if email_is_verified(request.user):
            request.session[VERIFIED_SESSION_KEY] = request.user.pk
            return view(request, *args, **kwargs)
        response = _ask_to_verify(request, *args, **kwargs)
        response.status_code = 403
        return response

    return wrapped


class SignupView(AllauthSignupView):
    """allauth's sign-up, with the programme chosen already when the link names it
    (``/accounts/signup/?programme=BSC-CHEM``, as the librarian finder's link does). An unknown or
    withdrawn code leaves the choice empty."""

    def get_initial(self):
        initial = super().get_initial()
        code = self.request.GET.get("programme", "").strip()[:20]
        if code:
            programme = Programme.objects.filter(code__iexact=code, is_active=True).first()
            if programme is not None:
                initial["programme"] = programme.pk
        return initial


signup = SignupView.as_view()


def _student_or_none(user, with_pending_switch=False):
    students = Student.objects.select_related("user", "programme").filter(user=user)
    if with_pending_switch:
        # the date of a switch request still waiting for a coordinator, in the same query
        pending = SwitchRequest.objects.filter(
            student=OuterRef("pk"), status=SwitchRequest.Status.PENDING
        ).order_by("-created_at")
        students = students.annotate(pending_switch_at=Subquery(pending.values("created_at")[:1]))
    return students.first()


def _is_staff_member(user):
    return user.is_staff or LiaisonPage.objects.filter(user=user).exists()


def _contact_form(student, data=None):
    """The contact form without the programme question: the student's programme is known, and
    the message is filed under it (see ``my_librarian``)."""
    initial = {
        "name": student.display_name if not student.name else student.name,
        "email": student.user.email,
    }
    form = ContactForm(data=data, initial=initial, prefix="contact")
    del form.fields["programme"]
    return form


@never_cache
@verified_account_required
@require_http_methods(["GET", "POST"])
def my_librarian(request):
    student = _student_or_none(request.user, with_pending_switch=True)
    if student is None and _is_staff_member(request.user):
        return redirect("wagtailadmin_home")
    if student is None or student.programme_id is None:
        return redirect("students:profile")
    assignment = services.ensure_matched(student)
    liaison = None
    if assignment is not None and assignment.liaison_id:
        liaison = assignment.liaison  # loaded with the assignment, with the photo
        prefetch_related_objects([liaison], "subjects")
    contact_form = None
    status = 200
    if liaison is not None:
        if request.method == "POST":
            contact_form = _contact_form(student, request.POST)
            if contact_form.is_valid():
                submit_contact_form(
                    contact_form,
                    liaison,
                    request=request,
                    source=Message.Source.MY_LIBRARIAN,
                    programme=student.programme,
                )
                return redirect(f"{request.path}?sent=1#contact")
            status = 400
        else:
            contact_form = _contact_form(student)
    guides = []
    other_guides = []
    posts = []
    if liaison is not None:
        all_guides = (
            public_pages(GuidePage.objects)
            .filter(Q(liaison=liaison) | Q(co_editors__liaison=liaison))
            .select_related("liaison")
            .distinct()
            .order_by("title")
        )
        guides = list(all_guides.filter(programmes=student.programme_id)[:12])
        if not guides:
            other_guides = list(all_guides[:6])
        posts = list(liaison.get_posts(3, with_images=True))
        # the librarian's photo and the posts' pictures: their renditions in one query
        prefetch_renditions([liaison.photo] + [post.listing_image for post in posts])
    sent = (
        Message.objects.filter(sender_user=request.user)
        .select_related("liaison")
        .only("subject", "status", "created_at", "liaison__title")
        .order_by("-created_at")[:5]
    )
    context = {
        "student": student,
        "assignment": assignment,
        "liaison": liaison,
        "guides": guides,
        "other_guides": other_guides,
        "posts": posts,
        "sent_messages": sent,
        "retention_days": retention_days(),
        "contact_form": contact_form,
        "action": request.path,
        "message_sent": request.GET.get("sent") == "1",
        # the header and the userbar need not ask whether a student may use the admin
        "account_is_student": True,
        "switch_form": SwitchRequestForm(),
    }
    return TemplateResponse(request, "students/my_librarian.html", context, status=status)


@never_cache
@verified_account_required
@require_http_methods(["GET", "POST"])
def profile(request):
    """Choose (after sign-up or single sign-on) or change programme, level and names."""
    student = _student_or_none(request.user)
    if request.method == "POST":
        form = ProfileForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            with transaction.atomic():
                if student is None:
                    student = Student.objects.create(user=request.user)
                old_programme_id = student.programme_id
                student.name = data["name"]
                student.preferred_name = data["preferred_name"]
                student.level = data["level"]
                student.save(update_fields=["name", "preferred_name", "level"])
                changed_programme = (
                    old_programme_id is not None and data["programme"].pk != old_programme_id
                )
                if old_programme_id is None:
                    student.programme = data["programme"]
                    student.save(update_fields=["programme"])
                elif changed_programme:
                    before = student.current_assignment()
                    after = services.change_programme(student, data["programme"])
                    if before and after and before.pk != after.pk:
                        messages.success(
                            request,
                            "Your programme is changed, and so is your librarian: "
                            "we have emailed you both.",
                        )
                    else:
                        messages.success(
                            request, "Your programme is changed; your librarian stays the same."
                        )
            services.ensure_matched(student)
            if not changed_programme:
                messages.success(request, "Your details are saved.")
            return redirect("students:my_librarian")
        status = 400
    else:
        initial = {}
        if student is not None:
            initial = {
                "name": student.name,
                "preferred_name": student.preferred_name,
                "programme": student.programme_id,
                "level": student.level,
            }
        form = ProfileForm(initial=initial)
        status = 200
    return TemplateResponse(
        request,
        "students/profile.html",
        {"form": form, "student": student},
        status=status,
    )


@never_cache
@verified_account_required
@require_POST
def request_switch(request):
    student = _student_or_none(request.user)
    if student is None:
        return redirect("students:profile")
    form = SwitchRequestForm(request.POST)
    if form.is_valid():
        try:
            services.request_switch(student, form.cleaned_data["reason"])
        except services.MatchingError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                "Thank you: a coordinator will look at your request. If your librarian changes, "
                "we will email you both.",
            )
        return redirect("students:my_librarian")
    return TemplateResponse(
        request, "students/switch_request.html", {"form": form, "student": student}, status=400
    )


def student_data(student):
    """Everything the portal holds about one student, for the download."""
    user = student.user
    return {
        "account": {
            "email": user.email,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
        },
        "profile": {
            "name": student.name,
            "preferred_name": student.preferred_name,
            "programme": student.programme.name if student.programme else None,
            "programme_code": student.programme.code if student.programme else None,
            "level": student.level,
            "created_at": student.created_at,
        },
        "assignments": [
            {
                "librarian": a.liaison.title if a.liaison else None,
                "kind": a.get_kind_display(),
                "reason": a.reason,
                "started_at": a.started_at,
                "ended_at": a.ended_at,
            }
            for a in student.assignments.select_related("liaison").order_by("started_at", "pk")
        ],
        "switch_requests": [
            {
                "reason": s.reason,
                "status": s.get_status_display(),
                "created_at": s.created_at,
                "decided_at": s.decided_at,
            }
            for s in student.switch_requests.order_by("created_at")
        ],
        "messages_sent": [
            {
                "subject": m.subject,
                "body": m.body,
                "to": m.liaison.title if m.liaison else None,
                "created_at": m.created_at,
            }
            # sent while signed in to this account; never "sent from the same address", which
            # anyone can type and which a case-insensitive match would widen (portal.addresses)
            for m in Message.objects.filter(sender_user=user)
            .select_related("liaison")
            .order_by("created_at")
        ],
    }


@never_cache
@verified_account_required
def download_data(request):
    student = _student_or_none(request.user)
    if student is None:
        return redirect("students:profile")
    body = json.dumps(
        {"exported_at": timezone.now(), **student_data(student)}, cls=DjangoJSONEncoder, indent=2
    )
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="my-library-data.json"'
    response["Cache-Control"] = "no-store"
    return response


@never_cache
@verified_account_required
@require_http_methods(["GET", "POST"])
def delete_account(request):
    student = _student_or_none(request.user)
    if student is None or _is_staff_member(request.user):
        messages.error(request, "Staff accounts are closed by an administrator.")
        return redirect("/")
    form = DeleteAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = request.user
        with transaction.atomic():
            # Assignment.student is SET_NULL: the history stays, without the person.
            user.delete()
        logout(request)
        messages.success(request, "Your account and your personal data are deleted. Goodbye!")
        return redirect("/")
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "student": student, "retention_days": retention_days()}
    return TemplateResponse(request, "students/delete_account.html", context, status=status)
