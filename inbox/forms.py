from collections import OrderedDict

from django import forms
from wagtail.contrib.forms.forms import FormBuilder, WagtailAdminFormPageForm

from taxonomy.models import Department, Programme

SINGLE_LINE_MAX = 255
MULTI_LINE_MAX = 5000


def single_line(value):
    """Reject line breaks in anything that may end up in an email header."""
    if value and any(ch in value for ch in "\r\n\x0b\x0c\x85\u2028\u2029"):
        raise forms.ValidationError("Please keep this to a single line.")
    return value


HONEYPOT_ERROR = "This field must be left empty. Please try again."
# The enquiry forms' honeypot: a name bots like and editors' questions are unlikely to get.
ENQUIRY_HONEYPOT = "contact_url"


class HoneypotMixin:
    """The field named ``honeypot_name`` is hidden from people by CSS and aria-hidden; bots fill
    it in, and the form refuses them."""

    honeypot_name = "website"

    def clean(self):
        cleaned = super().clean()
        if cleaned.get(self.honeypot_name):
            self.add_error(self.honeypot_name, HONEYPOT_ERROR)
        return cleaned


class ContactForm(HoneypotMixin, forms.Form):
    """Name, email, programme, subject and message, with a honeypot that people never see."""

    name = forms.CharField(max_length=150, validators=[single_line])
    email = forms.EmailField(max_length=254)
    programme = forms.ModelChoiceField(
        queryset=Programme.objects.filter(is_active=True).order_by("name"),
        required=False,
        empty_label="— Not a student / not listed —",
        help_text="Helps your librarian answer for your course.",
    )
    subject = forms.CharField(max_length=200, validators=[single_line])
    message = forms.CharField(max_length=5000, widget=forms.Textarea(attrs={"rows": 6}))
    website = forms.CharField(required=False, label="Leave this empty", max_length=200)


# --- Enquiry forms ------------------------------------------------------------------------------

# Fields every enquiry form asks before the editor's own questions: (name, label).
ENQUIRY_FIXED_FIELDS = [
    ("sender_name", "Your name"),
    ("sender_email", "Your email address"),
    ("programme", "Your programme"),
    ("department", "Your department"),
]
RESERVED_NAMES = {name for name, _label in ENQUIRY_FIXED_FIELDS} | {ENQUIRY_HONEYPOT}


class EnquiryBaseForm(HoneypotMixin, forms.Form):
    honeypot_name = ENQUIRY_HONEYPOT

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        self.user = kwargs.pop("user", None)
        self.page = kwargs.pop("page", None)
        super().__init__(*args, **kwargs)
        if self.page is not None and self.page.for_partners:
            # people outside the university have neither; the editor asks for the organisation
            del self.fields["programme"], self.fields["department"]

    def editor_fields(self):
        """The editor-built questions (bound fields), in order."""
        return [f for f in self if f.name not in RESERVED_NAMES]


class EnquiryFormBuilder(FormBuilder):
    """Wagtail's builder plus fixed sender fields, length limits and a honeypot."""

    def create_singleline_field(self, field, options):
        options["max_length"] = SINGLE_LINE_MAX
        return forms.CharField(validators=[single_line], **options)

    def create_multiline_field(self, field, options):
        options["max_length"] = MULTI_LINE_MAX
        options.setdefault("widget", forms.Textarea(attrs={"rows": 5}))
        return forms.CharField(**options)

    def create_date_field(self, field, options):
        return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), **options)

    def create_datetime_field(self, field, options):
        return forms.DateTimeField(
            widget=forms.DateTimeInput(attrs={"type": "datetime-local"}), **options
        )

    @property
    def formfields(self):
        fields = OrderedDict()
        fields["sender_name"] = forms.CharField(
            label="Your name", max_length=150, validators=[single_line]
        )
        fields["sender_email"] = forms.EmailField(label="Your email address", max_length=254)
        fields["programme"] = forms.ModelChoiceField(
            queryset=Programme.objects.filter(is_active=True).order_by("name"),
            label="Your programme",
            required=False,
            empty_label="— Not a student / not listed —",
        )
        fields["department"] = forms.ModelChoiceField(
            label="Your department",
            queryset=Department.objects.order_by("name"),
            required=False,
            empty_label="— Not listed / not at the university —",
        )
        for name, field in super().formfields.items():
            if name not in RESERVED_NAMES:
                fields[name] = field
        fields[ENQUIRY_HONEYPOT] = forms.CharField(
            required=False, label="Leave this empty", max_length=200
        )
        return fields

    def get_form_class(self):
        return type("EnquiryForm", (EnquiryBaseForm,), self.formfields)


class EnquiryFormPageAdminForm(WagtailAdminFormPageForm):
    """The page editor refuses questions whose names clash with the fields every form asks."""

    def clean(self):
        cleaned = super().clean()
        formset = self.formsets.get("form_fields")
        if formset is None:
            return cleaned
        for form in formset.forms:
            if not hasattr(form, "cleaned_data") or form.cleaned_data.get("DELETE"):
                continue
            clean_name = form.instance.clean_name or form.instance.get_field_clean_name()
            if clean_name in RESERVED_NAMES:
                form.add_error(
                    "label",
                    "Every enquiry form already asks for name, email, programme and department; "
                    "remove this question or give it another label.",
                )
        return cleaned
