"""RSS 2.0 feeds of news posts: all posts, one librarian's, one subject's."""

from datetime import datetime, time

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Rss201rev2Feed

FEED_LENGTH = 20


class PostFeed(Feed):
    feed_type = Rss201rev2Feed

    def __init__(self, index_page, author=None, subject=None):
        super().__init__()
        self.index_page = index_page
        self.author = author
        self.subject = subject

    def __call__(self, request, *args, **kwargs):
        self.request = request
        response = super().__call__(request, *args, **kwargs)
        # Django's feed generator writes the XML in hundreds of small pieces, and a WSGI server
        # sends each piece on its own (730 writes for the news feed, kept so in the page cache
        # too): hand it the document in one.
        response.content = response.content
        return response

    def title(self):
        if self.author:
            return f"News from {self.author.title}"
        if self.subject:
            return f"News about {self.subject.name}"
        return self.index_page.title

    def absolute_url(self, page):
        """The page's address as the reader reached this feed (host and port of the request), so
        links work whatever hostname the Wagtail site record holds."""
        return self.request.build_absolute_uri(page.get_url(self.request))

    def link(self):
        return self.absolute_url(self.index_page)

    def description(self):
        return "News and updates from the library's liaison librarians."

    def items(self):
        posts = self.index_page.get_posts(author=self.author, subject=self.subject)
        return posts.prefetch_related("subjects")[:FEED_LENGTH]  # subjects become categories

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.intro

    def item_link(self, item):
        return self.absolute_url(item)

    def item_guid(self, item):
        return self.absolute_url(item)

    def item_pubdate(self, item):
        return timezone.make_aware(datetime.combine(item.date, time(9, 0)))

    def item_author_name(self, item):
        author = item.get_author_card()
        return author.title if author else None

    def item_categories(self, item):
        return [subject.name for subject in item.subjects.all()]
