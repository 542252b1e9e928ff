"""Factories for messages and enquiry forms."""

import factory
import wagtail_factories
from django.utils.text import slugify
from factory.django import DjangoModelFactory

from inbox.models import EnquiryFormField, EnquiryFormPage, EnquiryIndexPage, Message


class MessageFactory(DjangoModelFactory):
    class Meta:
        model = Message

    sender_name = factory.Sequence(lambda n: f"Student {n}")
    sender_email = factory.Sequence(lambda n: f"student{n}@students.example.edu")
    subject = "Help finding sources"
    body = "Could you recommend databases for my dissertation?"
    source = Message.Source.PROFILE


class EnquiryIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = EnquiryIndexPage

    title = "Enquiries"
    slug = "enquiries"


class EnquiryFormPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = EnquiryFormPage

    title = factory.Sequence(lambda n: f"Request a consultation {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    intro = "<p>Tell us what you need and we will get back to you.</p>"
    thank_you_text = "<p>Thank you. Your request has been received.</p>"


class EnquiryFormFieldFactory(DjangoModelFactory):
    class Meta:
        model = EnquiryFormField

    label = factory.Sequence(lambda n: f"Question {n}")
    field_type = "singleline"
    required = False
