from django import forms

from .models import Subscription


class PreferencesForm(forms.Form):
    digest_frequency = forms.ChoiceField(
        label="News digests from your librarian",
        choices=Subscription.Frequency.choices,
        widget=forms.RadioSelect,
        help_text="A short list of new guides and posts for your programme.",
    )
    outreach = forms.BooleanField(
        label="Emails from your librarian about library help (welcome, before assignments and exams)",
        required=False,
    )
