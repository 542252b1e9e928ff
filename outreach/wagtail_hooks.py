from django.urls import path
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from .admin_forms import AdaptationForm, CampaignForm
from .admin_views import (
    AdaptationCreateView,
    AdaptationDeleteView,
    AdaptationEditView,
    AdaptationIndexView,
    CampaignCreateView,
    CampaignDeleteView,
    CampaignEditView,
    CampaignIndexView,
    CampaignSendView,
    ProgressColumn,
    StatusColumn,
)
from .models import Adaptation, Campaign, Term
from .permissions import AdaptationPermissionPolicy, CampaignPermissionPolicy, CoordinatorPolicy

register_permission_policy(Campaign, CampaignPermissionPolicy(Campaign), exact_class=True)
register_permission_policy(Adaptation, AdaptationPermissionPolicy(Adaptation), exact_class=True)
register_permission_policy(Term, CoordinatorPolicy(Term), exact_class=True)

CAMPAIGN_PANELS = ObjectList(
    [
        FieldPanel("kind"),
        FieldPanel("title"),
        FieldPanel("liaison"),
        FieldPanel("subject"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("programmes"),
                FieldPanel("levels"),
                FieldPanel("years"),
                FieldPanel("matched_within_days"),
            ],
            heading="Who receives it (each condition narrows; none: all your students)",
        ),
        FieldPanel("pages"),
        MultiFieldPanel(
            [
                FieldPanel("timing"),
                FieldPanel("send_at"),
                FieldRowPanel(
                    [
                        FieldPanel("term_kind"),
                        FieldPanel("term_week"),
                        FieldPanel("weekday"),
                        FieldPanel("time_of_day"),
                    ]
                ),
            ],
            heading="When",
        ),
    ],
    base_form_class=CampaignForm,
)


class CampaignViewSet(ModelViewSet):
    model = Campaign
    icon = "mail"
    menu_label = "Campaigns"
    url_prefix = "outreach/campaigns"
    name = "outreach_campaign"
    copy_view_enabled = False
    inspect_view_enabled = False
    add_to_reference_index = False
    edit_handler = CAMPAIGN_PANELS
    index_view_class = CampaignIndexView
    add_view_class = CampaignCreateView
    edit_view_class = CampaignEditView
    delete_view_class = CampaignDeleteView
    list_display = [
        "title",
        Column("kind", label="Kind", accessor="get_kind_display"),
        Column("liaison", label="From", accessor="liaison"),
        StatusColumn("status", label="Status", sort_key="status"),
        DateColumn("scheduled_for", label="Scheduled for", sort_key="scheduled_for"),
        ProgressColumn("progress", label="Queued / sent / failed / unsubscribed"),
    ]
    list_filter = ["status", "kind"]
    search_fields = ["title", "subject"]
    ordering = ["-created_at", "-id"]

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("<int:pk>/send/", CampaignSendView.as_view(), name="send"),
        ]


class AdaptationViewSet(ModelViewSet):
    model = Adaptation
    icon = "edit"
    menu_label = "My adaptations"
    url_prefix = "outreach/adaptations"
    name = "outreach_adaptation"
    copy_view_enabled = False
    inspect_view_enabled = False
    add_to_reference_index = False
    edit_handler = ObjectList(
        [FieldPanel("campaign"), FieldPanel("subject"), FieldPanel("body")],
        base_form_class=AdaptationForm,
    )
    index_view_class = AdaptationIndexView
    add_view_class = AdaptationCreateView
    edit_view_class = AdaptationEditView
    delete_view_class = AdaptationDeleteView
    list_display = ["campaign", "liaison", DateColumn("updated_at", label="Updated")]


class TermViewSet(ModelViewSet):
    model = Term
    icon = "date"
    menu_label = "Academic calendar"
    url_prefix = "outreach/terms"
    name = "outreach_term"
    copy_view_enabled = False
    inspect_view_enabled = False
    form_fields = ["name", "kind", "start", "end", "teaching_weeks", "exam_start", "exam_end"]
    list_display = ["name", "kind", DateColumn("start"), DateColumn("end"), "teaching_weeks"]
    ordering = ["start"]


class OutreachGroup(ViewSetGroup):
    menu_label = "Outreach"
    menu_icon = "mail"
    menu_order = 260
    items = (CampaignViewSet, AdaptationViewSet, TermViewSet)


@hooks.register("register_admin_viewset")
def register_outreach():
    return OutreachGroup()
