"""One search over librarians, guides, services and news, with counts per type.

Only live, public pages of those four types are searched (never student data), inactive
librarians are left out, and the number of SQL queries does not grow with the number of results:
one count per type, then one search per type with matches for the page of results
(each fetching at most the rows up to the end of that page).
"""

from dataclasses import dataclass, field

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from wagtail.models import Page

from home import sitecache

from . import text

RESULTS_PER_PAGE = 10


@dataclass(frozen=True)
class ResultType:
    key: str
    label: str
    singular: str

    @property
    def model(self):
        from liaison_pages.models import BlogPostPage, GuidePage, LiaisonPage
        from services.models import ServicePage

        return {
            "librarian": LiaisonPage,
            "guide": GuidePage,
            "service": ServicePage,
            "post": BlogPostPage,
        }[self.key]


RESULT_TYPES = [
    ResultType("librarian", "Librarians", "Librarian"),
    ResultType("guide", "Guides", "Guide"),
    ResultType("service", "Services", "Service"),
    ResultType("post", "News", "News post"),
]
TYPES_BY_KEY = {t.key: t for t in RESULT_TYPES}


@dataclass
class SearchOutcome:
    query: str
    terms: list
    type: ResultType | None
    counts: list = field(default_factory=list)  # [(ResultType, count)]
    page: object = None  # a Paginator page of Result
    total: int = 0
    suggestions: list = field(default_factory=list)
    any_words: bool = False  # True when no page had all the words, so any word counts


@dataclass
class Result:
    page: Page
    type: ResultType
    summary: str

    @property
    def title(self):
        return self.page.title


def searchable(model):
    """The pages of one type that anyone may find (``sitecache.public_pages``)."""
    queryset = sitecache.public_pages(model.objects)
    if model._meta.label_lower == "liaison_pages.liaisonpage":
        queryset = queryset.filter(is_active=True)
    return queryset


def summary_of(page):
    """The text a result shows under its title."""
    label = page._meta.label_lower
    if label == "liaison_pages.liaisonpage":
        bio = text.plain_text(page.bio)
        return f"{page.job_title}. {bio}".strip()
    if label == "liaison_pages.blogpostpage":
        return page.intro
    return getattr(page, "summary", "") or page.search_description


def type_of(page):
    for result_type in RESULT_TYPES:
        if isinstance(page, result_type.model):
            return result_type
    return None


def _paginate(items, number):
    paginator = Paginator(items, RESULTS_PER_PAGE)
    try:
        return paginator.page(number)
    except PageNotAnInteger:
        return paginator.page(1)
    except EmptyPage:
        return paginator.page(paginator.num_pages)


def suggestion_candidates(limit=2000):
    """Names worth suggesting: subjects, offered programmes and active librarians."""
    from liaison_pages.models import LiaisonPage
    from taxonomy.models import Programme, Subject

    names = list(Subject.objects.values_list("name", flat=True)[:limit])
    names += Programme.objects.filter(is_active=True).values_list("name", flat=True)[:limit]
    names += searchable(LiaisonPage).values_list("title", flat=True)[:limit]
    return names


def _counts(backend_query, operator):
    return [
        (t, searchable(t.model).search(backend_query, operator=operator).count())
        for t in RESULT_TYPES
    ]


class _Counted:
    """One type's search results with the count already made, so paginating does not count again
    (Django's Paginator asks ``count()`` and then takes one slice)."""

    def __init__(self, found, total):
        self.found = found
        self.total = total

    def count(self):
        return self.total

    def __getitem__(self, index):
        return self.found[index]


class _MergedResults(_Counted):
    """The "all types" listing as a sequence the paginator can slice: its count is the sum of the
    per-type counts already made, and a slice fetches only the top rows of each type that has
    matches (at most the end of the requested page from each), then merges them by relevance.
    Searching each type on its own is much faster than one search over all pages, which has to
    join every page type and count again."""

    def __getitem__(self, index):
        stop = self.total if index.stop is None else min(index.stop, self.total)
        merged = []
        for order, (_, found) in enumerate(self.found):  # [(ResultType, SearchResults)]
            for rank, page in enumerate(_top(found, stop)):
                # Best score first; equal scores (or none) keep the type order, then each rank.
                merged.append((-(getattr(page, "_score", None) or 0.0), order, rank, page))
        merged.sort(key=lambda row: row[:3])
        return [row[3] for row in merged][index.start or 0 : stop]


def _top(found, stop):
    try:
        return list(found.annotate_score("_score")[:stop])
    except (NotImplementedError, AttributeError):
        return list(found[:stop])


def site_search(raw_query, type_key=None, page_number=1):
    query = text.clean_query(raw_query)
    terms = text.query_terms(query)
    result_type = TYPES_BY_KEY.get(type_key or "")
    outcome = SearchOutcome(query=query, terms=terms, type=result_type)
    if not terms:
        return outcome
    backend_query = " ".join(terms)

    # Pages with all the words; when there are none, pages with any of them (said on the page).
    operator = "and"
    outcome.counts = _counts(backend_query, operator)
    if not any(count for _, count in outcome.counts) and len(terms) > 1:
        operator = "or"
        outcome.any_words = True
        outcome.counts = _counts(backend_query, operator)
    # The per-type counts are the total: no second count over all pages.
    outcome.total = sum(count for _, count in outcome.counts)

    def search(t):
        return searchable(t.model).search(backend_query, operator=operator)

    if result_type is not None:
        count = {t.key: n for t, n in outcome.counts}[result_type.key]
        found = _Counted(search(result_type), count)
    else:
        found = _MergedResults([(t, search(t)) for t, n in outcome.counts if n], outcome.total)
    outcome.page = _paginate(found, page_number)
    outcome.page.object_list = [
        Result(page=p, type=type_of(p), summary=text.excerpt(summary_of(p), terms))
        for p in outcome.page.object_list
    ]
    if outcome.total == 0:
        outcome.suggestions = text.did_you_mean(query, suggestion_candidates())
    return outcome
