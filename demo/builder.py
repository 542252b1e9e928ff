"""The demo builder: reads the data files under demo/data/ and turns their rows into users, pages
and StreamField bodies. The steps in demo/steps/ call it; the words live in the YAML files."""

import functools
from pathlib import Path
from urllib.parse import urlencode

import factory
import yaml
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from tests.factories import UserFactory, raw_stream

DATA = Path(__file__).resolve().parent / "data"

ADMIN_EMAIL = "admin@library.example.edu"
ADMIN_PASSWORD = "demo-admin-password"  # noqa: S105 - printed demo login, never used in production
LIAISON_PASSWORD = "demo-liaison-password"  # noqa: S105 - printed demo login


def resource(row):
    """A resource-list item; a url without a scheme is a path on the library's database proxy."""
    url = row["url"]
    if not url.startswith("http"):
        url = f"https://databases.library.example.edu/{url}"
    return {**row, "url": url}


def _named(rows, ref):
    """``ref`` in full if it is a row, else the row of ``rows`` whose title it is."""
    if isinstance(ref, dict):
        return ref
    return next(row for row in rows if row["title"] == ref)


def _resources(subject, refs):
    """The resource-list items ``refs`` names (titles in resources.yaml, the guide's subject first,
    or rows in full)."""
    data = load("resources")
    rows = data["databases"].get(subject, []) + [
        row for listed in data["databases"].values() for row in listed
    ]
    return [resource(_named(rows + data["general_resources"], ref)) for ref in refs]


def _book(row):
    """A book-list item: linked to its catalogue record by ISBN, or to a search for its title."""
    if row.get("isbn"):
        url = f"https://catalogue.library.example.edu/isbn/{row['isbn']}"
    else:
        url = f"https://catalogue.library.example.edu/search?{urlencode({'q': row['title']})}"
    return {**row, "catalogue_url": url}


def _books(index, count=3):
    books = load("resources")["books"]
    return [_book(books[(index + i) % len(books)]) for i in range(count)]


def guide_body(row):
    """A guide's body from its row in guides.yaml, in the row's shape: a short guide is its
    introduction, resources and notice; medium and long ones add sections (getting started, key
    databases, citing, books); long ones add search tips, a video and a section going further,
    enough for a contents list."""
    subject, shape = row["subjects"][0], row["shape"]
    blocks = [("paragraph", row["intro"])]
    ask = ("ask_librarian", {"heading": "Ask your librarian", "text": row["ask"]})
    if shape == "short":
        blocks += [
            (
                "resource_list",
                {"heading": "Where to look", "resources": _resources(subject, row["databases"])},
            ),
            ("callout", row["callout"]),
            ask,
        ]
        return raw_stream(blocks)

    blocks += [
        ("heading", {"text": "Getting started", "level": "h2"}),
        ("paragraph", row["start"]),
        (
            "catalogue_search",
            {"label": "Search the library catalogue", "placeholder": row["catalogue"]},
        ),
        ("heading", {"text": "Key databases", "level": "h2"}),
        ("resource_list", {"heading": "", "resources": _resources(subject, row["databases"])}),
    ]
    if shape == "long":
        blocks += [
            ("heading", {"text": "Searching effectively", "level": "h3"}),
            ("paragraph", row["tips"]),
            (
                "video",
                {
                    "url": "https://media.library.example.edu/videos/searching-databases",
                    "title": "Searching library databases in five minutes",
                    "caption": "Captioned, 5 minutes.",
                },
            ),
        ]
    books = load("resources")["books"]
    blocks += [
        ("heading", {"text": row["citing"]["heading"], "level": "h2"}),
        ("paragraph", row["citing"]["text"]),
        ("heading", {"text": "Essential books", "level": "h2"}),
        ("book_list", {"heading": "", "books": [_book(_named(books, b)) for b in row["books"]]}),
    ]
    if shape == "long":
        blocks += [
            ("heading", {"text": "Going further", "level": "h2"}),
            ("heading", {"text": "General and multidisciplinary", "level": "h3"}),
            (
                "resource_list",
                {
                    "heading": "",
                    "resources": [resource(r) for r in load("resources")["general_resources"]],
                },
            ),
        ]
    if row.get("callout"):
        blocks.append(("callout", row["callout"]))
    blocks += [
        (
            "callout",
            {
                "tone": "warning",
                "title": "Off campus?",
                "text": "<p>Start from the links in this guide so that the database recognises "
                "your university sign-in.</p>",
            },
        ),
        ask,
    ]
    return raw_stream(blocks)


def post_body(row, accessibility):
    """A post body from its row in posts.yaml: the text, a second section, then one block that
    fits the post's shape (the database on trial, an accessibility note, a video or a book list)."""
    blocks = [("paragraph", row["body"])]
    section = row.get("section")
    if section:
        blocks += [
            ("heading", {"text": section["heading"], "level": "h2"}),
            ("paragraph", section["text"]),
        ]
    shape = row["shape"]
    if shape == "trial":
        blocks.append(
            ("resource_list", {"heading": "Trial link", "resources": [resource(row["database"])]})
        )
    elif shape == "event":
        blocks.append(
            ("callout", {"tone": "info", "title": "Accessibility", "text": accessibility})
        )
    elif shape == "spotlight" and row.get("video"):
        blocks.append(("video", row["video"]))
    elif row.get("books"):
        blocks.append(
            ("book_list", {"heading": "Worth reading", "books": _books(len(row["title"]), 2)})
        )
    return raw_stream(blocks)


def child_page(model, parent, slug):
    """The ``model`` page at ``slug`` under ``parent``, if it was made before."""
    return model.objects.child_of(parent).filter(slug=slug).first()


@functools.cache
def _password_hash(password):
    """Hash each demo password once: hashing is deliberately slow and twelve librarians share one."""
    return make_password(password)


def user(email, first_name, last_name, password, **extra):
    """The demo sign-in ``email`` (made once, with a verified address)."""
    account = get_user_model().objects.filter(email=email).first()  # exact: no case folding
    if account is None:
        account = UserFactory(
            email=email,
            username=email,
            first_name=first_name,
            last_name=last_name,
            password=factory.Transformer.Force(_password_hash(password)),  # already hashed
            **extra,
        )
    EmailAddress.objects.get_or_create(
        user=account, email=email, defaults={"verified": True, "primary": True}
    )
    return account


@functools.cache
def load(name):
    """The parsed data file ``demo/data/<name>.yaml`` (read once per process)."""
    with (DATA / f"{name}.yaml").open(encoding="utf-8") as file:
        return yaml.safe_load(file)
