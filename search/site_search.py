"""One search over librarians, guides, services and news, with counts per type.

Only live, public pages of those four types are searched (never student data), inactive
librarians are left out, and the number of SQL queries does not grow with the number of results:
one count per type, then one search per type with matches for the page of results
(each fetching at most the rows up to the end of that page), and one look-up of the best bets
when editors pinned any to the query.

Ranking is Wagtail's (field boosts: a title or a subject far above the body, see
search/backends.py); the per-type lists are merged into one by that score, weighted by type
(``ResultType.weight``: news comes after evergreen pages of the same match strength). A query that
names a subject ("chemistry", "systematic reviews") puts the librarians of that subject first.

A query nobody's words match is corrected to the closest words the portal uses (names, subjects,
titles) and searched again, saying so; coordinators pin pages to a query as best bets
(``wagtail.contrib.search_promotions``, admin: Settings → Promoted search results).
"""

from dataclasses import dataclass, field

from django.db.models import Q
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.models import Page
from wagtail.search.utils import normalise_query_string

from core import caching
from core.pagination import paginate
from liaison_pages.models import LISTING_FIELDS, BlogPostPage, GuidePage, LiaisonPage
from services.models import ServicePage
from taxonomy.models import Programme, Subject

from . import text

RESULTS_PER_PAGE = 10
SUGGESTIONS = 8


@dataclass(frozen=True)
class ResultType:
    key: str
    label: str
    singular: str
    weight: float = 1.0  # how much this type's scores count in the merged list

    @property
    def model(self):
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
    ResultType("post", "News", "News post", weight=0.5),
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
    corrected: str = ""  # the words searched instead of the query's, when none of them matched
    best_bets: list = field(default_factory=list)  # [BestBet] pinned to this query by editors
    completions: list = field(default_factory=list)  # [Suggestion] when nothing matched


@dataclass
class Result:
    page: Page
    type: ResultType
    summary: str

    @property
    def title(self):
        return self.page.title


@dataclass
class BestBet:
    title: str
    url: str
    description: str


@dataclass
class Suggestion:
    title: str
    url: str
    type: str  # "Guide", "Librarian", …


def searchable(model, private_q=None):
    """The pages of one type that anyone may find. `private_q` (from `Page.objects.private_q()`)
    may be passed in so several querysets share one look-up of the private sections."""
    private_q = caching.private_q() if private_q is None else private_q
    queryset = model.objects.live().exclude(private_q)
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


def suggestion_candidates(limit=2000):
    """Names worth suggesting: subjects, offered programmes and active librarians."""
    names = list(Subject.objects.values_list("name", flat=True)[:limit])
    names += Programme.objects.filter(is_active=True).values_list("name", flat=True)[:limit]
    names += searchable(LiaisonPage).values_list("title", flat=True)[:limit]
    return names


def correction_words(limit=2000):
    """The words a misspelt query is corrected to: those of the suggestion names and of the
    guides' and services' titles (news titles repeat them)."""
    names = suggestion_candidates(limit)
    for model in (GuidePage, ServicePage):
        names += searchable(model).values_list("title", flat=True)[:limit]
    return text.vocabulary(names)


def _promoted_queries():
    return set(SearchPromotion.objects.values_list("query__query_string", flat=True))


def best_bets(query, private_q=None):
    """The pages (or links) editors pinned to this query, in their order: live, public pages and
    external links only. A query nobody pinned anything to costs no query (the pinned queries are
    kept under the page cache's generation (core.caching); search/apps.py renews it when
    they change)."""
    query = normalise_query_string(query)
    if query not in caching.get_or_set("promoted-queries", _promoted_queries):
        return []
    private_q = caching.private_q() if private_q is None else private_q
    public = Page.objects.live().exclude(private_q).values("pk")
    promotions = (
        SearchPromotion.objects.filter(query__query_string=query)
        .filter(Q(page__in=public) | Q(page__isnull=True, external_link_url__gt=""))
        .select_related("page")
        .order_by("sort_order", "pk")
    )
    return [
        BestBet(
            title=promotion.title or promotion.external_link_url,
            url=promotion.page.url if promotion.page_id else promotion.external_link_url,
            description=promotion.description,
        )
        for promotion in promotions
    ]


def _counts(backend_query, operator, private_q):
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


def _librarians_by_subject():
    librarians = {}
    for name, liaison_id in Subject.objects.filter(liaisons__isnull=False).values_list(
        "name", "liaisons"
    ):
        librarians.setdefault(name.lower(), set()).add(liaison_id)
    return librarians


def subject_librarians(query):
    """The ids of the librarians of the subject this query names, if it names one (in any letter
    case: "systematic reviews" names Systematic Reviews). Kept under the page cache's generation
    (core.caching), which a subject's change (search/apps.py) or a profile's publication
    renews."""
    return caching.get_or_set("librarians-by-subject", _librarians_by_subject).get(
        query.lower(), set()
    )


class _MergedResults(_Counted):
    """The "all types" listing as a sequence the paginator can slice: its count is the sum of the
    per-type counts already made, and a slice fetches only the top rows of each type that has
    matches (at most the end of the requested page from each), then merges them by relevance.
    Searching each type on its own is much faster than one search over all pages, which has to
    join every page type and count again. The scores are comparable across types: each search
    ranks against the same index (the same term statistics and field weights). Pages in ``first``
    (the librarians of the subject the query names) come before the others."""

    def __init__(self, found, total, first=frozenset()):
        super().__init__(found, total)
        self.first = first

    def __getitem__(self, index):
        stop = self.total if index.stop is None else min(index.stop, self.total)
        merged = []
        for order, (result_type, found) in enumerate(self.found):  # [(ResultType, results)]
            for rank, page in enumerate(_top(found, stop)):
                score = relevance(getattr(page, "_score", None), found) * result_type.weight
                pinned = result_type.key == "librarian" and page.pk in self.first
                # Best score first; equal scores (or none) keep the type order, then each rank.
                merged.append((not pinned, -score, order, rank, page))
        merged.sort(key=lambda row: row[:4])
        return [row[4] for row in merged][index.start or 0 : stop]


def relevance(score, found):
    """Wagtail's score of a result as "higher is better", whatever the backend: PostgreSQL's
    ts_rank already is; SQLite's bm25() is a cost (the best match is the most negative, and the
    backend orders ascending), so it is negated. No score (a backend without ranking) is 0."""
    if score is None:
        return 0.0
    return -score if getattr(found.backend, "LOWER_SCORE_IS_BETTER", False) else score


def _top(found, stop):
    try:
        return list(found.annotate_score("_score")[:stop])
    except (NotImplementedError, AttributeError):
        return list(found[:stop])


def suggest(raw_query, limit=SUGGESTIONS):
    """Pages whose titles start with what was typed so far (the last word may be unfinished:
    "chem" → "Chemistry: finding articles and data"), best first: Wagtail's ``autocomplete()``
    over each type, merged like the results. One query per type."""
    terms = text.query_terms(text.clean_query(raw_query))
    if not terms:
        return []
    private_q = caching.private_q()
    merged = []
    for order, result_type in enumerate(RESULT_TYPES):
        queryset = searchable(result_type.model, private_q).only(*LISTING_FIELDS)
        found = queryset.autocomplete(" ".join(terms))
        for rank, page in enumerate(_top(found, limit)):
            score = relevance(getattr(page, "_score", None), found) * result_type.weight
            merged.append((-score, order, rank, page, result_type))
    merged.sort(key=lambda row: row[:3])
    return [
        Suggestion(page.title, page.url, result_type.singular)
        for *_, page, result_type in merged[:limit]
    ]


def _attempts(terms):
    """What to search, in order, until something matches: all the words; all the closest words
    the portal uses (when the query's own match nothing); any of the words; any of the closest."""
    yield terms, "and"
    corrected = text.correct_terms(terms, correction_words())
    if corrected:
        yield corrected, "and"
    if len(terms) > 1:
        yield terms, "or"
        if corrected:
            yield corrected, "or"


def site_search(raw_query, type_key=None, page_number=1):
    query = text.clean_query(raw_query)
    terms = text.query_terms(query)
    result_type = TYPES_BY_KEY.get(type_key or "")
    outcome = SearchOutcome(query=query, terms=terms, type=result_type)
    if not terms:
        return outcome

    private_q = caching.private_q()  # one look-up of the private sections, shared below
    outcome.best_bets = best_bets(query, private_q)
    for searched, operator in _attempts(terms):
        outcome.counts = _counts(" ".join(searched), operator, private_q)
        if any(count for _, count in outcome.counts):
            break
    else:
        searched, operator = terms, "and"
    if searched != terms:
        outcome.corrected, outcome.terms = " ".join(searched), searched
    # Pages with all the words come first; "or" (any word) is said on the page.
    outcome.any_words = operator == "or"
    # The per-type counts are the total: no second count over all pages.
    outcome.total = sum(count for _, count in outcome.counts)
    backend_query = " ".join(searched)
    terms = outcome.terms

    def search(t):
        # a result shows its title and summary, never its StreamField body: not read
        pages = searchable(t.model, private_q).defer_streamfields()
        return pages.search(backend_query, operator=operator)

    if result_type is not None:
        count = {t.key: n for t, n in outcome.counts}[result_type.key]
        found = _Counted(search(result_type), count)
    else:
        found = _MergedResults(
            [(t, search(t)) for t, n in outcome.counts if n],
            outcome.total,
            first=subject_librarians(backend_query),
        )
    outcome.page = paginate(found, page_number, per_page=RESULTS_PER_PAGE)
    outcome.page.object_list = [
        Result(page=p, type=type_of(p), summary=text.excerpt(summary_of(p), terms))
        for p in outcome.page.object_list
    ]
    if outcome.total == 0:
        outcome.suggestions = text.did_you_mean(query, suggestion_candidates())
        outcome.completions = suggest(query)
    return outcome
