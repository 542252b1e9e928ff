"""Staff and student sign-ins."""

import factory
from django.contrib.auth import get_user_model
from factory.django import DjangoModelFactory


class UserFactory(DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    email = factory.Sequence(lambda n: f"user{n}@library.example.edu")
    username = factory.LazyAttribute(lambda o: o.email.lower())
    first_name = "Alex"
    last_name = "Reader"
    password = factory.django.Password("correct-horse-battery")
