from django import forms

from taxonomy.models import Programme


class ContactForm(forms.Form):
    """Name, email, programme, subject and message, with a honeypot that people never see."""

    name = forms.CharField(max_length=150)
    email = forms.EmailField(max_length=254)
    programme = forms.ModelChoiceField(
        queryset=Programme.objects.filter(is_active=True).order_by("name"),
        required=False,
        empty_label="— Not a student / not listed —",
        help_text="Optional. Helps your librarian answer for your course.",
    )
    subject = forms.CharField(max_length=200)
    message = forms.CharField(max_length=5000, widget=forms.Textarea(attrs={"rows": 6}))
    # Honeypot: hidden from people by CSS and aria-hidden; bots fill it in.
    website = forms.CharField(required=False, label="Leave this empty", max_length=200)

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise forms.ValidationError("This field must be left empty. Please try again.")
        return ""

    def clean(self):
        cleaned = super().clean()
        for name in ("name", "subject"):
            value = cleaned.get(name)
            if value and ("\n" in value or "\r" in value):
                self.add_error(name, "Please keep this to a single line.")
        return cleaned
