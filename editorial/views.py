"""Admin views for coordinators: the liaison list, adding a liaison and deactivating one. Each view
checks access, parses a form, calls a service in editorial/services.py and picks a response."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import FormView, TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from core.roles import COORDINATOR_PERMISSION
from liaison_pages.models import LiaisonPage

from .forms import AddLiaisonForm, DeactivateLiaisonForm
from .models import LiaisonDeactivation
from .services import (
    OnboardingError,
    deactivate_liaison,
    onboard_liaison,
    open_assignment_count,
    owned_pages,
    rebalance_students,
)

PERMISSION = COORDINATOR_PERMISSION


class CoordinatorOnlyMixin:
    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        items = [{"url": reverse("wagtailadmin_home"), "label": "Home"}]
        if not isinstance(self, LiaisonListView):
            items.append({"url": reverse("editorial:liaisons"), "label": "Liaison librarians"})
        return [*items, {"url": "", "label": self.get_page_title()}]


class LiaisonListView(CoordinatorOnlyMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "editorial/liaison_list.html"
    page_title = "Liaison librarians"
    header_icon = "group"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["liaisons"] = (
            LiaisonPage.objects.select_related("user")
            .annotate(
                open_assignments=Count(
                    "student_assignments",
                    filter=Q(student_assignments__ended_at__isnull=True),
                    distinct=True,
                )
            )
            .order_by("-is_active", "title")
        )
        context["flags"] = LiaisonDeactivation.objects.filter(
            students_to_rebalance__gt=0, rebalanced_at__isnull=True
        ).select_related("liaison")
        return context


class AddLiaisonView(CoordinatorOnlyMixin, WagtailAdminTemplateMixin, FormView):
    template_name = "editorial/liaison_form.html"
    form_class = AddLiaisonForm
    page_title = "Add a liaison librarian"
    header_icon = "user"

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            result = onboard_liaison(
                data["email"],
                data["full_name"],
                [p.code for p in data["programmes"]],
                resend_invite=True,
            )
        except OnboardingError as exc:
            form.add_error(exc.field, str(exc))
            return self.form_invalid(form)
        messages.success(self.request, " ".join(result.notes()))
        return redirect("editorial:liaisons")


class DeactivateLiaisonView(CoordinatorOnlyMixin, WagtailAdminTemplateMixin, FormView):
    template_name = "editorial/liaison_deactivate.html"
    form_class = DeactivateLiaisonForm
    header_icon = "user"

    def dispatch(self, request, *args, **kwargs):
        self.liaison = get_object_or_404(LiaisonPage, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return f"Deactivate {self.liaison.title}"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "liaison": self.liaison}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            liaison=self.liaison,
            pages=owned_pages(self.liaison),
            students=open_assignment_count(self.liaison),
        )
        return context

    def form_valid(self, form):
        try:
            result = deactivate_liaison(
                self.liaison,
                by=self.request.user,
                transfer_to=form.cleaned_data["transfer_to"],
                successor=form.cleaned_data["successor"],
                rebalance_now=form.cleaned_data["rebalance_now"],
            )
        except OnboardingError as exc:
            form.add_error(None, str(exc))
            return self.form_invalid(form)
        parts = [f"{self.liaison.title} is inactive; their pages stay published"]
        if result.pages_transferred:
            parts.append(f"{result.pages_transferred} page(s) transferred")
        answers = result.successor.title if result.successor else "general enquiries"
        parts.append(f"messages to them go to {answers}")
        if result.forms_moved:
            parts.append(f"{result.forms_moved} enquiry form(s) now send to {answers}")
        if result.students_moved:
            parts.append(f"{result.students_moved} student(s) moved")
        elif result.students_flagged:
            parts.append(f"{result.students_flagged} student(s) flagged for rebalancing")
        messages.success(self.request, "; ".join(parts) + ".")
        return redirect("editorial:liaisons")


class RebalanceView(CoordinatorOnlyMixin, WagtailAdminTemplateMixin, TemplateView):
    http_method_names = ["post"]

    def post(self, request, pk):
        record = get_object_or_404(LiaisonDeactivation, pk=pk)
        moved = rebalance_students(record, by=request.user)
        left = open_assignment_count(record.liaison)
        if left:
            messages.warning(
                request, f"Moved {moved} student(s); {left} still need a librarian with room."
            )
        else:
            messages.success(request, f"Moved {moved} student(s).")
        return redirect(reverse("editorial:liaisons"))
