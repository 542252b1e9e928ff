"""Demo step 1: taxonomy, twelve librarians, their guides and news, the home page and the site,
and the administrator and liaison logins (demo/data/taxonomy.yaml, librarians.yaml, guides.yaml,
posts.yaml). Built with the same factories as the tests.

Idempotent: everything is looked up (by slug, email or code) before it is created, and existing
content is left as it is, so running it again adds nothing and overwrites no one's edits.
"""

import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import Page, Site

from demo.builder import (
    ADMIN_EMAIL,
    ADMIN_PASSWORD,
    LIAISON_PASSWORD,
    child_page,
    guide_body,
    load,
    post_body,
    user,
)
from demo.portraits import portrait_image
from home.models import FeaturedGuide, HomePage
from liaison_pages.models import (
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
from tests.factories import (
    BlogIndexPageFactory,
    BlogPostPageFactory,
    DepartmentFactory,
    FacultyFactory,
    GuideIndexPageFactory,
    GuidePageFactory,
    HomePageFactory,
    LiaisonIndexPageFactory,
    LiaisonPageFactory,
    ProgrammeFactory,
    SubjectFactory,
)


def seed_taxonomy(context):
    faculties, departments, programmes = {}, {}, {}
    data = load("taxonomy")
    for row in data["faculties"]:
        faculty = FacultyFactory(name=row["name"], slug=slugify(row["name"]))
        faculties[row["name"]] = faculty
        for dept_row in row["departments"]:
            name = dept_row["name"]
            dept = DepartmentFactory(name=name, slug=slugify(name), faculty=faculty)
            departments[name] = dept
            for programme in dept_row["programmes"]:
                programmes[programme["code"]] = ProgrammeFactory(**programme, department=dept)
    subjects = {
        row["name"]: SubjectFactory(slug=slugify(row["name"]), **row) for row in data["subjects"]
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
        page = child_page(model, home, slug) or page_factory(
            parent=home, title=title, slug=slug, intro=intro
        )
        indexes[key] = page
    context.update(home=home, site=site, **indexes)


def seed_users(context):
    admin = user(
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
    for i, row in enumerate(load("librarians")["librarians"]):
        name, job, depts, subs = row["name"], row["job_title"], row["departments"], row["subjects"]
        first, last = name.split(" ", 1)
        slug = slugify(name)
        email = f"{slugify(first)}.{slugify(last).replace('-', '')}@library.example.edu"
        account = user(email, first, last, LIAISON_PASSWORD)
        users.append(account)
        page = child_page(LiaisonPage, index, slug)
        if page is None:
            dept_objs = [departments[d] for d in depts]
            programmes = [p for d in dept_objs for p in d.programmes.all()]
            page = LiaisonPageFactory(
                parent=index,
                title=name,
                slug=slug,
                user=account,
                owner=account,
                email=email,
                pronouns=row["pronouns"],
                job_title=job,
                photo=portrait_image(name),
                bio=row["bio"],
                phone=f"+44 20 7946 0{100 + i * 7:03d}",
                office_location=f"{['Main Library', 'Science Library', 'Health Sciences Library'][i % 3]}, room {1 + i % 3}.{10 + i:02d}",
                languages=row["languages"],
                capacity=row["capacity"],
                accepting_students=row["accepting_students"],
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
            page.save_revision(user=account).publish(user=account, skip_permission_checks=True)
        liaisons.append(page)
    context.update(
        liaisons=liaisons,
        liaison_users=users,
        liaisons_by_name={page.title: page for page in liaisons},
        liaison_rows={row["name"]: row for row in load("librarians")["librarians"]},
    )
    first = liaisons[0]
    context["logins"].append(("Liaison", first.email, LIAISON_PASSWORD))


def seed_guides(context):
    index, liaisons = context["guide_index"], context["liaisons_by_name"]
    subjects = context["subjects"]
    programmes_by_dept = {}
    for p in context["programmes"].values():
        programmes_by_dept.setdefault(p.department_id, []).append(p)
    guides = []
    today = timezone.localdate()
    for i, row in enumerate(load("guides")["guides"]):
        title, subs, co_editor = row["title"], row["subjects"], row["co_editor"]
        slug = slugify(title)
        guide = child_page(GuidePage, index, slug)
        if guide is None:
            owner = liaisons[row["owner"]]
            department = context["departments"][
                context["liaison_rows"][row["owner"]]["departments"][0]
            ]
            guide = GuidePageFactory(
                parent=index,
                title=title,
                slug=slug,
                summary=row["summary"],
                liaison=owner,
                owner=owner.user,
                # one guide in five is overdue for review, so reminders have something to find
                last_reviewed=today
                - datetime.timedelta(days=400 + i if i % 5 == 4 else 20 + i * 9),
                body=guide_body(row),
                subjects=[subjects[s] for s in subs],
                programmes=programmes_by_dept.get(department.pk, [])[:3],
                co_editors=[GuideCoEditor(liaison=liaisons[co_editor])] if co_editor else [],
            )
            guide.save_revision(user=owner.user).publish(
                user=owner.user, skip_permission_checks=True
            )
        guides.append(guide)
    context["guides"] = guides


def seed_posts(context):
    """Each librarian's posts from posts.yaml, dated so that the newest posts take turns between
    librarians rather than one librarian's posts filling the first page."""
    index, liaisons, subjects = (
        context["blog_index"],
        context["liaisons_by_name"],
        context["subjects"],
    )
    data = load("posts")
    order = {page.title: i for i, page in enumerate(context["liaisons"])}
    written = {}
    today = timezone.localdate()
    posts = []
    for row in data["posts"]:
        liaison = liaisons[row["author"]]
        k = written.get(liaison.title, 0)
        written[liaison.title] = k + 1
        slug = slugify(row["title"])
        post = child_page(BlogPostPage, index, slug)
        if post is None:
            post = BlogPostPageFactory(
                parent=index,
                title=row["title"],
                slug=slug,
                author=liaison,
                owner=liaison.user,
                date=today
                - datetime.timedelta(days=(k * len(liaisons) + order[liaison.title]) * 3),
                intro=row["intro"],
                body=post_body(row, data["accessibility"]),
                subjects=[subjects[s] for s in row["subjects"]],
            )
            post.tags.add(*row["tags"])
            post.save_revision(user=liaison.user).publish(
                user=liaison.user, skip_permission_checks=True
            )
        posts.append(post)
    context["posts"] = posts


def seed_home(context):
    home = context["home"]
    if not home.featured_guides.exists():
        featured = set(load("guides")["featured"])
        picks = [g for g in context["guides"] if g.slug in featured]
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
