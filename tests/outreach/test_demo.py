"""Merge fields render for every demo student (seed_demo builds about 200, matched by the engine)."""

import io

from django.core.management import call_command
from django.test import TestCase
from django.utils.html import escape

from outreach.models import Campaign
from outreach.rendering import RenderContext, render
from students.models import Student

EVERY_FIELD = (
    "<p>Dear {{ preferred_name }}, I am {{ librarian_name }}, your librarian for {{ programme }}."
    "</p>{{ librarian_photo }}<p>{{ booking_link }}</p>{{ programme_guides }}"
)


class DemoMergeFieldTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("seed_demo", stdout=io.StringIO())

    def test_merge_fields_render_for_every_demo_student(self):
        campaign = Campaign.objects.create(
            title="Welcome", subject="Welcome, {{ preferred_name }}", body=EVERY_FIELD
        )
        context = RenderContext(campaign)
        students = Student.objects.select_related("user", "programme")
        rendered = 0
        photos = 0
        for student in students:
            liaison = student.current_assignment().liaison
            out = render(campaign, student, liaison, context)
            assert "{{" not in out.subject + out.html + out.text, student
            assert out.subject == f"Welcome, {student.display_name}"
            line = f"I am {liaison.title}, your librarian for {student.programme.name}"
            assert line in out.text
            assert escape(line) in out.html
            assert "Book a consultation with" in out.html
            photos += "<img src=" in out.html
            rendered += 1
        assert rendered == students.count() > 200
        assert photos > 0  # demo librarians have portraits
