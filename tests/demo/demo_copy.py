"""The demo's librarians and guides read as written by people, not generated from one template: once
every name, job title, department and subject is replaced by a placeholder, no two bios and no two
guide bodies are left the same, and no paragraph or sentence is shared between them. Checked, as a
reader sees them, on the pages the demo's first step publishes (demo/steps/pages.py), by
tests/test_seed_demo.py on its seeded demo (built once for every check made on it)."""

import re

from django.utils.html import strip_tags

from demo.builder import load
from liaison_pages.models import GuidePage, LiaisonPage
from taxonomy.models import Department, Subject


def placeholders():
    """Every name the demo could swap into a template, longest first (so "Public Health" goes
    before "Health"), lower-cased."""
    names = {row["name"] for row in load("librarians")["librarians"]}
    names |= {part for name in set(names) for part in name.split(" ")}
    names |= {row["job_title"] for row in load("librarians")["librarians"]}
    names |= set(Subject.objects.values_list("name", flat=True))
    names |= set(Department.objects.values_list("name", flat=True))
    return sorted({name.lower() for name in names}, key=len, reverse=True)


def templated(html, names):
    """``html`` as plain text with every name in ``names`` replaced by one placeholder."""
    text = " ".join(strip_tags(html.replace("><", "> <")).lower().split())
    for name in names:
        text = text.replace(name, "{name}")
    return text


def sentences(text):
    return [s for s in re.split(r"(?<=[.!?])\s+", text) if len(s.split()) >= 5]


def shared(texts_by_owner):
    """{text: owners} for every text that more than one owner has."""
    owners = {}
    for owner, texts in texts_by_owner.items():
        for text in set(texts):
            owners.setdefault(text, []).append(owner)
    return {text: names for text, names in owners.items() if len(names) > 1}


def guide_text(guide, names):
    """The words a reader sees in a guide's body, block by block (links and ISBNs left out)."""
    parts = []
    for block in guide.body:
        value = block.value
        if block.block_type == "paragraph":
            parts.append(templated(value.source, names))
        elif block.block_type == "callout":
            parts.append(templated(f"{value['title']} {value['text'].source}", names))
        elif block.block_type in ("heading", "ask_librarian", "catalogue_search"):
            parts.append(templated(" ".join(str(v) for v in value.values()), names))
    return parts


class DemoCopyChecks:
    """Mixed into the seeded demo's TestCase (tests/test_seed_demo.py)."""

    def test_librarians_bios_differ_beyond_their_names_and_subjects(self):
        names = placeholders()
        bios = {page.title: templated(page.bio, names) for page in LiaisonPage.objects.live()}
        self.assertEqual(len(bios), 12)
        self.assertEqual(shared({name: [bio] for name, bio in bios.items()}), {})
        self.assertEqual(shared({name: sentences(bio) for name, bio in bios.items()}), {})
        lengths = {name: len(sentences(bio)) for name, bio in bios.items()}
        self.assertEqual({name: n for name, n in lengths.items() if not 2 <= n <= 4}, {})

    def test_guides_differ_beyond_their_subject_names(self):
        names = placeholders()
        guides = {guide.title: guide_text(guide, names) for guide in GuidePage.objects.live()}
        self.assertGreaterEqual(len(guides), 30)
        self.assertEqual(shared({title: [" ".join(parts)] for title, parts in guides.items()}), {})
        paragraphs = {
            guide.title: [
                templated(block.value.source, names)
                for block in guide.body
                if block.block_type == "paragraph"
            ]
            for guide in GuidePage.objects.live()
        }
        self.assertEqual(shared(paragraphs), {})
        # library-wide notices (off campus, interlibrary loans) may recur; the prose may not
        self.assertEqual(
            shared({title: sentences(" ".join(p)) for title, p in paragraphs.items()}), {}
        )

    def test_guides_each_open_with_their_own_introduction(self):
        names = placeholders()
        openings = {}
        for guide in GuidePage.objects.live():
            first = guide.body[0]
            self.assertEqual(first.block_type, "paragraph", guide.title)
            openings.setdefault(templated(first.value.source, names), []).append(guide.title)
        self.assertEqual({text: titles for text, titles in openings.items() if len(titles) > 1}, {})
