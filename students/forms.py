from django import forms

from taxonomy.models import Programme

from .models import Student


def programme_choices():
    """Active programmes grouped by department: a select that works without JavaScript (with it,
    a type-to-narrow box appears above; see includes/programme_filter.html)."""
    programmes = Programme.objects.filter(is_active=True).select_related("department")
    groups = {}
    for p in programmes.order_by("department__name", "name"):
        groups.setdefault(p.department.name, []).append((p.pk, f"{p.name} ({p.code})"))
    return [("", "Choose your programme…"), *groups.items()]


class ProgrammeField(forms.TypedChoiceField):
    def __init__(self, **kwargs):
        kwargs.setdefault("coerce", int)
        kwargs.setdefault("label", "Programme")
        super().__init__(choices=programme_choices, **kwargs)
        self.filterable = True  # includes/form_field.html adds the type-to-narrow box

    def clean(self, value):
        pk = super().clean(value)
        if pk in (None, ""):
            return None
        try:
            return Programme.objects.get(pk=pk, is_active=True)
        except Programme.DoesNotExist:
            raise forms.ValidationError("Choose a programme from the list.") from None


class StudentFieldsMixin(forms.Form):
    name = forms.CharField(label="Full name", max_length=150)
    preferred_name = forms.CharField(
        max_length=80,
        required=False,
        help_text="What should your librarian call you? Used on your pages and in emails.",
    )
    programme = ProgrammeField()
    level = forms.ChoiceField(
        label="Level or year", choices=[("", "Choose…"), *Student.Level.choices]
    )

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())

    def clean_preferred_name(self):
        return " ".join(self.cleaned_data["preferred_name"].split())


class StudentSignupForm(StudentFieldsMixin):
    """Added to allauth's sign-up form (``ACCOUNT_SIGNUP_FORM_CLASS``): the student profile is
    created with the account; the match happens once the email address is verified."""

    field_order = [
        "email",
        "password1",
        "password2",
        "name",
        "preferred_name",
        "programme",
        "level",
    ]

    def signup(self, request, user):
        data = self.cleaned_data
        Student.objects.update_or_create(
            user=user,
            defaults={
                "name": data["name"],
                "preferred_name": data["preferred_name"],
                "programme": data["programme"],
                "level": data["level"],
            },
        )


class ProfileForm(StudentFieldsMixin):
    """Choose or change programme, level and names after sign-up (the same programme picker as
    the sign-up form)."""


class SwitchRequestForm(forms.Form):
    reason = forms.CharField(
        label="Why would you like another librarian?",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="A coordinator reads this; your current librarian does not see it.",
    )


class DeleteAccountForm(forms.Form):
    confirm = forms.BooleanField(
        label="I understand my account and profile are deleted for good.",
        required=True,
    )
