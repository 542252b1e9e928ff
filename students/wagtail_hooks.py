from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from core.roles import is_coordinator

from . import admin_views
from .permissions import can_view_students


def _urls():
    return [
        path("", admin_views.StudentIndexView.as_view(), name="index"),
        path(
            "results/",
            admin_views.StudentIndexView.as_view(results_only=True),
            name="index_results",
        ),
        path("<int:pk>/reassign/", admin_views.reassign, name="reassign"),
        path("rebalance/", admin_views.rebalance, name="rebalance"),
        path(
            "switch-requests/", admin_views.SwitchRequestIndexView.as_view(), name="switch_requests"
        ),
        path(
            "switch-requests/results/",
            admin_views.SwitchRequestIndexView.as_view(results_only=True),
            name="switch_requests_results",
        ),
        path("switch-requests/<int:pk>/", admin_views.decide_switch, name="decide_switch"),
    ]


@hooks.register("register_admin_urls")
def register_students_urls():
    return [path("students/", include((_urls(), "students_admin"), namespace="students_admin"))]


class StudentsMenuItem(MenuItem):
    def is_shown(self, request):
        return can_view_students(request.user)


class CoordinatorMenuItem(MenuItem):
    def is_shown(self, request):
        return is_coordinator(request.user)


@hooks.register("register_admin_menu_item")
def register_students_menu_item():
    return StudentsMenuItem(
        "My students", reverse("students_admin:index"), icon_name="group", order=250
    )


@hooks.register("register_admin_menu_item")
def register_switch_requests_menu_item():
    return CoordinatorMenuItem(
        "Switch requests",
        reverse("students_admin:switch_requests"),
        icon_name="resubmit",
        order=251,
    )
