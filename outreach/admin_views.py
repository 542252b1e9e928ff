"""Outreach in the Wagtail admin: campaigns (write, preview with a real student's data, test send
to oneself, schedule or send now, cancel), adaptations and the academic calendar. Every lookup is
narrowed by ``outreach.permissions``: another liaison's campaign or adaptation is a 404."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import TemplateView
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.models import CreateView, DeleteView, EditView, IndexView
from wagtail.admin.widgets import ListingButton

from core.roles import is_coordinator, liaison_for
from students.models import Student

from . import delivery, services
from .models import Adaptation, Campaign, Send
from .permissions import (
    changeable_campaigns,
    preview_students,
    visible_adaptations,
    visible_campaigns,
)
from .rendering import render

PREVIEW_TOKEN = "preview-only-not-a-real-token"  # noqa: S105 - an unsubscribe link that 404s


def progress_annotations():
    return {
        status: Count("sends", filter=Q(sends__status=status))
        for status in ("queued", "sent", "failed", "unsubscribed")
    }


class ProgressColumn(Column):
    cell_template_name = "outreach/admin/progress_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["counts"] = {
            "queued": instance.queued,
            "sent": instance.sent,
            "failed": instance.failed,
            "unsubscribed": instance.unsubscribed,
        }
        return context


class StatusColumn(Column):
    def get_value(self, instance):
        return instance.get_status_display()


class CampaignIndexView(IndexView):
    def get_base_queryset(self):
        queryset = super().get_base_queryset().select_related("liaison")
        return visible_campaigns(self.request.user, queryset).annotate(**progress_annotations())

    def get_list_buttons(self, instance):
        buttons = super().get_list_buttons(instance)
        buttons.insert(
            0,
            ListingButton(
                "Preview and send",
                url=reverse("outreach_campaign:send", args=[instance.pk]),
                icon_name="mail",
                priority=1,
            ),
        )
        return buttons


class CampaignCreateView(CreateView):
    def get_initial_form_instance(self):
        user = self.request.user
        liaison = None if is_coordinator(user) else liaison_for(user)
        return Campaign(created_by=user, liaison=liaison)

    def get_success_url(self):
        return reverse("outreach_campaign:send", args=[self.object.pk])


class ChangeableCampaignMixin:
    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        allowed = changeable_campaigns(self.request.user, Campaign.objects.filter(pk=obj.pk))
        if not allowed.exists():
            raise Http404("No such campaign.")
        return obj


class CampaignEditView(ChangeableCampaignMixin, EditView):
    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        if not obj.is_editable:
            raise PermissionDenied("A campaign being sent or sent can no longer change.")
        return obj

    def get_success_url(self):
        return reverse("outreach_campaign:send", args=[self.object.pk])


class CampaignDeleteView(ChangeableCampaignMixin, DeleteView):
    pass


class PreviewForm(forms.Form):
    student = forms.ModelChoiceField(
        queryset=Student.objects.none(),
        required=False,
        label="Preview as",
        empty_label="Choose a student…",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["student"].queryset = preview_students(
            user, Student.objects.select_related("user", "programme")
        ).order_by("name", "pk")


class CampaignSendView(WagtailAdminTemplateMixin, TemplateView):
    """One campaign: status and progress, a preview with a real student's data, a test send to
    oneself, and the schedule / send now / cancel buttons."""

    template_name = "outreach/admin/send.html"
    header_icon = "mail"

    def dispatch(self, request, pk):
        self.campaign = get_object_or_404(
            visible_campaigns(request.user, Campaign.objects.select_related("liaison")), pk=pk
        )
        self.can_change = changeable_campaigns(
            request.user, Campaign.objects.filter(pk=pk)
        ).exists()
        return super().dispatch(request, pk)

    def get_page_title(self):
        return self.campaign.title

    def get_page_subtitle(self):
        return self.campaign.get_status_display()

    def preview_student(self, form):
        if form.is_valid() and form.cleaned_data["student"]:
            return form.cleaned_data["student"]
        return form.fields["student"].queryset.first()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        form = PreviewForm(self.request.GET or None, user=user)
        student = self.preview_student(form)
        rendered = render(self.campaign, student) if student else None
        sends = Send.objects.filter(campaign=self.campaign)
        if not self.can_change:  # a liaison looking at a programme-wide campaign
            liaison = liaison_for(user)
            sends = sends.filter(liaison=liaison) if liaison else sends.none()
        counts = dict(
            sends.values_list("status").annotate(n=Count("pk")).values_list("status", "n")
        )
        liaison = liaison_for(user)
        adaptation = None
        if liaison and self.campaign.liaison_id is None:
            adaptation = Adaptation.objects.filter(campaign=self.campaign, liaison=liaison).first()
        context.update(
            campaign=self.campaign,
            can_change=self.can_change and self.campaign.is_editable,
            can_cancel=self.can_change
            and self.campaign.status in (Campaign.Status.SCHEDULED, Campaign.Status.SENDING),
            can_adapt=liaison is not None
            and self.campaign.liaison_id is None
            and self.campaign.kind == Campaign.Kind.CAMPAIGN
            and self.campaign.is_editable,
            adaptation=adaptation,
            form=form,
            student=student,
            rendered=rendered,
            counts=[(s.label, counts.get(s.value, 0)) for s in Send.Status],
        )
        return context

    def post(self, request, pk):
        action = request.POST.get("action")
        url = reverse("outreach_campaign:send", args=[pk])
        if action == "test":
            return self.test_send(request, url)
        if not self.can_change:
            raise PermissionDenied
        if action == "schedule":
            when = services.schedule(self.campaign)
            if when is None:
                messages.error(
                    request,
                    "Not scheduled: the academic calendar has no term for this timing yet, or "
                    "the campaign is no longer a draft.",
                )
            else:
                messages.success(request, f"Scheduled for {when:%d %b %Y %H:%M}.")
        elif action == "cancel":
            if services.cancel(self.campaign):
                messages.success(request, "Cancelled: nothing more will be sent.")
            else:
                messages.error(request, "This campaign has finished; there is nothing to cancel.")
        else:
            messages.error(request, "Unknown action.")
        return redirect(url)

    def test_send(self, request, url):
        form = PreviewForm(request.POST, user=request.user)
        student = self.preview_student(form)
        if student is None or not request.user.email:
            messages.error(request, "No student to preview with, or your account has no address.")
            return redirect(url)
        assignment = student.current_assignment()
        rendered = render(self.campaign, student, assignment.liaison)
        rendered = rendered.__class__(
            subject=f"[Test] {rendered.subject}", html=rendered.html, text=rendered.text
        )
        email = delivery.build_email(
            rendered,
            request.user.email,
            assignment.liaison.title,
            assignment.liaison.email,
            PREVIEW_TOKEN,
        )
        try:
            email.send()
        except Exception as exc:  # the mail server's problem, told to the sender, never a 500
            messages.error(request, f"The test email could not be sent: {type(exc).__name__}.")
        else:
            messages.success(request, f"A test email is on its way to {request.user.email}.")
        return redirect(url)


class AdaptationIndexView(IndexView):
    def get_base_queryset(self):
        queryset = super().get_base_queryset().select_related("campaign", "liaison")
        return visible_adaptations(self.request.user, queryset)


class AdaptationCreateView(CreateView):
    def dispatch(self, request, *args, **kwargs):
        if liaison_for(request.user) is None:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_initial_form_instance(self):
        liaison = liaison_for(self.request.user)
        instance = Adaptation(liaison=liaison)
        chosen = self.request.GET.get("campaign", "")
        campaign = None
        if chosen.isdigit() and len(chosen) < 12:
            campaign = Campaign.objects.filter(pk=chosen, liaison__isnull=True).first()
        if campaign is not None:
            instance.campaign = campaign
            instance.subject, instance.body = campaign.subject, campaign.body
        return instance


class OwnAdaptationMixin:
    """Only the liaison who wrote an adaptation changes it, and only before the campaign goes."""

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        liaison = liaison_for(self.request.user)
        if liaison is None or obj.liaison_id != liaison.pk:
            raise Http404("No such adaptation.")
        if not obj.campaign.is_editable:
            raise PermissionDenied("The campaign is being sent or has been sent.")
        return obj


class AdaptationEditView(OwnAdaptationMixin, EditView):
    pass


class AdaptationDeleteView(OwnAdaptationMixin, DeleteView):
    pass
