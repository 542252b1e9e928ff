"""The admin forms: a campaign (segment, timing, text with merge fields) and an adaptation."""

import datetime
import json

from django import forms
from django.utils import timezone
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.models import Page

from core.roles import is_coordinator, liaison_for
from liaison_pages.models import BlogPostPage, GuidePage
from students.models import Student
from taxonomy.models import Programme

from .merge import unknown_fields
from .models import Campaign

DIGEST_DAYS = 92


def guard_rich_text(form, name):
    """The rich text editor's widget reads its POSTed value as JSON and fails on anything else
    (a crafted request) or on JSON that is not an object: treat that as no value, so the form says the field is required instead
    of the request failing."""
    field = form.fields.get(name)
    if field is None:
        return
    widget = field.widget
    read = widget.value_from_datadict

    def value_from_datadict(data, files, field_name):
        raw = data.get(field_name)
        try:
            # the editor's content state is a JSON object; "Infinity", "[]" or "1" are not
            if raw and not isinstance(json.loads(raw), dict):
                return None
            return read(data, files, field_name)
        except ValueError:  # json.JSONDecodeError and friends
            return None

    widget.value_from_datadict = value_from_datadict


def check_merge_fields(form, *names):
    for name in names:
        unknown = unknown_fields(form.cleaned_data.get(name) or "")
        if unknown:
            form.add_error(name, "Unknown merge field: " + ", ".join(unknown))


class CampaignForm(WagtailAdminModelForm):
    levels = forms.MultipleChoiceField(
        choices=Programme.Level.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Empty: every level.",
    )
    years = forms.MultipleChoiceField(
        label="Years of study",
        choices=Student.Level.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Empty: every year.",
    )
    pages = forms.ModelMultipleChoiceField(
        label="Recent posts and guides (for a digest)",
        queryset=Page.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        guard_rich_text(self, "body")
        user = self.for_user
        if user is not None and not is_coordinator(user):
            # a liaison's campaign is always theirs: they never choose whose it is
            self.fields.pop("liaison", None)
            kinds = [(k, label) for k, label in Campaign.Kind.choices if k != "campaign"]
            if "kind" in self.fields:
                self.fields["kind"].choices = kinds
        if "pages" in self.fields:
            since = timezone.now() - datetime.timedelta(days=DIGEST_DAYS)
            self.fields["pages"].queryset = (
                Page.objects.live()
                .public()
                .type(BlogPostPage, GuidePage)
                .filter(last_published_at__gte=since)
                .order_by("-last_published_at")
            )

    def clean(self):
        cleaned = super().clean()
        check_merge_fields(self, "subject", "body")
        if cleaned.get("kind") == Campaign.Kind.DIGEST and not cleaned.get("pages"):
            self.add_error("pages", "Choose the posts and guides the digest lists.")
        return cleaned


class AdaptationForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        guard_rich_text(self, "body")
        if "campaign" in self.fields:
            self.fields["campaign"].queryset = Campaign.objects.filter(
                liaison__isnull=True,
                kind=Campaign.Kind.CAMPAIGN,
                status__in=[Campaign.Status.DRAFT, Campaign.Status.SCHEDULED],
            )
        self.liaison = liaison_for(self.for_user) if self.for_user else None

    def clean(self):
        cleaned = super().clean()
        check_merge_fields(self, "subject", "body")
        campaign = cleaned.get("campaign")
        if (
            campaign is not None
            and self.liaison is not None
            and self.instance._state.adding
            and campaign.adaptations.filter(liaison=self.liaison).exists()
        ):
            self.add_error("campaign", "You have adapted this campaign already: edit that one.")
        return cleaned
