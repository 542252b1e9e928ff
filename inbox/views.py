"""The inbox in the Wagtail admin: list, read and update, reassign, resend, export, demand by group.

Every view narrows to the messages the user may see (``permissions.visible_messages``), so a liaison
opening another liaison's message by URL gets a 404.
"""

from django.contrib import messages as flash
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django.views.generic import TemplateView
from wagtail.admin.panels import FieldPanel, ObjectList, Panel
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.views.generic.models import EditView, IndexView
from wagtail.admin.views.generic.usage import UsageView
from wagtail.admin.widgets import HeaderButton, ListingButton
from wagtail.contrib.forms.views import SubmissionsListView

from core.caching import public_pages
from liaison_pages.models import LiaisonPage
from portal.spreadsheets import SafeSpreadsheetExportMixin

from . import delivery, services
from .forms import ContactForm
from .models import Delivery, Message
from .permissions import can_use_inbox, sees_all, visible_messages


class VisibleMessagesMixin:
    """Narrow every object lookup to the messages the user may see (404 otherwise)."""

    def get_object(self, *args, **kwargs):
        obj = super().get_object(*args, **kwargs)
        if not visible_messages(self.request.user, Message.objects.filter(pk=obj.pk)).exists():
            raise Http404("No such message.")
        return obj


# --- Columns ------------------------------------------------------------------------------------


class StatusColumn(Column):
    def get_value(self, instance):
        return instance.get_status_display()


class DeliveryColumn(Column):
    cell_template_name = "inbox/admin/delivery_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["summary"] = instance.delivery_summary
        return context


# --- Index --------------------------------------------------------------------------------------


class MessageIndexView(SafeSpreadsheetExportMixin, IndexView):
    export_filename = "inbox-messages"
    export_headings = {
        "created_at": "Received",
        "liaison": "Librarian",
        "sender_group": "Programme or department",
        "get_status_display": "Status",
        "get_source_display": "Source",
        "delivery_summary": "Email delivery",
    }

    def get_base_queryset(self):
        queryset = super().get_base_queryset().select_related("liaison")
        queryset = queryset.prefetch_related("deliveries")
        return visible_messages(self.request.user, queryset)

    # Exports hold the rows of the listing: a liaison downloads their own inbox, a coordinator all.
    @property
    def header_buttons(self):
        return [
            HeaderButton(
                "Demand by group",
                url=reverse("inbox:demand"),
                icon_name="table",
            )
        ]

    def get_list_buttons(self, instance):
        buttons = super().get_list_buttons(instance)
        buttons.insert(
            0,
            ListingButton(
                "Open",
                url=reverse("inbox:edit", args=[instance.pk]),
                icon_name="mail",
                priority=1,
            ),
        )
        return buttons


class EnquirySubmissionsListView(SafeSpreadsheetExportMixin, SubmissionsListView):
    """Wagtail's submissions list of an enquiry form; its CSV and XLSX downloads hold what
    anonymous visitors typed, made safe to open in a spreadsheet."""


# --- Read and update ----------------------------------------------------------------------------


class MessageContentPanel(Panel):
    """The message itself, read-only and as plain text (escaped, line breaks kept, no links)."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "inbox/admin/message_content.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["message"] = self.instance
            context["deliveries"] = self.instance.deliveries.order_by("kind")
            context["earlier"] = earlier_messages(self.instance, self.request.user)
            context["coordinator"] = sees_all(self.request.user)
            return context


def earlier_messages(message, user, limit=10):
    """The same sender's earlier messages that this user may see: by account when the sender was
    signed in, else by the exact address (never a case-folded look-alike)."""
    same_sender = (
        Q(sender_user_id=message.sender_user_id)
        if message.sender_user_id
        else Q(sender_email=message.sender_email)
    )
    queryset = Message.objects.filter(same_sender, created_at__lt=message.created_at).exclude(
        pk=message.pk
    )
    return list(visible_messages(user, queryset).order_by("-created_at")[:limit])


LIAISON_PANEL = ObjectList([MessageContentPanel(heading="Message"), FieldPanel("status")])
COORDINATOR_PANEL = ObjectList(
    [MessageContentPanel(heading="Message"), FieldPanel("status"), FieldPanel("liaison")]
)


class MessageEditView(VisibleMessagesMixin, EditView):
    def get_panel(self):
        panel = COORDINATOR_PANEL if sees_all(self.request.user) else LIAISON_PANEL
        return panel.bind_to_model(Message)

    def get_form_class(self):
        # The viewset passes the coordinator's form class; a liaison's form has status only.
        return self.panel.get_form_class()

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        liaison = self.object.liaison
        if (
            self.object.status == Message.Status.NEW
            and liaison is not None
            and liaison.user_id == request.user.pk
        ):
            Message.objects.filter(pk=self.object.pk).update(status=Message.Status.READ)
            self.object.status = Message.Status.READ
        return super().get(request, *args, **kwargs)

    def save_instance(self):
        old_liaison_id = Message.objects.filter(pk=self.object.pk).values_list(
            "liaison_id", flat=True
        )[0]
        instance = super().save_instance()
        if instance.liaison_id != old_liaison_id:
            services.reassign(instance, instance.liaison)
        return instance

    @property
    def header_more_buttons(self):
        return [b for b in super().header_more_buttons if "Delete" not in str(b.label)]


class MessageHistoryView(VisibleMessagesMixin, HistoryView):
    pass


class MessageUsageView(VisibleMessagesMixin, UsageView):
    pass


# --- Coordinator actions ------------------------------------------------------------------------


class ResendView(View):
    """POST: queue failed (or, if none failed, all) emails about a message again."""

    http_method_names = ["post"]

    def post(self, request, pk):
        if not sees_all(request.user):
            raise PermissionDenied
        message = get_object_or_404(Message, pk=pk)
        kinds = delivery.resend(message)
        if not kinds:
            kinds = delivery.resend(message, force=True)
        labels = ", ".join(Delivery.Kind(kind).label.lower() for kind in sorted(kinds))
        flash.success(request, f"Queued again: {labels}.")
        return redirect("inbox:edit", pk)


class DemandView(WagtailAdminTemplateMixin, TemplateView):
    """How many messages came from which programme or department (the user's visible ones)."""

    template_name = "inbox/admin/demand.html"
    page_title = "Demand by group"
    header_icon = "table"

    def dispatch(self, request, *args, **kwargs):
        if not can_use_inbox(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse("wagtailadmin_home"), "label": "Home"},
            {"url": reverse("inbox:index"), "label": "Inbox"},
            {"url": "", "label": self.page_title},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = (
            visible_messages(self.request.user, Message.objects.exclude(status="spam"))
            .values("sender_group")
            .annotate(
                total=Count("id"),
                open=Count("id", filter=Q(status__in=["new", "read"])),
            )
            .order_by("-total", "sender_group")
        )
        context["rows"] = rows
        context["grand_total"] = sum(r["total"] for r in rows)
        return context


# --- the public contact form --------------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def contact(request, slug):
    """``/contact/<librarian>/``: the form that writes to a librarian, on its own uncached address
    so that profile pages carry no per-visitor token and can be cached. A sent message goes back to
    the profile (``?sent=1``); a form with mistakes is shown again here, with what was typed."""
    liaison = get_object_or_404(public_pages(LiaisonPage.objects), slug=slug[:255])
    if request.method != "POST":
        if not liaison.is_active:  # they have left: their profile says who answers now
            return redirect(liaison.url)
        form, status = ContactForm(prefix="contact"), 200
    else:
        form, status = ContactForm(data=request.POST, prefix="contact"), 400
        if form.is_valid():
            # once they have left, it goes to whoever answers for them (services decides)
            services.submit_contact_form(form, liaison=liaison, request=request)
            return redirect(f"{liaison.url}?sent=1#contact")
    return TemplateResponse(
        request, "inbox/contact.html", {"liaison": liaison, "contact_form": form}, status=status
    )
