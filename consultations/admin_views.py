"""Admin views: a librarian's own availability and bookings, coordinators' view of all."""

from datetime import timedelta

import django_filters
from django.conf import settings
from django.contrib import messages
from django.db.models import Avg, Count, Q
from django.db.models.functions import TruncMonth
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList, Panel
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.models import CreateView, EditView, IndexView
from wagtail.admin.widgets import HeaderButton, ListingButton

from core.roles import is_coordinator, liaison_for
from portal.spreadsheets import SafeSpreadsheetExportMixin

from . import services
from .models import Availability, Booking, Feedback
from .permissions import visible


class VisibleRowsMixin:
    """Edit views find only rows the user may see: anyone else's is a 404, never a form."""

    def get_queryset(self):
        return visible(self.request.user, self.model._default_manager.all())


# --- Availability -------------------------------------------------------------------------------

LIAISON_AVAILABILITY_PANEL = ObjectList(
    [p for p in Availability.panels if getattr(p, "field_name", None) != "liaison"]
)
COORDINATOR_AVAILABILITY_PANEL = ObjectList(Availability.panels)


class AvailabilityIndexView(IndexView):
    def get_base_queryset(self):
        return visible(self.request.user, super().get_base_queryset().select_related("liaison"))


class AvailabilityPanelMixin:
    def get_panel(self):
        coordinator = is_coordinator(self.request.user)
        panel = COORDINATOR_AVAILABILITY_PANEL if coordinator else LIAISON_AVAILABILITY_PANEL
        return panel.bind_to_model(Availability)

    def get_form_class(self):
        return self.panel.get_form_class()


class AvailabilityCreateView(AvailabilityPanelMixin, CreateView):
    def dispatch(self, request, *args, **kwargs):
        if not is_coordinator(request.user):
            existing = Availability.objects.filter(liaison__user=request.user).first()
            if existing is not None:
                return redirect(reverse("consultation_availability:edit", args=[existing.pk]))
        return super().dispatch(request, *args, **kwargs)

    def get_initial_form_instance(self):
        if is_coordinator(self.request.user):
            return Availability()
        return Availability(liaison=liaison_for(self.request.user))


class FeedPanel(Panel):
    """The librarian's private calendar feed address, and how to renew it."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "consultations/admin/feed_panel.html"

        def is_shown(self):
            return bool(self.instance and self.instance.pk)

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["availability"] = self.instance
            context["feed_url"] = settings.PORTAL_BASE_URL + reverse(
                "consultations:feed", args=[self.instance.feed_token]
            )
            context["renew_url"] = reverse(
                "consultation_availability:renew_feed", args=[self.instance.pk]
            )
            return context


class AvailabilityEditView(VisibleRowsMixin, AvailabilityPanelMixin, EditView):
    def get_panel(self):
        panel = super().get_panel()
        return ObjectList([*panel.children, FeedPanel(heading="Calendar feed")]).bind_to_model(
            Availability
        )


class RenewFeedView(View):
    """GET asks, POST renews (the feed address is a secret: a renewal stops the old one)."""

    def get(self, request, pk):
        availability = get_object_or_404(visible(request.user, Availability.objects.all()), pk=pk)
        return TemplateResponse(
            request, "consultations/admin/renew_feed.html", {"availability": availability}
        )

    def post(self, request, pk):
        availability = get_object_or_404(visible(request.user, Availability.objects.all()), pk=pk)
        availability.renew_feed_token()
        messages.success(request, "New feed address made; the old one no longer works.")
        return redirect(reverse("consultation_availability:edit", args=[pk]))


# --- Bookings -----------------------------------------------------------------------------------


class WhenFilter(django_filters.ChoiceFilter):
    def filter(self, queryset, value):
        now = timezone.now()
        today = timezone.localdate()
        if value == "today":
            return queryset.filter(start__date=today)
        if value == "upcoming":
            return queryset.filter(start__gte=now, status=Booking.Status.CONFIRMED)
        if value == "needs-outcome":
            return queryset.filter(
                end__lt=now, status=Booking.Status.CONFIRMED, outcome=""
            ).order_by("-start")
        if value == "past":
            return queryset.filter(start__lt=now).order_by("-start")
        return queryset


class BookingFilterSet(WagtailFilterSet):
    when = WhenFilter(
        label="When",
        choices=[
            ("today", "Today"),
            ("upcoming", "Upcoming"),
            ("needs-outcome", "Needs an outcome"),
            ("past", "Past"),
        ],
        empty_label="All",
    )

    class Meta:
        model = Booking
        fields = ["status", "outcome", "liaison"]


class LocalTimeColumn(Column):
    def get_value(self, instance):
        return timezone.localtime(instance.start).strftime("%a %d %b %Y, %H:%M")


class BookingIndexView(SafeSpreadsheetExportMixin, IndexView):
    export_filename = "consultations"
    export_headings = {
        "start": "Start (UTC)",
        "liaison": "Librarian",
        "get_mode_display": "Format",
        "get_status_display": "Status",
        "get_outcome_display": "Outcome",
        "get_consultation_type_display": "Type",
    }

    def get_base_queryset(self):
        queryset = super().get_base_queryset().select_related("liaison", "programme")
        return visible(self.request.user, queryset)

    def get_list_buttons(self, instance):
        buttons = super().get_list_buttons(instance)
        buttons.insert(
            0,
            ListingButton(
                "Outcome", url=reverse("consultation_bookings:edit", args=[instance.pk]), priority=1
            ),
        )
        return buttons

    @property
    def header_buttons(self):
        return [
            HeaderButton(
                "Needs an outcome",
                url=reverse("consultation_bookings:index") + "?when=needs-outcome",
                icon_name="warning",
            ),
            HeaderButton(
                "Today",
                url=reverse("consultation_bookings:index") + "?when=today",
                icon_name="date",
            ),
            HeaderButton(
                "Feedback", url=reverse("consultation_bookings:feedback"), icon_name="pick"
            ),
        ]


class BookingDetailsPanel(Panel):
    """What was booked, read-only."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "consultations/admin/booking_details.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["booking"] = self.instance
            return context


OUTCOME_PANEL = ObjectList(
    [
        BookingDetailsPanel(heading="Booking"),
        FieldRowPanel([FieldPanel("outcome"), FieldPanel("consultation_type")]),
        FieldPanel("private_notes"),
    ]
)


class BookingEditView(VisibleRowsMixin, EditView):
    def save_instance(self):
        booking = super().save_instance()
        services.ask_for_feedback(booking)
        return booking

    def get_panel(self):
        return OUTCOME_PANEL.bind_to_model(Booking)

    def get_form_class(self):
        return self.panel.get_form_class()


def since_days(days):
    return timezone.now() - timedelta(days=days)


class FeedbackView(WagtailAdminTemplateMixin, TemplateView):
    """Survey results per librarian per month, consultations and answered messages counted
    together (and apart), and the comments: a librarian sees their own, coordinators
    everyone's."""

    template_name = "consultations/admin/feedback.html"
    page_title = "Survey feedback"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        feedback = visible(self.request.user, Feedback.objects.all())
        context["months"] = (
            feedback.annotate(month=TruncMonth("created_at"))
            .values("month", "liaison__title")
            .annotate(
                count=Count("pk"),
                consultations=Count("pk", filter=Q(booking__isnull=False)),
                messages=Count("pk", filter=Q(message__isnull=False)),
                average=Avg("rating"),
            )
            .order_by("-month", "liaison__title")
        )
        context["comments"] = (
            feedback.exclude(comment="").select_related("liaison").order_by("-created_at")[:100]
        )
        return context
