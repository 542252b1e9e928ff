from django import forms
from wagtail.images.forms import BaseImageForm

from liaison_pages.models import LiaisonPage
from taxonomy.models import Programme


class AltTextRequiredImageForm(BaseImageForm):
    """Wagtail's image form with the description required: it is the image's alt text wherever the
    image is shown without per-use alt text (profile photos, listing images). Image blocks in guides
    and posts (``ImageBlock``) ask for their own alt text or an explicit "decorative" tick."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "description" in self.fields:
            field = self.fields["description"]
            field.required = True
            field.label = "Alt text"
            field.help_text = (
                "Describe the image for people who cannot see it, e.g. 'Dr Ana Ruiz smiling in "
                "the reading room'. Required."
            )


class AddLiaisonForm(forms.Form):
    email = forms.EmailField(label="Email address", help_text="They sign in with this address.")
    full_name = forms.CharField(label="Full name", max_length=150)
    programmes = forms.ModelMultipleChoiceField(
        queryset=Programme.objects.filter(is_active=True).order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Students on these programmes are matched to them once their profile is live.",
    )


class DeactivateLiaisonForm(forms.Form):
    transfer_to = forms.ModelChoiceField(
        queryset=LiaisonPage.objects.none(),
        required=False,
        label="Give their guides and posts to",
        empty_label="Nobody: keep them as they are",
        help_text="Pages stay published either way; the new owner can edit them.",
    )
    successor = forms.ModelChoiceField(
        queryset=LiaisonPage.objects.none(),
        required=False,
        label="Who answers their messages",
        empty_label="Whoever takes their guides and posts; if nobody, general enquiries",
        help_text=(
            "Their profile stays online, says they have left and points here instead of showing "
            "a contact form; messages and their enquiry forms go to this librarian."
        ),
    )
    rebalance_now = forms.BooleanField(
        required=False,
        label="Move their students to other librarians now",
        help_text="Otherwise the students are flagged for rebalancing on the dashboard.",
    )

    def __init__(self, *args, liaison, **kwargs):
        super().__init__(*args, **kwargs)
        others = LiaisonPage.objects.filter(is_active=True).exclude(pk=liaison.pk).order_by("title")
        self.fields["transfer_to"].queryset = others
        self.fields["successor"].queryset = others
