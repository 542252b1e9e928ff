"""Factories for the page tree, librarians, guides and posts."""

import datetime

import factory
import wagtail_factories
from django.utils.text import slugify

from home.models import HomePage
from liaison_pages.models import (
    BlogIndexPage,
    BlogPostPage,
    GuideIndexPage,
    GuidePage,
    LiaisonIndexPage,
    LiaisonPage,
)

from .users import UserFactory


class HomePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = HomePage

    title = "Liaison Librarians"
    slug = "home"


class LiaisonIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = LiaisonIndexPage

    title = "Find your librarian"
    slug = "librarians"


class GuideIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = GuideIndexPage

    title = "Subject guides"
    slug = "guides"


class BlogIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = BlogIndexPage

    title = "News"
    slug = "news"


class LiaisonPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = LiaisonPage
        skip_postgeneration_save = True  # the hooks below save (publish) when they change anything

    title = factory.Sequence(lambda n: f"Librarian {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    job_title = "Liaison Librarian"
    email = factory.LazyAttribute(lambda o: f"{o.slug}@library.example.edu")
    user = factory.SubFactory(UserFactory, email=factory.SelfAttribute("..email"))
    owner = factory.SelfAttribute("user")
    bio = "<p>I help students and researchers find, evaluate and cite sources.</p>"
    capacity = 100

    @factory.post_generation
    def programmes(self, create, extracted, **kwargs):
        if create and extracted:
            self.programmes.set(extracted)
            self.save_revision().publish()

    @factory.post_generation
    def subjects(self, create, extracted, **kwargs):
        if create and extracted:
            self.subjects.set(extracted)
            self.save_revision().publish()


def raw_stream(blocks):
    """(type, value) pairs in StreamField's stored JSON form, which it accepts on assignment."""
    return [{"type": block_type, "value": value} for block_type, value in blocks]


def guide_body(topic="Chemistry"):
    """A realistic guide body: sections with resources, books, a catalogue search and an ask box."""
    return raw_stream(
        [
            ("heading", {"text": "Getting started", "level": "h2"}),
            (
                "paragraph",
                f"<p>Start here for {topic}: find background reading and the key databases.</p>",
            ),
            (
                "catalogue_search",
                {"label": "Search the catalogue", "placeholder": f"{topic} books"},
            ),
            ("heading", {"text": "Databases", "level": "h2"}),
            (
                "resource_list",
                {
                    "heading": "Key databases",
                    "resources": [
                        {
                            "title": f"{topic} Abstracts",
                            "url": "https://databases.library.example.edu/abstracts",
                            "description": f"Indexes the {topic.lower()} literature since 1907.",
                            "access_note": "Sign-in needed off campus",
                        },
                        {
                            "title": "Web of Science",
                            "url": "https://databases.library.example.edu/wos",
                            "description": "Citation searching across disciplines.",
                            "access_note": "",
                        },
                    ],
                },
            ),
            ("heading", {"text": "Books", "level": "h2"}),
            (
                "book_list",
                {
                    "heading": "Recommended reading",
                    "books": [
                        {
                            "title": f"Foundations of {topic}",
                            "author": "R. Okafor",
                            "year": 2021,
                            "isbn": "9780306406157",
                            "catalogue_url": "https://catalogue.library.example.edu/record/1",
                        },
                        {
                            "title": "Research Methods Handbook",
                            "author": "M. Lindqvist",
                            "year": 2019,
                            "isbn": "",
                            "catalogue_url": None,
                        },
                    ],
                },
            ),
            (
                "callout",
                {
                    "tone": "tip",
                    "title": "Tip",
                    "text": "<p>Use the citation export in each database.</p>",
                },
            ),
            (
                "ask_librarian",
                {"heading": "Ask your librarian", "text": "Book a one-to-one consultation."},
            ),
        ]
    )


class GuidePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = GuidePage

    title = factory.Sequence(lambda n: f"Research guide {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    summary = "Databases, books and tips for finding sources."
    last_reviewed = factory.LazyFunction(datetime.date.today)
    body = factory.LazyFunction(guide_body)
    owner = factory.LazyAttribute(lambda o: o.liaison.user if o.liaison else None)
    liaison = None


class BlogPostPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = BlogPostPage

    title = factory.Sequence(lambda n: f"Library news {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    intro = "New resources and workshops this term."
    date = factory.LazyFunction(datetime.date.today)
    body = factory.LazyFunction(
        lambda: raw_stream(
            [("paragraph", "<p>We have added new databases and drop-in sessions.</p>")]
        )
    )
    owner = factory.LazyAttribute(lambda o: o.author.user if o.author else None)
    author = None
