"""`manage.py seed_demo` builds a realistic portal, twice without duplicates, and every page it
makes opens for the public and in the admin editor. The demo is slow to build, so everything
checked on it is checked here, on one build: its students, a crawl of every reachable and hostile
URL (tests/hardening/crawl.py), what each crawled page says about itself (meta description,
heading outline), the same crawl with every original image file gone, and the checks other folders
keep beside their subject: the search relevance set (tests/search/demo_relevance.py), the finder
agreeing with sign-ups (tests/students/demo_finder.py), the librarians' and guides' copy
(tests/demo/demo_copy.py) and outreach's merge fields (tests/outreach/demo_checks.py)."""

import io
import re

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.test import Client, TestCase
from django.utils.html import escape
from modelcluster.fields import ParentalKey
from wagtail.fields import StreamField
from wagtail.images import get_image_model
from wagtail.models import Page, Revision, Site

from demo.builder import load
from demo.steps.students import STUDENT_EMAIL, STUDENT_PASSWORD
from home.models import HomePage
from liaison_pages.models import BlogPostPage, GuidePage, LiaisonPage
from students.models import Assignment, Student
from taxonomy.models import Department, Faculty, Programme, Subject
from tests.conftest import IN_CI
from tests.demo.demo_copy import DemoCopyChecks
from tests.hardening.crawl import ODD_URLS, crawl, heading_skips, open_data_paths, read_head
from tests.outreach.demo_checks import merge_fields_render_for_every_student
from tests.search.demo_relevance import RelevanceChecks
from tests.students.demo_finder import FinderAgreesWithSignupChecks
from tests.twofactor.helpers import totp

pytestmark = pytest.mark.slow  # seeds the whole demo

COUNTED = [
    "wagtailcore.Page",
    "wagtailcore.Site",
    "wagtailimages.Image",
    "auth.User",
    "account.EmailAddress",
    "taxonomy.Faculty",
    "taxonomy.Department",
    "taxonomy.Programme",
    "taxonomy.Subject",
    "liaison_pages.OfficeHour",
    "liaison_pages.SocialLink",
    "liaison_pages.GuideCoEditor",
    "liaison_pages.BlogPostTag",
    "home.FeaturedGuide",
    "taggit.Tag",
    "students.Student",
    "students.Assignment",
    "mfa.Authenticator",
]


def row_counts():
    counts = {label: apps.get_model(label).objects.count() for label in COUNTED}
    counts["revisions"] = Revision.objects.count()
    return counts


class SeedDemoTests(RelevanceChecks, FinderAgreesWithSignupChecks, DemoCopyChecks, TestCase):
    @classmethod
    def setUpTestData(cls):
        first = io.StringIO()
        call_command("seed_demo", stdout=first)
        cls.first_counts = row_counts()
        cls.second_output = io.StringIO()
        call_command("seed_demo", stdout=cls.second_output)
        cls.second_counts = row_counts()
        cls.admin = get_user_model().objects.get(email="admin@library.example.edu")

    def test_outreach_merge_fields_render_for_every_demo_student(self):
        rendered, photos = merge_fields_render_for_every_student()
        self.assertEqual(rendered, Student.objects.count())
        self.assertGreater(photos, 0)

    def test_second_run_creates_nothing(self):
        self.assertEqual(self.second_counts, self.first_counts)

    def test_portal_has_the_promised_amount_of_content(self):
        self.assertGreaterEqual(Faculty.objects.count(), 3)
        self.assertGreaterEqual(Department.objects.count(), 10)
        self.assertGreaterEqual(Programme.objects.count(), 30)
        self.assertGreaterEqual(Subject.objects.count(), 20)
        self.assertEqual(LiaisonPage.objects.live().count(), 12)
        self.assertGreaterEqual(GuidePage.objects.live().count(), 30)
        self.assertGreaterEqual(BlogPostPage.objects.live().count(), 60)
        self.assertEqual(
            set(Programme.objects.values_list("level", flat=True)),
            set(Programme.Level.values),
        )

    def test_default_site_serves_the_home_page_not_wagtails_welcome_page(self):
        site = Site.objects.get(is_default_site=True)
        self.assertIsInstance(site.root_page.specific, HomePage)
        self.assertFalse(Page.objects.filter(depth=2, content_type__model="page").exists())
        self.assertContains(self.client.get("/"), "Your personal librarian")

    def test_every_programme_has_a_librarian_and_some_have_two(self):
        served = {p.code: p.liaisons.count() for p in Programme.objects.all()}
        self.assertEqual([code for code, n in served.items() if n == 0], [])
        self.assertTrue(any(n >= 2 for n in served.values()))

    def test_every_librarian_has_a_login_that_owns_their_pages(self):
        for liaison in LiaisonPage.objects.select_related("user", "owner"):
            self.assertIsNotNone(liaison.user, liaison)
            self.assertEqual(liaison.owner, liaison.user, liaison)
            self.assertTrue(liaison.user.check_password("demo-liaison-password"), liaison)
            self.assertTrue(liaison.photo_id, liaison)
            self.assertTrue(liaison.office_hours.exists(), liaison)
        for guide in GuidePage.objects.select_related("liaison"):
            self.assertEqual(guide.owner_id, guide.liaison.user_id, guide)
        for post in BlogPostPage.objects.select_related("author"):
            self.assertEqual(post.owner_id, post.author.user_id, post)

    def test_guides_use_every_block_type_but_carry_no_placeholder_art(self):
        """Every block an editor can add appears in some guide, except the image block: the demo
        has no real photographs, and a generated pattern in a guide means nothing to a reader."""
        used = {block.block_type for guide in GuidePage.objects.all() for block in guide.body}
        self.assertEqual(used, set(GuidePage.body.field.stream_block.child_blocks) - {"image"})
        with_images = [
            guide.title
            for guide in GuidePage.objects.all()
            if any(block.block_type == "image" for block in guide.body)
        ]
        self.assertEqual(with_images, [])

    def test_news_reads_as_written_by_each_librarian_not_generated(self):
        """Every librarian writes, about their own subjects, in a fair share; no two titles follow
        one pattern (the same opening words, or the same words around a subject's name); and the
        newest page of news is not one librarian's."""
        posts = list(
            BlogPostPage.objects.live().select_related("author").prefetch_related("subjects")
        )
        liaisons = list(LiaisonPage.objects.live().prefetch_related("subjects"))
        by_author = {liaison.pk: 0 for liaison in liaisons}
        for post in posts:
            by_author[post.author_id] += 1
        average = len(posts) / len(liaisons)
        self.assertEqual([pk for pk, n in by_author.items() if n == 0], [])
        self.assertEqual([pk for pk, n in by_author.items() if n > 2 * average], [])

        own = {liaison.pk: set(liaison.subjects.all()) for liaison in liaisons}
        off_subject = [p.title for p in posts if not set(p.subjects.all()) <= own[p.author_id]]
        self.assertEqual(off_subject, [])

        names = sorted(Subject.objects.values_list("name", flat=True), key=len, reverse=True)
        openings, patterns = {}, {}
        for post in posts:
            title = post.title.lower()
            openings.setdefault(" ".join(title.split()[:3]), []).append(post.title)
            for name in names:
                title = title.replace(name.lower(), "{subject}")
            patterns.setdefault(title, []).append(post.title)
        self.assertEqual({k: v for k, v in openings.items() if len(v) > 1}, {})
        self.assertEqual({k: v for k, v in patterns.items() if len(v) > 1}, {})
        intros = [post.intro for post in posts]
        self.assertEqual(len(set(intros)), len(intros))

        newest = BlogPostPage.objects.live().order_by("-date")[:12]
        self.assertGreaterEqual(len({post.author_id for post in newest}), 6)

    def test_seeding_shows_progress_step_by_step(self):
        lines = self.second_output.getvalue().splitlines()
        steps = [line for line in lines if line.startswith("Seeding [")]
        self.assertEqual(len(steps), 8, lines)
        self.assertEqual(steps[0], "Seeding [1/8] librarians, guides and news…")
        self.assertEqual(len([line for line in lines if line.startswith("  done in ")]), 8, lines)

    def test_demo_logins_are_printed(self):
        output = self.second_output.getvalue()
        self.assertIn("admin@library.example.edu", output)
        self.assertIn("ada.byrne@library.example.edu", output)
        self.assertIn("demo-liaison-password", output)
        self.assertTrue(self.admin.check_password("demo-admin-password"))

    def test_demo_staff_sign_in_with_the_printed_two_factor_key_or_recovery_code(self):
        """The administrator and coordinator must use two-factor sign-in, as real ones do: the
        printed key gives the code, and a printed recovery code works too."""
        output = self.second_output.getvalue()
        for email, password in [
            ("admin@library.example.edu", "demo-admin-password"),
            ("coordinator@library.example.edu", "demo-coordinator-password"),
        ]:
            line = next(line for line in output.splitlines() if email in line and "app key" in line)
            key = re.search(r"app key: ([A-Z2-7]+)", line).group(1)
            recovery = re.search(r"recovery codes: (\d+)", line).group(1)
            for code in (totp(key), recovery):
                client = Client()
                response = client.post("/accounts/login/", {"login": email, "password": password})
                self.assertEqual(response["Location"], "/accounts/2fa/authenticate/", email)
                response = client.post("/accounts/2fa/authenticate/", {"code": code})
                self.assertEqual(response["Location"], "/admin/", (email, code))
                self.assertEqual(client.get("/admin/").status_code, 200, email)

    def test_every_live_page_opens_publicly(self):
        crawled = self.crawled_pages()  # pages that opened in the crawl are not asked for again
        for page in Page.objects.live().filter(depth__gt=1).specific():
            html = crawled.get(page.url)
            if html is None:
                response = self.client.get(page.url)
                self.assertEqual(response.status_code, 200, page.url)
                html = response.content.decode()
            self.assertIn(escape(page.title), html, page.url)

    def test_demo_students_are_matched_once_within_capacity_and_the_demo_student_signs_in(self):
        self.assertEqual(Student.objects.count(), load("students")["count"] + 1)
        open_assignments = Assignment.objects.filter(ended_at__isnull=True)
        self.assertEqual(
            open_assignments.count(), load("students")["count"] + 1
        )  # every demo student, once
        for liaison_id, capacity in open_assignments.values_list("liaison_id", "liaison__capacity"):
            self.assertLessEqual(open_assignments.filter(liaison_id=liaison_id).count(), capacity)
        response = self.client.post(
            "/accounts/login/", {"login": STUDENT_EMAIL, "password": STUDENT_PASSWORD}
        )
        self.assertEqual(response["Location"], "/my-librarian/")
        page = self.client.get("/my-librarian/").content.decode()
        self.assertIn("Hello, Sam", page)
        self.assertIn("Why this librarian:", page)

    def test_demo_students_are_in_a_year_that_fits_their_programme(self):
        """A BSc student is in years 1-4 (medicine runs to a fifth), a masters student is a
        taught postgraduate, a PhD student a doctoral one."""
        Level = Student.Level
        fits = {
            Programme.Level.UNDERGRADUATE: {Level.YEAR_1, Level.YEAR_2, Level.YEAR_3, Level.YEAR_4},
            Programme.Level.GRADUATE: {Level.POSTGRADUATE},
            Programme.Level.DOCTORAL: {Level.DOCTORAL},
            Programme.Level.CERTIFICATE: {Level.POSTGRADUATE, Level.OTHER},
        }
        misfits = [
            (student.name, student.programme.name, student.level)
            for student in Student.objects.select_related("programme")
            if student.level not in fits[student.programme.level]
            and not (student.programme.code == "MBCHB" and student.level == Level.YEAR_5)
        ]
        self.assertEqual(misfits, [])
        undergraduate_years = set(
            Student.objects.filter(programme__level=Programme.Level.UNDERGRADUATE).values_list(
                "level", flat=True
            )
        )
        self.assertGreaterEqual(len(undergraduate_years), 4)  # not everyone in one year

    def crawled(self):
        """({path: status}, {path: html}) of the crawl, made once for the class. A failing page is
        collected with its status rather than raised, so that one test reports every failure."""
        cls = type(self)
        if not hasattr(cls, "_crawled"):
            self.client.raise_request_exception = False
            pages = {}
            statuses = crawl(self.client, pages=pages)
            cls._crawled = statuses, pages
        return cls._crawled

    def crawled_pages(self):
        """{path: html} of every public page the crawl reaches."""
        return self.crawled()[1]

    def test_every_reachable_and_odd_url_answers_without_a_server_error(self):
        statuses = dict(self.crawled()[0])
        self.client.raise_request_exception = False  # collect every failure, not just the first
        failures = {path: status for path, status in statuses.items() if status >= 500}
        for url in ODD_URLS:
            response = self.client.get(url)
            if response.status_code >= 500:
                failures[url[:80]] = response.status_code

        self.assertEqual(failures, {})
        ok = [path for path, status in statuses.items() if status == 200]
        # The crawl really reached the portal's content, not just an error page.
        self.assertGreaterEqual(len(ok), 20, statuses)
        self.assertTrue(any(p.startswith("/librarians/") and p.count("/") >= 3 for p in ok))
        self.assertTrue(any(p.startswith("/guides/") and p.count("/") >= 3 for p in ok))
        self.assertEqual(self.client.get("/news/?page=%00").status_code, 400)

    def test_every_crawled_page_has_a_meta_description_of_its_own(self):
        pages = self.crawled_pages()
        by_text = {}
        for path, html in pages.items():
            description = read_head(html).description
            self.assertTrue(description, path)
            if not path.startswith("/accounts/"):  # the account forms share one description
                by_text.setdefault(description, set()).add(path.split("?")[0])
        shared = {text: paths for text, paths in by_text.items() if len(paths) > 1}
        self.assertEqual(shared, {})

    def test_no_crawled_page_skips_a_heading_level(self):
        skips = {
            path: heading_skips(read_head(html).headings)
            for path, html in self.crawled_pages().items()
        }
        self.assertEqual({path: found for path, found in skips.items() if found}, {})

    def test_every_public_url_answers_when_every_original_image_file_is_missing(self):
        """A restore without media: image records stay, their files and renditions are gone.
        Asked again: every crawled page that showed an image, every crawled file that is not a
        page (feeds, vCards, site files) and the open data; a page that showed no image reads no
        image file. (Storage is in memory and outside the test's transaction, so the files are put
        back.)"""
        statuses, pages = self.crawled()
        paths = [
            path for path in statuses if path not in pages or settings.MEDIA_URL in pages[path]
        ]
        self.assertGreaterEqual(len([path for path in paths if path in pages]), 50)
        Image = get_image_model()
        for image in Image.objects.all():
            storage, name = image.file.storage, image.file.name
            with storage.open(name) as original:
                content = original.read()
            self.addCleanup(storage.save, name, ContentFile(content))
            storage.delete(name)
        Image.get_rendition_model().objects.all().delete()
        cache.clear()
        self.client.raise_request_exception = False

        statuses, changed = {}, {}
        for path in paths + open_data_paths():
            response = self.client.get(path)
            statuses[path] = response.status_code
            if path in pages:  # the same page as before, not an error page that answers 200
                before = read_head(pages[path]).title
                after = read_head(response.content.decode()).title
                self.assertTrue(before, path)
                if after != before:
                    changed[path] = (before, after)

        self.assertEqual({path: code for path, code in statuses.items() if code >= 500}, {})
        self.assertEqual(changed, {})
        ok = [path for path, status in statuses.items() if status == 200]
        self.assertGreaterEqual(len(ok), 200)
        self.assertTrue(any(path.endswith(".vcf") for path in ok))
        self.assertTrue(any("/feed/" in path for path in ok))
        self.assertTrue(any(path.startswith("/librarians/") and path in pages for path in ok))

    def test_every_page_opens_in_the_admin_editor(self):
        """In CI, every page; elsewhere (`make test` on a developer's machine), one page of each
        shape the editor renders differently: its type, the blocks its StreamFields hold and the
        inline panels that have rows (about 20 pages of 120; opening one takes Wagtail about
        0.2 s)."""
        pages = Page.objects.filter(depth__gt=1).specific()
        if not IN_CI:
            pages = list({editor_shape(page): page for page in pages}.values())
        self.client.force_login(self.admin)
        for page in pages:
            response = self.client.get(f"/admin/pages/{page.pk}/edit/")
            self.assertEqual(response.status_code, 200, page.pk)
            self.assertContains(response, escape(page.title), msg_prefix=f"page {page.pk}")


def editor_shape(page):
    """What decides how Wagtail's editor renders ``page``: its type, the block types in its
    StreamFields and which of its inline child relations have rows."""
    blocks, rows = set(), set()
    for field in page._meta.get_fields():
        if isinstance(field, StreamField):
            blocks |= {(field.name, block.block_type) for block in getattr(page, field.name)}
        elif (
            field.one_to_many
            and isinstance(field.remote_field, ParentalKey)
            and getattr(page, field.get_accessor_name()).exists()
        ):
            rows.add(field.name)
    return type(page), frozenset(blocks), frozenset(rows)
