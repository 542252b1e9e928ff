"""Demo step 3: the services catalogue at /services/ with a dozen services
(demo/data/services.yaml).

Runs after the pages and inbox steps and uses its home page, subjects and librarians. Idempotent:
services are found by slug and left as editors left them; a missing request form link is filled in
once an enquiry form page exists.
"""

from django.utils.text import slugify

from demo.builder import load
from home.models import HomePage
from inbox.models import EnquiryFormPage
from liaison_pages.models import LiaisonPage
from services.models import Audience, ServiceIndexPage, ServiceLiaison, ServicePage
from taxonomy.models import Subject
from tests.factories import ServiceIndexPageFactory, ServicePageFactory


def _enquiry_form(slug_hint):
    """A live enquiry form page whose slug mentions `slug_hint`, if the inbox step made one."""
    if not slug_hint:
        return None
    return EnquiryFormPage.objects.live().filter(slug__icontains=slug_hint).order_by("pk").first()


def seed(context):
    home = context.get("home") or HomePage.objects.first()
    if home is None:
        return
    index = ServiceIndexPage.objects.child_of(home).first()
    if index is None:
        index = ServiceIndexPageFactory(parent=home)

    audiences = {a.slug: a for a in Audience.objects.all()}
    subjects = {s.name: s for s in Subject.objects.all()}
    liaisons = {p.title: p for p in LiaisonPage.objects.all()}
    created = 0
    for row in load("services")["services"]:
        slug = slugify(row["title"])
        form = _enquiry_form(row["request_form"])
        page = ServicePage.objects.child_of(index).filter(slug=slug).first()
        if page is not None:
            if form is not None and not page.request_page_id:
                page.request_page = form
                page.save_revision().publish()
            continue
        page = ServicePageFactory(
            parent=index,
            title=row["title"],
            slug=slug,
            summary=row["summary"],
            body=row["body"],
            turnaround=row["turnaround"],
            request_email=row["request_email"],
            request_note=row["request_note"],
            request_page=form,
            owner=context.get("admin"),
        )
        page.audiences.set([audiences[a] for a in row["audiences"] if a in audiences])
        page.subjects.set([subjects[n] for n in row["subjects"] if n in subjects])
        page.liaison_placements = [
            ServiceLiaison(liaison=liaisons[name], sort_order=order)
            for order, name in enumerate(row["librarians"])
            if name in liaisons
        ]
        page.save_revision().publish()
        created += 1

    out = context.get("stdout")
    if out is not None:
        out.write(
            f"Services: {ServicePage.objects.child_of(index).count()} in the catalogue "
            f"({created} new)."
        )
