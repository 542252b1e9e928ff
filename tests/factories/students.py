"""Factories for students."""

import factory
from factory.django import DjangoModelFactory

from students.models import Student

from .taxonomy import ProgrammeFactory
from .users import UserFactory


class StudentUserFactory(UserFactory):
    email = factory.Sequence(lambda n: f"student{n}@students.example.edu")


class StudentFactory(DjangoModelFactory):
    class Meta:
        model = Student

    user = factory.SubFactory(StudentUserFactory)
    name = factory.Sequence(lambda n: f"Student Number{n}")
    programme = factory.SubFactory(ProgrammeFactory)
    level = Student.Level.YEAR_1
