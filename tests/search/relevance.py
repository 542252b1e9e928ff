"""The relevance test set (relevance.toml) and how it is scored: the rank of each query's expected
page in the first page of site-search results, and the mean reciprocal rank (MRR) over all of them.
Used by tests/search/demo_relevance.py and bench/relevance.py, against a seeded demo database."""

import tomllib
from dataclasses import dataclass
from pathlib import Path

CASES_FILE = Path(__file__).with_name("relevance.toml")
TOP = 3  # the expected page must be among the first TOP results


@dataclass(frozen=True)
class Case:
    kind: str
    query: str
    expect: str

    def __str__(self):
        return f"{self.kind}: {self.query!r} -> {self.expect!r}"


def load_cases(path=CASES_FILE):
    with open(path, "rb") as f:
        return [Case(**row) for row in tomllib.load(f)["case"]]


def ranked_titles(query):
    """The titles of the first page of results, as the search page lists them."""
    from search.site_search import site_search

    return [result.title for result in site_search(query).page.object_list]


def rank_of(case):
    """1 for the first result, None when the expected page is not on the first page."""
    titles = ranked_titles(case.query)
    return titles.index(case.expect) + 1 if case.expect in titles else None


def mean_reciprocal_rank(ranks):
    return sum(1 / r for r in ranks if r) / len(ranks) if ranks else 0.0


def evaluate(cases=None):
    """[(case, rank)] and the MRR over them."""
    cases = load_cases() if cases is None else cases
    ranks = [(case, rank_of(case)) for case in cases]
    return ranks, mean_reciprocal_rank([rank for _, rank in ranks])
