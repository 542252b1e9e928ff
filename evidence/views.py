"""The evidence pages in the Wagtail admin. Each view checks who may look, parses its filters with
a form, asks the read models (``metrics``, ``coverage``, ``workload``, ``timeline``) and renders;
``?export=csv|xlsx&table=<key>`` downloads any table on the page."""

import datetime
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from core.roles import is_coordinator, liaison_for
from inbox.models import Message
from inbox.permissions import visible_messages
from liaison_pages.models import GuideIndexPage, LiaisonIndexPage, LiaisonPage
from students.models import Student
from students.permissions import visible_students

from . import coverage as coverage_model
from . import metrics, panels, tables, timeline
from . import workload as workload_model
from .forms import AddressForm, CoverageFilterForm, LiaisonChoiceForm, MessageFilterForm
from .periods import PeriodForm

PERIOD_KEYS = ("period", "from", "to")
EXPORT_FORMATS = ("csv", "xlsx")


def own_profile(request):
    """The signed-in librarian's profile (or None), looked up once per request."""
    if not hasattr(request, "_evidence_profile"):
        request._evidence_profile = liaison_for(request.user)
    return request._evidence_profile


def period_form(request):
    data = request.GET if any(key in request.GET for key in PERIOD_KEYS) else None
    return PeriodForm(data)


class EvidenceView(WagtailAdminTemplateMixin, TemplateView):
    header_icon = "table"
    export_filename = "evidence"

    def dispatch(self, request, *args, **kwargs):
        self.check_access(request.user)
        return super().dispatch(request, *args, **kwargs)

    def check_access(self, user):
        if not is_coordinator(user):
            raise PermissionDenied

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse("wagtailadmin_home"), "label": "Home"},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_tables(self, context):
        # lazily: a download stops at the panel holding its table
        return (table for panel in context.get("panels", []) for table in panel.tables)

    def render(self, context, status=200):
        export_format = self.request.GET.get("export")
        if export_format:
            if export_format not in EXPORT_FORMATS:
                raise Http404("No such download.")
            key = self.request.GET.get("table", "")
            table = next((t for t in self.get_tables(context) if t.key == key), None)
            if table is None:
                raise Http404("No such table.")
            return tables.export(table, export_format, f"{self.export_filename}-{table.key}")
        context["export_query"] = self.request.GET.urlencode()
        return self.render_to_response(context, status=status)


# --- Dashboards -----------------------------------------------------------------------------------


class DashboardView(EvidenceView):
    template_name = "evidence/dashboard.html"

    def get_liaison(self):
        raise NotImplementedError

    def get(self, request, *args, **kwargs):
        form = period_form(request)
        status = 400 if form.is_bound and not form.is_valid() else 200
        liaison = self.get_liaison()
        scope = panels.Scope(liaison, form.get_period())
        # a download reads the panels only as far as its table (see EvidenceView.render)
        build = panels.build_each if request.GET.get("export") else panels.build
        context = self.get_context_data(
            form=form, scope=scope, liaison=liaison, panels=build(scope)
        )
        return self.render(context, status)


class MyEvidenceView(DashboardView):
    page_title = "My evidence"
    export_filename = "my-evidence"

    def check_access(self, user):
        if own_profile(self.request) is None and not is_coordinator(user):
            raise PermissionDenied

    def get(self, request, *args, **kwargs):
        if own_profile(request) is None:
            return redirect("evidence:programme")
        return super().get(request, *args, **kwargs)

    def get_liaison(self):
        return own_profile(self.request)


class ProgrammeEvidenceView(DashboardView):
    page_title = "Programme evidence"
    export_filename = "programme-evidence"

    def get_liaison(self):
        form = LiaisonChoiceForm(self.request.GET)
        if not form.is_valid():
            raise Http404("No such librarian.")
        pk = form.cleaned_data["liaison"]
        return get_object_or_404(LiaisonPage, pk=pk) if pk else None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["liaison_choices"] = (
            LiaisonPage.objects.filter(live=True).order_by("title").values_list("pk", "title")
        )
        return context


# --- The rows behind a figure ---------------------------------------------------------------------


class MessageListView(EvidenceView):
    """The messages a figure counts, with the same query as the figure (``metrics.counted_messages``)."""

    template_name = "evidence/messages.html"
    page_title = "Messages counted"
    export_filename = "messages"

    def check_access(self, user):
        if own_profile(self.request) is None and not is_coordinator(user):
            raise PermissionDenied

    def get_messages(self, filters, period):
        queryset = metrics.counted_messages(None, period)
        queryset = visible_messages(self.request.user, queryset)
        if filters.get("liaison"):
            queryset = queryset.filter(liaison_id=filters["liaison"])
        for name, lookup in (
            ("programme", "programme_id"),
            ("department", "programme__department_id"),
        ):
            value = filters.get(name)
            if value == "none":
                queryset = queryset.filter(**{f"{lookup}__isnull": True})
            elif value:
                queryset = queryset.filter(**{lookup: int(value)})
        if filters.get("month"):
            year, month = map(int, filters["month"].split("-"))
            first = timezone.make_aware(datetime.datetime(year, month, 1))
            after = timezone.make_aware(datetime.datetime(year + month // 12, month % 12 + 1, 1))
            queryset = queryset.filter(created_at__gte=first, created_at__lt=after)
        if filters.get("state") == "open":
            queryset = queryset.filter(responded_at__isnull=True, status__in=metrics.OPEN_STATUSES)
        elif filters.get("state") == "overdue":
            queryset = queryset.filter(pk__in=workload_model.overdue_messages().values("pk"))
        return queryset.select_related("liaison", "programme").order_by("-created_at", "-pk")

    def get(self, request, *args, **kwargs):
        form = period_form(request)
        filters = MessageFilterForm(request.GET)
        valid = (not form.is_bound or form.is_valid()) and filters.is_valid()
        period = form.get_period() if form.is_bound else None
        queryset = (
            self.get_messages(filters.cleaned_data if filters.is_valid() else {}, period)
            if valid
            else Message.objects.none()
        )
        now = timezone.now()
        table = tables.Table(
            "messages",
            "Messages",
            [
                "Received",
                "Subject",
                "Sender",
                "Programme",
                "Librarian",
                "Status",
                "First response",
                "Wait",
            ],
            empty="No messages match.",
        )
        page = Paginator(queryset, 50).get_page(request.GET.get("p"))
        rows = queryset if request.GET.get("export") else page.object_list
        for m in rows:
            wait = (m.responded_at or now) - m.created_at
            table.add(
                m.created_at.replace(microsecond=0),
                tables.Cell(m.subject, reverse("inbox:edit", args=[m.pk])),
                tables.Cell(
                    m.sender_email,
                    f"{reverse('evidence:address')}?{urlencode({'email': m.sender_email})}",
                ),
                str(m.programme) if m.programme_id else "",
                m.liaison.title if m.liaison_id else "General enquiries",
                m.get_status_display(),
                m.responded_at.replace(microsecond=0) if m.responded_at else "",
                str(
                    metrics.Wait(wait, m.responded_at is None and m.status in metrics.OPEN_STATUSES)
                )
                if m.responded_at or m.status in metrics.OPEN_STATUSES
                else "not recorded",
            )
        context = self.get_context_data(
            form=form,
            filters=filters,
            page=page,
            table=table,
            period=period,
            count=page.paginator.count,
        )
        return self.render(context, 200 if valid else 400)

    def get_tables(self, context):
        return [context["table"]]


# --- Coverage and workload -----------------------------------------------------------------------


class CoverageView(EvidenceView):
    template_name = "evidence/coverage.html"
    page_title = "Coverage map"
    export_filename = "coverage"

    def get(self, request, *args, **kwargs):
        form = CoverageFilterForm(request.GET)
        valid = form.is_valid()
        data = form.cleaned_data if valid else {}
        faculty = data.get("faculty")
        rows = coverage_model.coverage(
            faculty.pk if faculty else None, data.get("flag"), data.get("sort") or "programme"
        )
        guide_index = GuideIndexPage.objects.order_by("path").only("pk").first()
        liaison_index = LiaisonIndexPage.objects.order_by("path").only("pk").first()
        links = {
            "assign": reverse("wagtailadmin_explore", args=[liaison_index.pk])
            if liaison_index
            else "",
            "room": reverse("evidence:workload"),
            "guide": reverse(
                "wagtailadmin_pages:add", args=["liaison_pages", "guidepage", guide_index.pk]
            )
            if guide_index
            else "",
        }
        table = tables.Table(
            "coverage",
            "Programmes, their librarians and guides",
            ["Programme", "Code", "Faculty", "Department", "Librarians", "Guides", "Problems"],
            empty="No programme matches.",
        )
        for r in rows:
            table.add(
                r.name,
                r.code,
                r.faculty,
                r.department,
                "; ".join(f"{s.name} ({s.load}/{s.capacity})" for s in r.liaisons),
                "; ".join(f"{g.title} (reviewed {g.last_reviewed:%Y-%m-%d})" for g in r.guides),
                "; ".join(coverage_model.FLAG_LABELS[f] for f in r.flags),
            )
        context = self.get_context_data(
            form=form,
            rows=rows,
            table=table,
            links=links,
            flag_labels=coverage_model.FLAG_LABELS,
            counts=coverage_model.flag_counts(rows),
        )
        return self.render(context, 200 if valid else 400)

    def get_tables(self, context):
        return [context["table"]]


class WorkloadView(EvidenceView):
    template_name = "evidence/workload.html"
    page_title = "Workload"
    export_filename = "workload"

    def get(self, request, *args, **kwargs):
        flagged_only = request.GET.get("all") != "1"
        rows = workload_model.workload(flagged_only=flagged_only)
        table = tables.Table(
            "workload",
            "Librarians over capacity, with overdue messages or at their weekly consultation cap",
            [
                "Librarian",
                "Students now",
                "Capacity",
                "% of capacity",
                "Open past reply time",
                "Oldest waiting",
                "Consultations this week",
                "Weekly cap",
            ],
            empty="Nobody is over capacity or at their consultation cap, and no message is overdue.",
        )
        for r in rows:
            table.add(
                r.name,
                r.load,
                r.capacity,
                r.percent,
                tables.cell(
                    r.overdue,
                    f"{reverse('evidence:messages')}?state=overdue"
                    + (f"&liaison={r.liaison_id}" if r.liaison_id else ""),
                ),
                metrics.format_duration(r.oldest_overdue) if r.oldest_overdue else "",
                r.week_bookings if r.liaison_id else None,
                r.week_cap,
            )
        context = self.get_context_data(
            rows=rows,
            table=table,
            flagged_only=flagged_only,
            threshold=workload_model.overload_percent(),
            reply_hours=metrics.reply_due_hours(),
        )
        return self.render(context)

    def get_tables(self, context):
        return [context["table"]]


# --- Timelines ------------------------------------------------------------------------------------


class TimelineView(EvidenceView):
    template_name = "evidence/timeline.html"

    def check_access(self, user):
        if own_profile(self.request) is None and not is_coordinator(user):
            raise PermissionDenied

    def render_timeline(self, subject_label, entries, **extra):
        table = tables.Table(
            "timeline",
            "Interactions in order",
            ["When", "What", "Details"],
            empty="Nothing recorded yet.",
        )
        for e in entries:
            table.add(e.when.replace(microsecond=0), tables.Cell(e.title, e.url), e.detail)
        context = self.get_context_data(
            subject_label=subject_label, entries=entries, table=table, **extra
        )
        return context

    def get_tables(self, context):
        return [context["table"]]


class StudentTimelineView(TimelineView):
    page_title = "Student timeline"
    export_filename = "student-timeline"

    def get(self, request, pk):
        students = visible_students(request.user, Student.objects.filter(pk=pk))
        student = students.select_related("user").first()
        if student is None:
            raise Http404("No such student.")
        context = self.render_timeline(
            student.staff_name, timeline.for_student(student, request.user), student=student
        )
        return self.render(context)


class AddressTimelineView(TimelineView):
    page_title = "Timeline for an address"
    export_filename = "address-timeline"

    def get(self, request):
        form = AddressForm(request.GET if "email" in request.GET else None)
        if not form.is_bound or not form.is_valid():
            context = self.get_context_data(form=form, entries=[], table=None)
            return self.render(context, 400 if form.is_bound else 200)
        address = form.cleaned_data["email"]
        # the student behind the address, when this user may open their timeline
        student = (
            visible_students(request.user, Student.objects.filter(user__email=address))
            .only("pk")
            .first()
        )
        context = self.render_timeline(
            address, timeline.for_address(address, request.user), form=form, student=student
        )
        return self.render(context)

    def get_tables(self, context):
        return [context["table"]] if context.get("table") else []
