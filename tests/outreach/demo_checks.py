"""Checks run on the seeded demo portal by tests/test_seed_demo.py (seeded once for all)."""

from django.utils.html import escape

from outreach.models import Campaign
from outreach.rendering import RenderContext, render
from students.models import Student

EVERY_FIELD = (
    "<p>Dear {{ preferred_name }}, I am {{ librarian_name }}, your librarian for {{ programme }}."
    "</p>{{ librarian_photo }}<p>{{ booking_link }}</p>{{ programme_guides }}"
)


def merge_fields_render_for_every_student():
    """Every merge field fills in for every demo student, from their own librarian. Returns how
    many students were rendered and how many emails carried the librarian's photo."""
    campaign = Campaign.objects.create(
        title="Welcome", subject="Welcome, {{ preferred_name }}", body=EVERY_FIELD
    )
    context = RenderContext(campaign)
    rendered = photos = 0
    for student in Student.objects.select_related("user", "programme"):
        liaison = student.current_assignment().liaison
        out = render(campaign, student, liaison, context)
        assert "{{" not in out.subject + out.html + out.text, student
        assert out.subject == f"Welcome, {student.display_name}"
        line = f"I am {liaison.title}, your librarian for {student.programme.name}"
        assert line in out.text, student
        assert escape(line) in out.html, student
        assert "Book a consultation with" in out.html, student
        photos += "<img src=" in out.html
        rendered += 1
    campaign.delete()
    return rendered, photos
