"""Demo data for `manage.py seed_demo`: the services catalogue at /services/ with a dozen services.

Runs after `liaison_pages.demo` and uses its home page, subjects and librarians when they are in
`context`, otherwise looks them up. Idempotent: services are found by slug and left as editors left
them; a missing request form link is filled in once an enquiry form page exists.
"""

from django.utils.text import slugify

from home.models import HomePage
from liaison_pages.models import LiaisonPage
from taxonomy.models import Subject

from .factories import ServiceIndexPageFactory, ServicePageFactory
from .models import Audience, ServiceIndexPage, ServiceLiaison, ServicePage

S, F, R, X = "students", "faculty", "researchers", "external-partners"

# (title, summary, body, audiences, subjects, librarians, turnaround, request email, note, form slug)
SERVICES = [
    (
        "Research consultations",
        "A one-to-one meeting with your subject librarian to plan a search, find sources or "
        "untangle a tricky reference.",
        "<p>Bring your topic, your assignment brief or your draft. We will work through search "
        "terms, the best databases for your subject and how to judge what you find.</p>"
        "<ul><li>30 to 60 minutes, in person or online</li><li>Undergraduates, postgraduates "
        "and staff welcome</li></ul>",
        [S, R, F],
        ["Research Methods"],
        ["Ada Byrne", "Grace O'Connell", "Tomás Okafor"],
        "A reply within two working days; meetings usually within a week",
        "",
        "Book through your librarian's profile, or ask us to find the right person.",
        "consultation",
    ),
    (
        "Instruction sessions for your course",
        "Library sessions built into your module: searching, evaluating sources and referencing, "
        "taught in class or online.",
        "<p>We design each session with you around an assignment, so students practise on "
        "their real task. Sessions run from 20 minutes to two hours and can be recorded.</p>"
        "<h2>Popular sessions</h2><ul><li>Finding and evaluating scholarly sources</li>"
        "<li>Literature searching for dissertations</li><li>Avoiding plagiarism</li></ul>",
        [F],
        ["Research Methods", "Citing and Referencing"],
        ["Grace O'Connell", "Daniel Asante", "Samuel Adeyemi"],
        "Ask at least three weeks before the session",
        "teaching@library.example.edu",
        "Tell us the module, the number of students and the assignment.",
        "instruction",
    ),
    (
        "Systematic review support",
        "Search strategy design, database translation and PRISMA reporting for systematic and "
        "scoping reviews.",
        "<p>Librarians with review experience help you write a protocol, build and test a "
        "search strategy, run it across databases and document it for PRISMA. For full "
        "collaboration we ask to be named as co-authors.</p>",
        [R, F],
        ["Systematic Reviews", "Medicine", "Public Health", "Nursing and Midwifery"],
        ["Eleanor Whitfield", "Rafael Costa"],
        "First meeting within five working days; searches take two to four weeks",
        "reviews@library.example.edu",
        "Send your draft protocol or research question.",
        "",
    ),
    (
        "Research data management",
        "Help writing data management plans, choosing where to deposit data and sharing it "
        "responsibly.",
        "<p>We review data management plans for funding bids, advise on file formats, "
        "documentation and storage, and deposit data in the university repository with a DOI.</p>",
        [R, F],
        ["Statistics and Data"],
        ["Hiroshi Tanaka", "Tomás Okafor"],
        "Plan reviews within five working days",
        "rdm@library.example.edu",
        "For funding bids, send your plan at least two weeks before the deadline.",
        "",
    ),
    (
        "Copyright and open access advice",
        "Whether you can reuse a figure, how to make your article open access and which funder "
        "rules apply.",
        "<p>We answer copyright questions about teaching materials, theses and publications, "
        "check publisher agreements and help you meet funder open-access policies, including "
        "paying article processing charges from the library's fund.</p>",
        [S, F, R, X],
        ["Open Access and Publishing", "Law"],
        ["Priya Raman", "Fatima Al-Sayed"],
        "A reply within three working days",
        "openaccess@library.example.edu",
        "",
        "",
    ),
    (
        "GIS and mapping",
        "Finding geospatial data, making maps and getting started with QGIS and ArcGIS.",
        "<p>We help you find boundary, census and environmental data, georeference historic "
        "maps and design clear maps for theses and posters. Workshops run each term.</p>",
        [S, R, F],
        ["Statistics and Data", "History"],
        ["Hiroshi Tanaka", "Margaret Lindqvist"],
        "A reply within two working days",
        "gis@library.example.edu",
        "",
        "consultation",
    ),
    (
        "Collection requests and purchase suggestions",
        "Ask the library to buy a book, journal, database or data set for your teaching or "
        "research.",
        "<p>Faculty and researchers can request new resources for reading lists and research. "
        "We check licences, prices and access, and tell you when the item arrives.</p>",
        [F, R, S],
        [],
        ["Margaret Lindqvist", "Priya Raman", "Samuel Adeyemi"],
        "Print books usually arrive in two to three weeks; databases need a trial first",
        "collections@library.example.edu",
        "Include the ISBN, DOI or a link if you have one.",
        "",
    ),
    (
        "Data visualisation",
        "Advice on charts, dashboards and tools (R, Python, Tableau) that make your data clear "
        "and accessible.",
        "<p>Bring a chart that isn't working or data you want to show. We advise on chart "
        "choice, colour and accessibility, and on reproducible tools.</p>",
        [S, R],
        ["Statistics and Data", "Computer Science"],
        ["Tomás Okafor", "Hiroshi Tanaka"],
        "A reply within two working days",
        "",
        "",
        "consultation",
    ),
    (
        "Thesis formatting and deposit",
        "Templates, formatting checks and help depositing your thesis in the repository.",
        "<p>We provide Word and LaTeX templates, check your thesis against the university's "
        "formatting rules and guide you through deposit, embargoes and third-party copyright.</p>",
        [S, R],
        ["Open Access and Publishing"],
        ["Priya Raman"],
        "Formatting checks within five working days",
        "theses@library.example.edu",
        "Leave at least two weeks before your submission deadline.",
        "",
    ),
    (
        "Citation management training",
        "Get started with Zotero, EndNote or Mendeley and keep your references in order.",
        "<p>Short workshops and one-to-one help: importing references from databases, "
        "organising your library, citing while you write and switching styles.</p>",
        [S, R, F],
        ["Citing and Referencing"],
        ["Daniel Asante", "Fatima Al-Sayed"],
        "Workshops every fortnight; one-to-one replies within two working days",
        "",
        "",
        "consultation",
    ),
    (
        "Archives and special collections visits",
        "Class visits and research appointments with rare books, manuscripts and the university "
        "archive.",
        "<p>We prepare items for your class or your research visit and can digitise selected "
        "pages. Community groups and visiting researchers are welcome.</p>",
        [S, F, R, X],
        ["Archives and Special Collections", "History", "Literature"],
        ["Margaret Lindqvist", "Lucía Fernández"],
        "Book at least ten working days ahead",
        "specialcollections@library.example.edu",
        "Tell us the items or topic and the size of your group.",
        "",
    ),
    (
        "Partnerships with schools and community organisations",
        "Library access, information-literacy workshops and shared projects for partners "
        "outside the university.",
        "<p>We work with schools, charities, health services and local businesses: visits and "
        "workshops, access to selected resources, and co-designed projects.</p>",
        [X],
        ["Public Health", "Languages and Linguistics"],
        ["Eleanor Whitfield", "Lucía Fernández"],
        "A reply within five working days",
        "partnerships@library.example.edu",
        "",
        "partnership",
    ),
]


def _enquiry_form(slug_hint):
    """A live enquiry form page whose slug mentions `slug_hint`, if the inbox app has built one."""
    if not slug_hint:
        return None
    try:
        from inbox.models import EnquiryFormPage
    except ImportError:  # pragma: no cover - the inbox app is part of the portal
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
    for (
        title,
        summary,
        body,
        audience_slugs,
        subject_names,
        liaison_names,
        turnaround,
        email,
        note,
        form_hint,
    ) in SERVICES:
        slug = slugify(title)
        form = _enquiry_form(form_hint)
        page = ServicePage.objects.child_of(index).filter(slug=slug).first()
        if page is not None:
            if form is not None and not page.request_page_id:
                page.request_page = form
                page.save_revision().publish()
            continue
        page = ServicePageFactory(
            parent=index,
            title=title,
            slug=slug,
            summary=summary,
            body=body,
            turnaround=turnaround,
            request_email=email,
            request_note=note,
            request_page=form,
            owner=context.get("admin"),
        )
        page.audiences.set([audiences[a] for a in audience_slugs if a in audiences])
        page.subjects.set([subjects[n] for n in subject_names if n in subjects])
        page.liaison_placements = [
            ServiceLiaison(liaison=liaisons[name], sort_order=order)
            for order, name in enumerate(liaison_names)
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
