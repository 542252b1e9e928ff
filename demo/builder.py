"""The demo builder: reads the data files under demo/data/ and turns their rows into users, pages
and StreamField bodies. The steps in demo/steps/ call it; the words live in the YAML files."""

import functools
from pathlib import Path

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


def resources(subject, limit=3):
    """Up to ``limit`` key resources for ``subject`` (resources.yaml), or general ones."""
    data = load("resources")
    rows = data["databases"].get(subject, [])[:limit] or data["general_resources"][:limit]
    return [resource(row) for row in rows]


def _books(index, count=3):
    books = load("resources")["books"]
    return [
        {
            **book,
            "catalogue_url": f"https://catalogue.library.example.edu/isbn/{book['isbn']}",
        }
        for book in (books[(index + i) % len(books)] for i in range(count))
    ]


def guide_body(subject, index, shape):
    """A guide body about ``subject`` in one of three shapes; long guides have enough sections for
    a contents list."""
    lower = subject.lower()
    intro = (
        f"<p>This guide collects the sources we recommend for {lower}: where to start, the key "
        f"databases, essential books and how to get help. Most resources need your university "
        f"sign-in when you are off campus.</p>"
    )
    blocks = [("paragraph", intro)]
    if shape == "short":
        blocks += [
            ("resource_list", {"heading": "Where to look", "resources": resources(subject, 2)}),
            (
                "callout",
                {
                    "tone": "info",
                    "title": "Can't find it?",
                    "text": "<p>Ask for an <a href='https://library.example.edu/ill'>interlibrary "
                    "loan</a>: most requests arrive within a week.</p>",
                },
            ),
            (
                "ask_librarian",
                {
                    "heading": "Ask your librarian",
                    "text": "Questions about this topic? Send a message or book a consultation.",
                },
            ),
        ]
        return raw_stream(blocks)

    blocks += [
        ("heading", {"text": "Getting started", "level": "h2"}),
        (
            "paragraph",
            f"<p>Begin with an encyclopaedia or handbook to learn the vocabulary of {lower}, then "
            f"search the catalogue for books and the databases below for journal articles.</p>"
            f"<ul><li>Write your question as one sentence.</li><li>List the key concepts and "
            f"their synonyms.</li><li>Note the sources you search, for your methods section.</li></ul>",
        ),
        (
            "catalogue_search",
            {
                "label": "Search the library catalogue",
                "placeholder": f"{subject} books and e-books",
            },
        ),
        ("heading", {"text": "Key databases", "level": "h2"}),
        ("resource_list", {"heading": "", "resources": resources(subject)}),
    ]
    if shape == "long":
        blocks += [
            ("heading", {"text": "Searching effectively", "level": "h3"}),
            (
                "paragraph",
                "<p>Combine terms with <b>AND</b>, <b>OR</b> and <b>NOT</b>, use quotation marks "
                "for phrases and an asterisk for word endings (<i>librar*</i> finds library and "
                "librarian).</p>",
            ),
            (
                "video",
                {
                    "url": "https://media.library.example.edu/videos/searching-databases",
                    "title": "Searching library databases in five minutes",
                    "caption": "Captioned, 5 minutes.",
                },
            ),
        ]
    blocks += [
        ("heading", {"text": "Essential books", "level": "h2"}),
        ("book_list", {"heading": "", "books": _books(index, 3 if shape == "long" else 2)}),
    ]
    if shape == "long":
        blocks += [
            ("heading", {"text": "Going further", "level": "h2"}),
            ("heading", {"text": "General and multidisciplinary", "level": "h3"}),
            (
                "resource_list",
                {
                    "heading": "",
                    "resources": [resource(row) for row in load("resources")["general_resources"]],
                },
            ),
            (
                "callout",
                {
                    "tone": "tip",
                    "title": "Set up alerts",
                    "text": "<p>Save your search in each database and switch on email alerts to "
                    "hear about new papers as they are published.</p>",
                },
            ),
        ]
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
        (
            "ask_librarian",
            {
                "heading": "Ask your librarian",
                "text": "Stuck? Book a one-to-one consultation or send a question.",
            },
        ),
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
