"""The shared vocabularies: faculties contain departments, departments run programmes, and
subjects tag librarians, guides, posts and services. Programmes are what students choose and what
matching uses."""

from django.db import models
from wagtail.search import index


class Faculty(index.Indexed, models.Model):
    name = models.CharField(max_length=150, unique=True)
    slug = models.SlugField(max_length=150, unique=True)

    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "faculties"

    def __str__(self):
        return self.name


class Department(index.Indexed, models.Model):
    name = models.CharField(max_length=150, unique=True)
    slug = models.SlugField(max_length=150, unique=True)
    faculty = models.ForeignKey(Faculty, on_delete=models.PROTECT, related_name="departments")

    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Programme(index.Indexed, models.Model):
    class Level(models.TextChoices):
        UNDERGRADUATE = "undergraduate", "Undergraduate"
        GRADUATE = "graduate", "Graduate (taught)"
        DOCTORAL = "doctoral", "Doctoral / research"
        CERTIFICATE = "certificate", "Certificate or diploma"

    code = models.CharField(
        max_length=20, unique=True, help_text="The registry's code, used in rosters and links."
    )
    name = models.CharField(max_length=200)
    level = models.CharField(max_length=20, choices=Level.choices, default=Level.UNDERGRADUATE)
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="programmes")
    is_active = models.BooleanField(
        "offered",
        default=True,
        help_text="Withdrawn programmes stay for history but are not offered.",
    )

    search_fields = [
        index.SearchField("name"),
        index.SearchField("code"),
        index.AutocompleteField("name"),
        index.AutocompleteField("code"),
        index.FilterField("is_active"),
    ]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.code})"


class Subject(index.Indexed, models.Model):
    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    description = models.TextField(blank=True)

    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name
