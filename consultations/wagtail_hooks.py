from django.urls import path
from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from .admin_views import (
    AvailabilityCreateView,
    AvailabilityEditView,
    AvailabilityIndexView,
    BookingEditView,
    BookingFilterSet,
    BookingIndexView,
    FeedbackView,
    LocalTimeColumn,
    RenewFeedView,
)
from .models import Availability, Booking, ClosedDay
from .permissions import AvailabilityPolicy, BookingPolicy, ClosedDayPolicy

register_permission_policy(Availability, AvailabilityPolicy(Availability), exact_class=True)
register_permission_policy(Booking, BookingPolicy(Booking), exact_class=True)
register_permission_policy(ClosedDay, ClosedDayPolicy(ClosedDay), exact_class=True)


class BookingViewSet(ModelViewSet):
    model = Booking
    name = "consultation_bookings"
    url_prefix = "consultations"
    icon = "date"
    menu_label = "Bookings"
    menu_order = 100
    copy_view_enabled = False
    inspect_view_enabled = False
    add_to_reference_index = False
    index_view_class = BookingIndexView
    edit_view_class = BookingEditView
    filterset_class = BookingFilterSet
    form_fields = ["outcome", "consultation_type", "private_notes"]
    list_display = [
        LocalTimeColumn("start", label="When", sort_key="start"),
        "client_name",
        "topic",
        Column("liaison", label="Librarian"),
        Column("get_mode_display", label="Format"),
        Column("get_status_display", label="Status"),
        Column("get_outcome_display", label="Outcome"),
    ]
    list_export = [
        "start",
        "liaison",
        "client_name",
        "client_email",
        "topic",
        "programme",
        "course",
        "get_mode_display",
        "get_status_display",
        "get_outcome_display",
        "get_consultation_type_display",
    ]
    search_fields = ["client_name", "client_email", "topic", "course"]
    ordering = ["start", "pk"]

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("feedback/", FeedbackView.as_view(), name="feedback"),
        ]


class AvailabilityViewSet(ModelViewSet):
    model = Availability
    name = "consultation_availability"
    url_prefix = "consultations/availability"
    icon = "time"
    menu_label = "My availability"
    menu_order = 200
    copy_view_enabled = False
    inspect_view_enabled = False
    add_to_reference_index = False
    index_view_class = AvailabilityIndexView
    add_view_class = AvailabilityCreateView
    edit_view_class = AvailabilityEditView
    list_display = ["liaison", "is_active", "slot_minutes", "window_days"]
    form_fields = None
    exclude_form_fields = []

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("feed/<int:pk>/renew/", RenewFeedView.as_view(), name="renew_feed"),
        ]


class ClosedDayViewSet(ModelViewSet):
    model = ClosedDay
    name = "closed_days"
    url_prefix = "consultations/closed-days"
    icon = "cross"
    menu_label = "Library closed days"
    menu_order = 300
    copy_view_enabled = False
    inspect_view_enabled = False
    add_to_reference_index = False
    form_fields = ["date", "reason"]
    list_display = ["date", "reason"]


class ConsultationsGroup(ViewSetGroup):
    menu_label = "Consultations"
    menu_icon = "date"
    menu_order = 160
    items = (BookingViewSet, AvailabilityViewSet, ClosedDayViewSet)


@hooks.register("register_admin_viewset")
def register_consultations():
    return ConsultationsGroup()
