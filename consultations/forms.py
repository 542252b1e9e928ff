from datetime import UTC, datetime

from django import forms
from django.utils import timezone

from inbox.forms import single_line
from taxonomy.models import Programme

SLOT_FORMAT = "%Y-%m-%dT%H:%MZ"


def slot_value(slot):
    return slot.start.astimezone(UTC).strftime(SLOT_FORMAT)


def slot_label(slot):
    start = timezone.localtime(slot.start)
    end = timezone.localtime(slot.end)
    return f"{start:%H:%M}–{end:%H:%M}"


def parse_slot(value):
    try:
        return datetime.strptime(str(value)[:40], SLOT_FORMAT).replace(tzinfo=UTC)
    except ValueError:
        return None


class SlotField(forms.Field):
    """A slot start as ``2026-03-02T10:00Z``. Whether it is still free is the service's call."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        start = parse_slot(value) if len(str(value)) <= 40 else None
        if start is None:
            raise forms.ValidationError("Please choose one of the times offered.")
        return start


class SlotForm(forms.Form):
    slot = SlotField(error_messages={"required": "Please choose a time."})


class BookingForm(SlotForm):
    topic = forms.CharField(
        max_length=200,
        validators=[single_line],
        help_text="A line about what you would like help with.",
    )
    programme = forms.ModelChoiceField(
        queryset=Programme.objects.filter(is_active=True).order_by("name"),
        required=False,
        empty_label="— Not a student / not listed —",
        label="Your programme",
    )
    course = forms.CharField(
        label="Course or module", max_length=120, required=False, validators=[single_line]
    )
    name = forms.CharField(max_length=150, validators=[single_line])
    email = forms.EmailField(max_length=254)

    def __init__(self, *args, student=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.student = student
        if student is not None:
            # a student books as themselves: their account's name and address
            self.fields["email"].disabled = True
            self.fields["email"].initial = student.user.email
            self.fields["email"].help_text = "Your account's address."
            self.fields["name"].initial = student.display_name
            # nor do they pick their programme again: their account has it
            del self.fields["programme"]

    def clean(self):
        cleaned = super().clean()
        if self.student is not None:
            cleaned["programme"] = self.student.programme
        return cleaned


class FeedbackForm(forms.Form):
    """The survey's one question and comment, for a consultation or an answered message."""

    rating = forms.TypedChoiceField(
        label="How helpful was the consultation?",
        choices=[(n, f"{n} of 5") for n in range(5, 0, -1)],
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label="Anything to tell us?",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, survey=None, **kwargs):
        super().__init__(*args, **kwargs)
        if survey is not None and survey.is_message:
            self.fields["rating"].label = "How helpful was the answer to your message?"
