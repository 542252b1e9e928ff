"""Factories for students: the test suite and the demo data both use them."""

import factory
from factory.django import DjangoModelFactory

from liaison_pages.factories import UserFactory
from taxonomy.factories import ProgrammeFactory

from .models import Student


class StudentUserFactory(UserFactory):
    email = factory.Sequence(lambda n: f"student{n}@students.example.edu")


class StudentFactory(DjangoModelFactory):
    class Meta:
        model = Student

    user = factory.SubFactory(StudentUserFactory)
    name = factory.Sequence(lambda n: f"Student Number{n}")
    programme = factory.SubFactory(ProgrammeFactory)
    level = Student.Level.YEAR_1
