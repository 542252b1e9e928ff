"""Each page type, rendered with realistic content, shows what a visitor needs."""

import datetime
from unittest import mock

from django.test import TestCase, override_settings
from wagtail.embeds.exceptions import EmbedNotFoundException
from wagtail.test.utils import WagtailPageTestCase

from core.models import PortalSettings
from demo.portraits import illustration_image, portrait_image
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
    BlogPostPageFactory,
    GuidePageFactory,
    LiaisonPageFactory,
    ProgrammeFactory,
    SubjectFactory,
    build_site_tree,
    raw_stream,
)

SHORT_BODY = raw_stream(
    [
        ("paragraph", "<p>Read the safety data sheet before every experiment.</p>"),
        (
            "video",
            {
                "url": "https://video.example.com/watch/lab-safety",
                "title": "Lab safety in four minutes",
                "caption": "Captioned.",
            },
        ),
    ]
)


class LibraryContent(TestCase):
    @classmethod
    def setUpTestData(cls):
        tree = build_site_tree()
        cls.tree = tree
        cls.chemistry = SubjectFactory(name="Chemistry")
        cls.history = SubjectFactory(name="History")
        cls.bsc = ProgrammeFactory(code="BSC-CHEM", name="BSc Chemistry")
        cls.ada = LiaisonPageFactory(
            parent=tree["librarians"],
            title="Ada Byrne",
            pronouns="she/her",
            job_title="Science Liaison Librarian",
            phone="+44 20 7946 0100",
            office_location="Main Library, room 2.14",
            languages="English, Irish",
            booking_url="https://library.example.edu/book/ada-byrne",
            photo=portrait_image("Ada Byrne"),
            departments=[cls.bsc.department],
            office_hours=[
                OfficeHour(
                    day=OfficeHour.Day.MONDAY,
                    start=datetime.time(10),
                    end=datetime.time(12),
                    mode=OfficeHour.Mode.IN_PERSON,
                ),
                OfficeHour(
                    day=OfficeHour.Day.WEDNESDAY,
                    start=datetime.time(14),
                    end=datetime.time(15, 30),
                    mode=OfficeHour.Mode.ONLINE,
                ),
            ],
            social_links=[SocialLink(label="ORCID", url="https://orcid.org/0000-0002-1825-0097")],
            subjects=[cls.chemistry],
            programmes=[cls.bsc],
        )
        cls.ben = LiaisonPageFactory(parent=tree["librarians"], title="Ben Okafor")
        cls.long_guide = GuidePageFactory(
            parent=tree["guides"],
            title="Chemistry research",
            liaison=cls.ada,
            subjects=[cls.chemistry],
            summary="Databases, handbooks and safety data for chemists.",
        )
        cls.short_guide = GuidePageFactory(
            parent=tree["guides"],
            title="Lab safety",
            liaison=cls.ben,
            subjects=[cls.history],
            body=SHORT_BODY,
            co_editors=[GuideCoEditor(liaison=cls.ada)],
        )
        cls.trial = BlogPostPageFactory(
            parent=tree["news"],
            title="New database trial: Reaxys",
            author=cls.ada,
            date=datetime.date(2026, 3, 2),
            intro="Trial access until the end of term.",
            subjects=[cls.chemistry],
            listing_image=illustration_image("Reading room"),
        )
        cls.trial.tags.add("databases", "trials")
        cls.trial.save()
        for i in range(13):
            BlogPostPageFactory(
                parent=tree["news"],
                title=f"Opening hours update {i}",
                author=cls.ben,
                date=datetime.date(2026, 1, 1) + datetime.timedelta(days=i),
            )
        cls.draft = BlogPostPageFactory(
            parent=tree["news"], title="Embargoed announcement", author=cls.ada, live=False
        )
        FeaturedGuide.objects.create(page=tree["home"], guide=cls.long_guide)

    def html(self, url, status=200):
        response = self.client.get(url)
        self.assertEqual(response.status_code, status, url)
        return response.content.decode()


class HomePageTests(LibraryContent):
    def test_home_shows_programme_picker_featured_guide_and_latest_news(self):
        html = self.html("/")
        self.assertIn("Your personal librarian", html)
        self.assertIn('<option value="BSC-CHEM">BSc Chemistry</option>', html)
        self.assertIn("Chemistry research", html)
        self.assertIn("New database trial: Reaxys", html)
        self.assertNotIn("Embargoed announcement", html)

    def test_home_main_navigation_links_directory_guides_and_news(self):
        html = self.html("/")
        for href in ('href="/librarians/"', 'href="/guides/"', 'href="/news/"'):
            self.assertIn(href, html)
        self.assertIn('class="skip-link" href="#main"', html)


class ProfileTests(LibraryContent):
    def test_profile_shows_contact_details_and_office_hours(self):
        html = self.html(self.ada.url)
        for text in (
            "Ada Byrne",
            "Science Liaison Librarian",
            "she/her",
            "mailto:ada-byrne@library.example.edu",
            "+44 20 7946 0100",
            "Main Library, room 2.14",
            "English, Irish",
            "https://library.example.edu/book/ada-byrne",
            "Book a consultation",
            '<td>Monday</td><td class="nowrap">10:00–12:00</td><td>In person</td>',
            '<td>Wednesday</td><td class="nowrap">14:00–15:30</td><td>Online</td>',
            "https://orcid.org/0000-0002-1825-0097",
        ):
            self.assertIn(text, html)

    def test_profile_shows_subjects_programmes_and_departments_served(self):
        html = self.html(self.ada.url)
        self.assertIn("Chemistry", html)
        self.assertIn("BSc Chemistry", html)
        self.assertIn(self.bsc.department.name, html)

    def test_profile_photo_has_rendition_and_alt_text(self):
        html = self.html(self.ada.url)
        self.assertIn('class="profile-photo"', html)
        self.assertIn('alt="Portrait of Ada Byrne"', html)

    def test_profile_lists_owned_and_coedited_guides_and_published_posts(self):
        html = self.html(self.ada.url)
        self.assertIn("Chemistry research", html)
        self.assertIn("Lab safety", html)  # co-edited
        self.assertIn("New database trial: Reaxys", html)
        self.assertNotIn("Embargoed announcement", html)
        self.assertNotIn("Opening hours update", html)  # Ben's posts
        self.assertIn(f'href="/news/feed/librarian/{self.ada.slug}/"', html)


class GuideTests(LibraryContent):
    def test_guide_index_lists_every_live_guide_with_owner(self):
        html = self.html("/guides/")
        self.assertIn("2 guides", html)
        self.assertIn("Chemistry research", html)
        self.assertIn("By Ada Byrne", html)

    def test_guide_index_filters_by_subject(self):
        html = self.html(f"/guides/?subject={self.chemistry.slug}")
        self.assertIn("1 guide", html)
        self.assertIn("Chemistry research", html)
        self.assertNotIn("Lab safety", html)

    def test_guide_index_ignores_unknown_filters_and_page_numbers(self):
        html = self.html("/guides/?subject=no-such-subject&programme=NOPE&page=abc")
        self.assertIn("2 guides", html)

    def test_guide_shows_resources_books_search_callout_and_owner_card(self):
        settings = PortalSettings.load()
        settings.catalogue_search_url = "https://search.library.example.edu/discover"
        settings.save()
        html = self.html(self.long_guide.url)
        self.assertIn("Databases, handbooks and safety data for chemists.", html)
        self.assertIn("Last reviewed", html)
        self.assertIn("Chemistry Abstracts", html)  # resource list
        self.assertIn("Sign-in needed off campus", html)  # access note
        self.assertIn("Foundations of Chemistry", html)  # book list
        self.assertIn("ISBN 9780306406157", html)
        self.assertIn('action="https://search.library.example.edu/discover"', html)
        self.assertIn("Use the citation export in each database.", html)  # callout
        self.assertIn("Ask your librarian", html)
        self.assertIn(f'href="{self.ada.url}#contact"', html)  # owner's card

    def test_long_guide_has_table_of_contents_linking_to_sections(self):
        html = self.html(self.long_guide.url)
        self.assertIn("On this page", html)
        for anchor, text in self.long_guide.get_sections():
            self.assertIn(f'<a href="#{anchor}">{text}</a>', html)
            self.assertIn(f'id="{anchor}"', html)
        self.assertEqual(
            [text for _, text in self.long_guide.get_sections()],
            ["Getting started", "Databases", "Books"],
        )

    def test_short_guide_has_no_table_of_contents(self):
        self.assertNotIn("On this page", self.html(self.short_guide.url))

    def test_video_block_is_a_plain_link_without_embeds(self):
        html = self.html(self.short_guide.url)
        self.assertIn('href="https://video.example.com/watch/lab-safety"', html)
        self.assertIn("Watch: Lab safety in four minutes", html)
        self.assertNotIn("<iframe", html)

    @override_settings(PORTAL_VIDEO_EMBEDS=True)
    def test_video_block_falls_back_to_link_when_provider_fails(self):
        with mock.patch(
            "wagtail.embeds.embeds.get_embed", side_effect=EmbedNotFoundException("offline")
        ):
            html = self.html(self.short_guide.url)
        self.assertIn("Watch: Lab safety in four minutes", html)
        self.assertNotIn("<iframe", html)


class NewsTests(LibraryContent):
    def test_news_index_shows_newest_first_and_paginates(self):
        html = self.html("/news/")
        self.assertIn("New database trial: Reaxys", html)
        self.assertIn("Page 1 of 2", html)
        self.assertLess(html.index("New database trial"), html.index("Opening hours update 12"))
        self.assertIn("Opening hours update 0", self.html("/news/?page=2"))

    def test_news_index_out_of_range_page_shows_last_page(self):
        self.assertIn("Page 2 of 2", self.html("/news/?page=999"))

    def test_news_index_filters_by_author_subject_and_tag(self):
        for query in (
            f"author={self.ada.slug}",
            f"subject={self.chemistry.slug}",
            "tag=databases",
        ):
            html = self.html(f"/news/?{query}")
            self.assertIn("New database trial: Reaxys", html, query)
            self.assertNotIn("Opening hours update", html, query)

    def test_post_shows_date_author_subjects_and_tags(self):
        html = self.html(self.trial.url)
        self.assertIn("New database trial: Reaxys", html)
        self.assertIn('<time datetime="2026-03-02">2 March 2026</time>', html)
        self.assertIn(f'href="{self.ada.url}"', html)
        self.assertIn('href="/news/?tag=databases"', html)
        self.assertIn(f'href="/news/?subject={self.chemistry.slug}"', html)
        self.assertIn("About the author", html)

    def test_draft_post_is_not_public(self):
        self.html(self.draft.url or "/news/embargoed-announcement/", status=404)


class PageTreeTests(WagtailPageTestCase):
    def test_sections_live_under_the_home_page(self):
        for index in (LiaisonIndexPage, GuideIndexPage, BlogIndexPage):
            self.assertAllowedParentPageTypes(index, {HomePage})

    def test_content_lives_in_its_section(self):
        self.assertAllowedSubpageTypes(LiaisonIndexPage, {LiaisonPage})
        self.assertAllowedSubpageTypes(GuideIndexPage, {GuidePage})
        self.assertAllowedSubpageTypes(BlogIndexPage, {BlogPostPage})
        self.assertAllowedSubpageTypes(LiaisonPage, {})
