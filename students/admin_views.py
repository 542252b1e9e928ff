"""Staff tools in the Wagtail admin: "My students" (searchable, CSV export), reassign, rebalance
and switch requests. Access rules live in ``students.permissions``."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Subquery
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.functional import cached_property
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.generic.models import IndexView
from wagtail.admin.widgets.button import HeaderButton
from wagtail.permission_policies.base import ModelPermissionPolicy

from core.roles import is_coordinator
from liaison_pages.models import LiaisonPage
from portal.spreadsheets import SafeSpreadsheetExportMixin

from . import services
from .models import Assignment, Student, SwitchRequest
from .names import user_display
from .permissions import can_view_students, visible_students


class StudentPermissionPolicy(ModelPermissionPolicy):
    """View: liaisons and coordinators. Change (reassign, rebalance): coordinators. Students are
    never added or deleted in the admin (they sign up, are imported, or delete themselves)."""

    def user_has_permission(self, user, action):
        if action == "view":
            return can_view_students(user)
        if action == "change":
            return is_coordinator(user)
        return False

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


class CoordinatorPolicy(ModelPermissionPolicy):
    def user_has_permission(self, user, action):
        return action in ("view", "change") and is_coordinator(user)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


def _liaison_choices():
    return services.with_open_load(LiaisonPage.objects.filter(live=True, is_active=True)).order_by(
        "title"
    )


class LiaisonChoiceField(forms.ModelChoiceField):
    """A librarian with their load, so a coordinator choosing by hand sees who has room."""

    def label_from_instance(self, liaison):
        label = f"{liaison.title} — {liaison.open_load} of {liaison.capacity} students"
        if not liaison.accepting_students:
            label += ", not accepting new students"
        return label


class StudentIndexView(SafeSpreadsheetExportMixin, IndexView):
    """Names come from students: the export is made safe to open in a spreadsheet."""

    model = Student
    permission_policy = StudentPermissionPolicy(Student)
    any_permission_required = ["view"]
    page_title = "My students"
    header_icon = "group"
    paginate_by = 50
    search_fields = ["name", "preferred_name", "user__email", "programme__name", "programme__code"]
    search_backend_name = None
    default_ordering = "name"
    list_export = [
        "name",
        "preferred_name",
        "email",
        "programme",
        "level",
        "librarian",
        "since",
        "reason",
    ]
    export_headings = {
        "name": "Name",
        "preferred_name": "Preferred name",
        "email": "Email",
        "programme": "Programme",
        "level": "Level",
        "librarian": "Librarian",
        "since": "Since",
        "reason": "Why this librarian",
    }
    export_filename = "students"
    index_url_name = "students_admin:index"
    index_results_url_name = "students_admin:index_results"

    def get_page_title(self):
        return "Students" if is_coordinator(self.request.user) else "My students"

    def get_base_queryset(self):
        current = Assignment.objects.filter(student=OuterRef("pk"), ended_at__isnull=True)
        queryset = Student.objects.select_related("user", "programme").annotate(
            librarian=Subquery(current.values("liaison__title")[:1]),
            since=Subquery(current.values("started_at")[:1]),
            reason=Subquery(current.values("reason")[:1]),
        )
        return visible_students(self.request.user, queryset)

    def get_edit_url(self, instance):
        if is_coordinator(self.request.user):
            return reverse("students_admin:reassign", args=(instance.pk,))
        return None

    @property
    def columns(self):
        return [
            TitleColumn(
                "name",
                label="Name",
                sort_key="name",
                get_url=self.get_edit_url,
                accessor=lambda s: s.name or s.display_name,
            ),
            Column("email", label="Email", accessor=lambda s: s.user.email),
            Column("programme", label="Programme", sort_key="programme__name"),
            Column("level", label="Level", sort_key="level"),
            Column("librarian", label="Librarian", sort_key="librarian"),
            DateColumn("since", label="Since", sort_key="since"),
            Column("reason", label="Why"),
        ]

    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if is_coordinator(self.request.user):
            buttons.append(
                HeaderButton(
                    "Rebalance a librarian",
                    url=reverse("students_admin:rebalance"),
                    icon_name="resubmit",
                )
            )
        return buttons


class SwitchRequestIndexView(IndexView):
    model = SwitchRequest
    permission_policy = CoordinatorPolicy(SwitchRequest)
    any_permission_required = ["view"]
    page_title = "Switch requests"
    header_icon = "resubmit"
    paginate_by = 50
    index_url_name = "students_admin:switch_requests"
    index_results_url_name = "students_admin:switch_requests_results"
    default_ordering = "-created_at"

    def get_base_queryset(self):
        return SwitchRequest.objects.select_related("student__user", "from_liaison").order_by(
            "status", "-created_at"
        )

    def get_edit_url(self, instance):
        return reverse("students_admin:decide_switch", args=(instance.pk,))

    @property
    def columns(self):
        return [
            TitleColumn(
                "student",
                label="Student",
                get_url=self.get_edit_url,
                accessor=lambda r: r.student.staff_name,
            ),
            Column("from_liaison", label="Current librarian"),
            Column("reason", label="Reason"),
            Column("status", label="Status", accessor="get_status_display"),
            DateColumn("created_at", label="Asked", sort_key="created_at"),
        ]


# --- Forms and function views --------------------------------------------------------------------


class ReassignForm(forms.Form):
    liaison = LiaisonChoiceField(queryset=LiaisonPage.objects.none(), label="New librarian")
    note = forms.CharField(
        max_length=200, required=False, label="Reason", help_text="Recorded with the change."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["liaison"].queryset = _liaison_choices()


class RebalanceForm(forms.Form):
    liaison = LiaisonChoiceField(
        queryset=services.with_open_load(LiaisonPage.objects.all()).order_by("title"),
        label="Librarian",
        help_text="Everyone moves if the librarian is inactive or not accepting students; "
        "otherwise only the students above their capacity.",
    )
    move_all = forms.BooleanField(required=False, label="Move all their students")
    confirm = forms.BooleanField(
        required=False, widget=forms.HiddenInput, initial=False
    )  # set on the preview page


class DecideSwitchForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[
            ("engine", "Approve: pick another eligible librarian automatically"),
            ("choose", "Approve: assign the librarian chosen below"),
            ("decline", "Decline"),
        ],
        widget=forms.RadioSelect,
        initial="engine",
    )
    liaison = LiaisonChoiceField(
        queryset=LiaisonPage.objects.none(), required=False, label="Librarian"
    )
    note = forms.CharField(max_length=200, required=False, label="Note")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["liaison"].queryset = _liaison_choices()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "choose" and not cleaned.get("liaison"):
            self.add_error("liaison", "Choose the librarian to assign.")
        return cleaned


def _require_coordinator(request):
    if not is_coordinator(request.user):
        raise PermissionDenied


def reassign(request, pk):
    _require_coordinator(request)
    student = get_object_or_404(Student.objects.select_related("user", "programme"), pk=pk)
    current = student.current_assignment()
    form = ReassignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.reassign(
                student, form.cleaned_data["liaison"], request.user, form.cleaned_data["note"]
            )
        except services.MatchingError as exc:
            form.add_error("liaison", str(exc))
        else:
            messages.success(
                request, f"{student.staff_name} is now with {form.cleaned_data['liaison'].title}."
            )
            return redirect("students_admin:index")
    history = student.assignments.select_related(
        "liaison", "created_by__student", "created_by__liaison_profile"
    ).order_by("-started_at")
    for assignment in history:
        assignment.by = user_display(assignment.created_by)
    return TemplateResponse(
        request,
        "students/admin/reassign.html",
        {"student": student, "current": current, "form": form, "history": history},
        status=400 if request.method == "POST" else 200,
    )


def rebalance(request):
    _require_coordinator(request)
    form = RebalanceForm(request.POST or request.GET or None)
    preview = None
    if form.is_bound and form.is_valid():
        liaison = form.cleaned_data["liaison"]
        move_all = form.cleaned_data["move_all"] or None
        if request.method == "POST" and request.POST.get("do") == "1":
            result = services.rebalance(liaison, move_all=move_all, created_by=request.user)
            messages.success(
                request,
                f"Moved {len(result.moved)} student(s) from {liaison.title}"
                + (f"; {len(result.unplaced)} could not be placed." if result.unplaced else "."),
            )
            return redirect("students_admin:index")
        preview = services.rebalance(liaison, move_all=move_all, dry_run=True)
        names = dict(LiaisonPage.objects.values_list("pk", "title"))
        preview.rows = [
            (s, names.get(choice.liaison_id), choice.reason) for s, _, choice, _ in preview.moved
        ]
    return TemplateResponse(
        request, "students/admin/rebalance.html", {"form": form, "preview": preview}
    )


def decide_switch(request, pk):
    _require_coordinator(request)
    switch = get_object_or_404(
        SwitchRequest.objects.select_related("student__user", "student__programme", "from_liaison"),
        pk=pk,
    )
    form = DecideSwitchForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        decision = form.cleaned_data["decision"]
        try:
            assignment = services.decide_switch(
                switch,
                approve=decision != "decline",
                decided_by=request.user,
                liaison=form.cleaned_data["liaison"] if decision == "choose" else None,
                note=form.cleaned_data["note"],
            )
        except services.MatchingError as exc:
            form.add_error(None, str(exc))
        else:
            if assignment:
                messages.success(
                    request,
                    f"{switch.student.staff_name} is now with {assignment.liaison.title}.",
                )
            else:
                messages.success(request, "Request declined.")
            return redirect("students_admin:switch_requests")
    return TemplateResponse(
        request,
        "students/admin/decide_switch.html",
        {"switch": switch, "form": form},
        status=400 if request.method == "POST" else 200,
    )
