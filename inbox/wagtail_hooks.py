from django.urls import path
from wagtail import hooks
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from .models import Message
from .permissions import MessagePermissionPolicy
from .views import (
    COORDINATOR_PANEL,
    DeliveryColumn,
    DemandView,
    MessageEditView,
    MessageHistoryView,
    MessageIndexView,
    MessageUsageView,
    ResendView,
    StatusColumn,
)

register_permission_policy(Message, MessagePermissionPolicy(Message), exact_class=True)


class MessageViewSet(ModelViewSet):
    model = Message
    name = "inbox"
    url_prefix = "inbox"
    icon = "mail"
    menu_label = "Inbox"
    menu_order = 150
    add_to_admin_menu = True
    copy_view_enabled = False
    add_to_reference_index = False  # messages link to nothing editors need to track
    edit_handler = COORDINATOR_PANEL
    index_view_class = MessageIndexView
    edit_view_class = MessageEditView
    history_view_class = MessageHistoryView
    usage_view_class = MessageUsageView

    list_display = [
        "subject",
        "sender_name",
        Column("sender_group", label="Programme or department"),
        Column("liaison", label="Librarian"),
        StatusColumn("status", label="Status", sort_key="status"),
        DeliveryColumn("delivery", label="Emails"),
        DateColumn("created_at", label="Received", sort_key="created_at"),
    ]
    list_filter = ["status", "source", "liaison"]
    list_export = [
        "created_at",
        "subject",
        "sender_name",
        "sender_email",
        "sender_group",
        "liaison",
        "get_status_display",
        "get_source_display",
        "body",
        "delivery_summary",
    ]
    search_fields = ["subject", "sender_name", "sender_email", "body", "sender_group"]
    ordering = ["-created_at", "-id"]

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("resend/<int:pk>/", ResendView.as_view(), name="resend"),
            path("demand/", DemandView.as_view(), name="demand"),
        ]


@hooks.register("register_admin_viewset")
def register_inbox():
    return MessageViewSet()
