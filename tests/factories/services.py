"""Factories for the services catalogue."""

import factory
import wagtail_factories
from django.utils.text import slugify
from factory.django import DjangoModelFactory

from services.models import Audience, ServiceIndexPage, ServiceLiaison, ServicePage


class AudienceFactory(DjangoModelFactory):
    class Meta:
        model = Audience
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Audience {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))


class ServiceIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ServiceIndexPage

    title = "Services"
    slug = "services"
    intro = "<p>What the library can do for your teaching, research and partnerships.</p>"


class ServicePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ServicePage
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Library service {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    summary = "One-to-one help from a subject librarian."
    body = "<p>Tell us what you need and we will arrange a time.</p>"
    turnaround = "A reply within two working days"

    @factory.post_generation
    def audiences(self, create, extracted, **kwargs):
        if create and extracted:
            self.audiences.set(extracted)
            self.save_revision().publish()

    @factory.post_generation
    def subjects(self, create, extracted, **kwargs):
        if create and extracted:
            self.subjects.set(extracted)
            self.save_revision().publish()

    @factory.post_generation
    def liaisons(self, create, extracted, **kwargs):
        if create and extracted:
            self.liaison_placements = [
                ServiceLiaison(liaison=liaison, sort_order=order)
                for order, liaison in enumerate(extracted)
            ]
            self.save_revision().publish()
