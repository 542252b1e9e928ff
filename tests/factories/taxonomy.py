import factory
from django.utils.text import slugify
from factory.django import DjangoModelFactory

from taxonomy.models import Department, Faculty, Programme, Subject


class FacultyFactory(DjangoModelFactory):
    class Meta:
        model = Faculty
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Faculty {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))


class DepartmentFactory(DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Department {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    faculty = factory.SubFactory(FacultyFactory)


class ProgrammeFactory(DjangoModelFactory):
    class Meta:
        model = Programme
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"PRG-{n:04d}")
    name = factory.Sequence(lambda n: f"BSc Programme {n}")
    level = Programme.Level.UNDERGRADUATE
    department = factory.SubFactory(DepartmentFactory)


class SubjectFactory(DjangoModelFactory):
    class Meta:
        model = Subject
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Subject {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
