"""Demo data for `manage.py seed_demo`: taxonomy, twelve librarians, their guides and news, the home
page and the site, and demo logins. Built with the same factories as the tests.

Idempotent: everything is looked up (by slug, email or code) before it is created, and existing
content is left as it is, so running it again adds nothing and overwrites no one's edits.
"""

import datetime
import functools
from urllib.parse import urlsplit

import factory
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import Page, Site

from home.models import FeaturedGuide, HomePage
from taxonomy.factories import (
    DepartmentFactory,
    FacultyFactory,
    ProgrammeFactory,
    SubjectFactory,
)

from .demo_content import (
    BOOKS,
    DATABASES,
    FACULTIES,
    FEATURED,
    GENERAL_RESOURCES,
    GUIDES,
    IMAGE_LABELS,
    LIAISONS,
    POSTS,
    SUBJECTS,
)
from .factories import (
    BlogIndexPageFactory,
    BlogPostPageFactory,
    GuideIndexPageFactory,
    GuidePageFactory,
    HomePageFactory,
    LiaisonIndexPageFactory,
    LiaisonPageFactory,
    UserFactory,
    raw_stream,
)
from .models import (
    BlogIndexPage,
    BlogPostPage,
    GuideCoEditor,
    GuideIndexPage,
    GuidePage,
    LiaisonIndexPage,
    LiaisonPage,
    OfficeHour,
    SocialLink,
)
from .portraits import illustration_image, portrait_image

ADMIN_EMAIL = "admin@library.example.edu"
ADMIN_PASSWORD = "demo-admin-password"  # noqa: S105 - printed demo login, never used in production
LIAISON_PASSWORD = "demo-liaison-password"  # noqa: S105 - printed demo login


def _url(slug_or_url):
    if slug_or_url.startswith("http"):
        return slug_or_url
    return f"https://databases.library.example.edu/{slug_or_url}"


def _resources(subject, limit=3):
    rows = DATABASES.get(subject, [])[:limit] or GENERAL_RESOURCES[:limit]
    return [{"title": t, "url": _url(u), "description": d, "access_note": a} for t, u, d, a in rows]


def _books(index, count=3, topic=None):
    books = [BOOKS[(index + i) % len(BOOKS)] for i in range(count)]
    rows = [
        {
            "title": title,
            "author": author,
            "year": year,
            "isbn": isbn,
            "catalogue_url": f"https://catalogue.library.example.edu/isbn/{isbn}",
        }
        for title, author, year, isbn in books
    ]
    if topic:
        rows.insert(
            0,
            {
                "title": f"The Oxford Handbook of {topic}",
                "author": "",
                "year": 2020 - index % 6,
                "isbn": "",
                "catalogue_url": None,
            },
        )
    return rows


def guide_body(topic, subject, index, shape, figure=None):
    """A guide body in one of three shapes; long guides have enough sections for a contents list."""
    lower = topic.lower()
    intro = (
        f"<p>This guide collects the sources we recommend for {lower}: where to start, the key "
        f"databases, essential books and how to get help. Most resources need your university "
        f"sign-in when you are off campus.</p>"
    )
    blocks = [("paragraph", intro)]
    if shape == "short":
        blocks += [
            ("resource_list", {"heading": "Where to look", "resources": _resources(subject, 2)}),
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
            {"label": "Search the library catalogue", "placeholder": f"{topic} books and e-books"},
        ),
        ("heading", {"text": "Key databases", "level": "h2"}),
        ("resource_list", {"heading": "", "resources": _resources(subject)}),
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
        ("book_list", {"heading": "", "books": _books(index, 3 if shape == "long" else 2, topic)}),
    ]
    if shape == "long":
        blocks += [
            ("heading", {"text": "Going further", "level": "h2"}),
            ("heading", {"text": "General and multidisciplinary", "level": "h3"}),
            (
                "resource_list",
                {
                    "heading": "",
                    "resources": [
                        dict(
                            zip(
                                ("title", "url", "description", "access_note"),
                                (t, _url(u), d, a),
                                strict=True,
                            )
                        )
                        for t, u, d, a in GENERAL_RESOURCES
                    ],
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
        if figure is not None:
            blocks.append(
                (
                    "image",
                    {"image": figure.pk, "decorative": False, "alt_text": figure.title},
                )
            )
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


def post_body(subject, db, shape, liaison_name):
    blocks = [
        (
            "paragraph",
            f"<p>{liaison_name} writes: this term we are making it easier for {subject.lower()} "
            f"students and researchers to get the help they need, in person and online.</p>",
        )
    ]
    if shape == "trial":
        blocks += [
            ("heading", {"text": "How to try it", "level": "h2"}),
            (
                "paragraph",
                f"<p>Use the link below from on or off campus. The trial ends on the last day of term; your feedback decides whether we subscribe to {db['title']}.</p>",
            ),
            ("resource_list", {"heading": "Trial link", "resources": [db]}),
        ]
    elif shape == "event":
        blocks += [
            ("heading", {"text": "When and where", "level": "h2"}),
            (
                "paragraph",
                "<p>Tuesdays 14:00–15:30 in the Main Library training room (2.04), and online on Thursdays at 11:00. No booking needed.</p>",
            ),
            (
                "callout",
                {
                    "tone": "info",
                    "title": "Accessibility",
                    "text": "<p>The training room has step-free access and a hearing loop. Tell us if you need anything else.</p>",
                },
            ),
        ]
    elif shape == "spotlight":
        blocks += [
            ("heading", {"text": "What's on display", "level": "h2"}),
            (
                "paragraph",
                "<p>Letters, early printed books and photographs from the university archive, with notes by students on the MA programmes.</p>",
            ),
            (
                "video",
                {
                    "url": "https://media.library.example.edu/videos/special-collections-tour",
                    "title": "A tour of the Special Collections reading room",
                    "caption": "",
                },
            ),
        ]
    else:
        blocks += [
            ("heading", {"text": "What you need to know", "level": "h2"}),
            (
                "paragraph",
                "<p>Start early, keep a record of your searches and ask us before you get stuck: a twenty-minute conversation often saves a week.</p>",
            ),
            ("book_list", {"heading": "Worth reading", "books": _books(len(subject), 2)}),
        ]
    return raw_stream(blocks)


def _page(model, parent, slug):
    return model.objects.child_of(parent).filter(slug=slug).first()


@functools.cache
def _password_hash(password):
    """Hash each demo password once: hashing is deliberately slow and twelve librarians share one."""
    return make_password(password)


def _user(email, first_name, last_name, password, **extra):
    User = get_user_model()
    user = User.objects.filter(email=email).first()  # exact: no Unicode case folding
    if user is None:
        user = UserFactory(
            email=email,
            username=email,
            first_name=first_name,
            last_name=last_name,
            password=factory.Transformer.Force(_password_hash(password)),  # already hashed
            **extra,
        )
    from allauth.account.models import EmailAddress

    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


def seed_taxonomy(context):
    faculties, departments, programmes = {}, {}, {}
    for faculty_name, depts in FACULTIES.items():
        faculty = FacultyFactory(name=faculty_name, slug=slugify(faculty_name))
        faculties[faculty_name] = faculty
        for dept_name, progs in depts.items():
            dept = DepartmentFactory(name=dept_name, slug=slugify(dept_name), faculty=faculty)
            departments[dept_name] = dept
            for code, name, level in progs:
                programmes[code] = ProgrammeFactory(
                    code=code, name=name, level=level, department=dept
                )
    subjects = {
        name: SubjectFactory(name=name, slug=slugify(name), description=description)
        for name, description in SUBJECTS.items()
    }
    context.update(
        faculties=faculties, departments=departments, programmes=programmes, subjects=subjects
    )


def seed_site(context):
    root = Page.get_first_root_node()
    home = HomePage.objects.first()
    if home is None:
        # Replace Wagtail's "Welcome to your new Wagtail site!" page (its slug is also "home").
        for page in Page.objects.filter(depth=2, content_type__model="page"):
            page.delete()
        home = HomePageFactory(
            parent=root,
            title="Liaison Librarians",
            slug="home",
            headline="Your personal librarian",
            intro=(
                "<p>Every student has a <b>personal librarian</b>: a subject specialist who knows "
                "your programme, helps you find and evaluate sources, and answers your research "
                "questions from first essay to final thesis.</p>"
            ),
        )
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        # The address the portal is served at (WAGTAILADMIN_BASE_URL, 127.0.0.1:8000 for
        # `make run`), so full URLs such as the admin's "View live" links work.
        base = urlsplit(settings.WAGTAILADMIN_BASE_URL)
        site = Site.objects.create(
            hostname=base.hostname or "localhost",
            port=base.port or (443 if base.scheme == "https" else 80),
            root_page=home,
            is_default_site=True,
            site_name="Liaison Librarians",
        )
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.save()

    indexes = {}
    for key, model, page_factory, title, slug, intro in [
        (
            "liaison_index",
            LiaisonIndexPage,
            LiaisonIndexPageFactory,
            "Find your librarian",
            "librarians",
            "<p>Each department has a liaison librarian. Browse the directory, or look up the "
            "librarian for your programme.</p>",
        ),
        (
            "guide_index",
            GuideIndexPage,
            GuideIndexPageFactory,
            "Subject guides",
            "guides",
            "<p>Our librarians' pick of databases, books and search tips for every subject.</p>",
        ),
        (
            "blog_index",
            BlogIndexPage,
            BlogIndexPageFactory,
            "News",
            "news",
            "<p>New resources, workshops and advice from your liaison librarians.</p>",
        ),
    ]:
        page = _page(model, home, slug) or page_factory(
            parent=home, title=title, slug=slug, intro=intro
        )
        indexes[key] = page
    context.update(home=home, site=site, **indexes)


def seed_users(context):
    admin = _user(
        ADMIN_EMAIL,
        "Library",
        "Administrator",
        ADMIN_PASSWORD,
        is_staff=True,
        is_superuser=True,
    )
    context["admin"] = admin
    context["logins"].append(("Administrator", ADMIN_EMAIL, ADMIN_PASSWORD))


def seed_liaisons(context):
    index = context["liaison_index"]
    departments, subjects = context["departments"], context["subjects"]
    liaisons, users = [], []
    for i, (name, pronouns, job, depts, subs, capacity, accepting, langs) in enumerate(LIAISONS):
        first, last = name.split(" ", 1)
        slug = slugify(name)
        email = f"{slugify(first)}.{slugify(last).replace('-', '')}@library.example.edu"
        user = _user(email, first, last, LIAISON_PASSWORD)
        users.append(user)
        page = _page(LiaisonPage, index, slug)
        if page is None:
            dept_objs = [departments[d] for d in depts]
            programmes = [p for d in dept_objs for p in d.programmes.all()]
            page = LiaisonPageFactory(
                parent=index,
                title=name,
                slug=slug,
                user=user,
                owner=user,
                email=email,
                pronouns=pronouns,
                job_title=job,
                photo=portrait_image(name),
                bio=(
                    f"<p>I am the {job.lower()} for {' and '.join(depts)}. I help students and "
                    f"staff find, evaluate and manage sources, and I teach research skills "
                    f"sessions in {depts[0].lower()} modules.</p><p>Before joining the library I "
                    f"worked in {['a public library', 'academic publishing', 'a research institute', 'a national archive'][i % 4]}. "
                    f"Ask me about {', '.join(s.lower() for s in subs)}.</p>"
                ),
                phone=f"+44 20 7946 0{100 + i * 7:03d}",
                office_location=f"{['Main Library', 'Science Library', 'Health Sciences Library'][i % 3]}, room {1 + i % 3}.{10 + i:02d}",
                languages=langs,
                booking_url=f"https://library.example.edu/book/{slug}",
                capacity=capacity,
                accepting_students=accepting,
                departments=dept_objs,
                office_hours=[
                    OfficeHour(
                        day=i % 5,
                        start=datetime.time(10, 0),
                        end=datetime.time(12, 0),
                        mode=OfficeHour.Mode.IN_PERSON,
                    ),
                    OfficeHour(
                        day=(i + 2) % 5,
                        start=datetime.time(14, 0),
                        end=datetime.time(15, 30),
                        mode=OfficeHour.Mode.ONLINE if i % 2 else OfficeHour.Mode.BOTH,
                    ),
                ],
                social_links=[
                    SocialLink(
                        label="ORCID",
                        url=f"https://orcid.org/0000-0002-{1000 + i * 37:04d}-{2000 + i * 53:04d}",
                    ),
                    SocialLink(label="Staff profile", url=f"https://www.example.edu/people/{slug}"),
                ],
            )
            page.programmes.set(programmes)
            page.subjects.set([subjects[s] for s in subs])
            page.save_revision(user=user).publish(user=user, skip_permission_checks=True)
        liaisons.append(page)
    context.update(liaisons=liaisons, liaison_users=users)
    first = liaisons[0]
    context["logins"].append(("Liaison", first.email, LIAISON_PASSWORD))


def seed_guides(context):
    index, liaisons, subjects = context["guide_index"], context["liaisons"], context["subjects"]
    programmes_by_dept = {}
    for p in context["programmes"].values():
        programmes_by_dept.setdefault(p.department_id, []).append(p)
    guides = []
    today = timezone.localdate()
    for i, (title, summary, owner_i, subs, co_i, shape) in enumerate(GUIDES):
        slug = slugify(title)
        guide = _page(GuidePage, index, slug)
        if guide is None:
            owner = liaisons[owner_i]
            figure = (
                illustration_image(IMAGE_LABELS[i % len(IMAGE_LABELS)]) if shape == "long" else None
            )
            department = context["departments"][LIAISONS[owner_i][3][0]]
            guide = GuidePageFactory(
                parent=index,
                title=title,
                slug=slug,
                summary=summary,
                liaison=owner,
                owner=owner.user,
                # one guide in five is overdue for review, so reminders have something to find
                last_reviewed=today
                - datetime.timedelta(days=400 + i if i % 5 == 4 else 20 + i * 9),
                body=guide_body(title.split(":")[0], subs[0], i, shape, figure),
                subjects=[subjects[s] for s in subs],
                programmes=programmes_by_dept.get(department.pk, [])[:3],
                co_editors=[GuideCoEditor(liaison=liaisons[co_i])] if co_i is not None else [],
            )
            guide.save_revision(user=owner.user).publish(
                user=owner.user, skip_permission_checks=True
            )
        guides.append(guide)
    context["guides"] = guides


def seed_posts(context):
    index, liaisons, subjects = context["blog_index"], context["liaisons"], context["subjects"]
    images = [illustration_image(label) for label in IMAGE_LABELS]
    today = timezone.localdate()
    posts, seen = [], set()
    n = 0
    for li, liaison in enumerate(liaisons):
        primary = LIAISONS[li][4][0]
        subject_objs = [subjects[s] for s in LIAISONS[li][4]]
        db_rows = _resources(primary) or _resources("Biology")
        for k in range(5):
            title_t, intro_t, tags, shape = POSTS[(li + k * 3) % len(POSTS)]
            db = db_rows[k % len(db_rows)]
            title = title_t.format(subject=primary, db=db["title"])
            slug = slugify(title)
            if slug in seen:
                slug = f"{slug}-{liaison.slug}"
            seen.add(slug)
            post = _page(BlogPostPage, index, slug)
            if post is None:
                post = BlogPostPageFactory(
                    parent=index,
                    title=title,
                    slug=slug,
                    author=liaison,
                    owner=liaison.user,
                    date=today - datetime.timedelta(days=n * 6 + li),
                    intro=intro_t.format(subject=primary, db=db["title"]),
                    body=post_body(primary, db, shape, liaison.title),
                    subjects=subject_objs[: 1 + k % 2],
                    listing_image=images[n % len(images)] if n % 3 == 0 else None,
                )
                post.tags.add(*tags)
                post.save_revision(user=liaison.user).publish(
                    user=liaison.user, skip_permission_checks=True
                )
            posts.append(post)
            n += 1
    context["posts"] = posts


def seed_home(context):
    home = context["home"]
    if not home.featured_guides.exists():
        picks = [g for g in context["guides"] if g.slug in FEATURED]
        for order, guide in enumerate(picks):
            FeaturedGuide.objects.create(page=home, guide=guide, sort_order=order)


def seed(context):
    out = context.get("stdout")
    seed_taxonomy(context)
    seed_site(context)
    seed_users(context)
    seed_liaisons(context)
    seed_guides(context)
    seed_posts(context)
    seed_home(context)
    if out is not None:
        out.write(
            f"Librarians, guides and news: {len(context['liaisons'])} librarians, "
            f"{len(context['guides'])} guides, {len(context['posts'])} posts, "
            f"{len(context['programmes'])} programmes."
        )
        out.write(
            f"Every librarian signs in with firstname.lastname@library.example.edu and the "
            f"password {LIAISON_PASSWORD}."
        )
