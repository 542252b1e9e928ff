"""Admin wiring: the evidence pages' URLs and an "Evidence" menu (each item shown to whoever may
open it: "My evidence" to librarians, the rest to coordinators)."""

from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from core.roles import is_coordinator

from . import views


def _urls():
    return [
        path("", views.MyEvidenceView.as_view(), name="mine"),
        path("programmes/", views.ProgrammeEvidenceView.as_view(), name="programme"),
        path("messages/", views.MessageListView.as_view(), name="messages"),
        path("coverage/", views.CoverageView.as_view(), name="coverage"),
        path("workload/", views.WorkloadView.as_view(), name="workload"),
        path("students/<int:pk>/", views.StudentTimelineView.as_view(), name="student"),
        path("address/", views.AddressTimelineView.as_view(), name="address"),
    ]


@hooks.register("register_admin_urls")
def register_evidence_urls():
    return [path("evidence/", include((_urls(), "evidence"), namespace="evidence"))]


class LiaisonMenuItem(MenuItem):
    def is_shown(self, request):
        return views.own_profile(request) is not None


class CoordinatorMenuItem(MenuItem):
    def is_shown(self, request):
        return is_coordinator(request.user)


class EvidenceMenuItem(SubmenuMenuItem):
    def is_shown(self, request):
        return is_coordinator(request.user) or views.own_profile(request) is not None


@hooks.register("register_admin_menu_item")
def register_evidence_menu():
    menu = Menu(
        items=[
            LiaisonMenuItem("My evidence", reverse("evidence:mine"), icon_name="user", order=1),
            CoordinatorMenuItem(
                "Programme evidence", reverse("evidence:programme"), icon_name="table", order=2
            ),
            CoordinatorMenuItem(
                "Coverage map", reverse("evidence:coverage"), icon_name="table", order=3
            ),
            CoordinatorMenuItem(
                "Workload", reverse("evidence:workload"), icon_name="time", order=4
            ),
        ]
    )
    return EvidenceMenuItem("Evidence", menu, icon_name="table", order=260)
