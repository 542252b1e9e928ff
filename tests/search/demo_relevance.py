"""The relevance test set (relevance.toml) over the seeded demo: every query's page among the first
three results, on SQLite and (DATABASE_URL=postgres://…) on PostgreSQL alike. Run by
tests/test_seed_demo.py on its seeded demo (the demo is slow to build, so it is built once for every
check made on it); `make bench` prints the mean reciprocal rank (bench/relevance.py)."""

from wagtail.contrib.search_promotions.models import Query, SearchPromotion

from liaison_pages.models import GuidePage
from search.site_search import site_search

from .relevance import TOP, evaluate, load_cases


class RelevanceChecks:
    """Mixed into the seeded demo's TestCase (tests/test_seed_demo.py)."""

    def test_relevance_every_query_finds_its_page_in_the_top_three(self):
        ranks, mrr = evaluate()
        missed = [f"{case} (rank {rank})" for case, rank in ranks if not rank or rank > TOP]
        print(f"\nrelevance: MRR {mrr:.3f} over {len(ranks)} queries")  # shown with pytest -s
        self.assertEqual(missed, [], f"MRR {mrr:.3f}")

    def test_relevance_set_covers_every_kind_of_query(self):
        kinds = {case.kind for case in load_cases()}
        self.assertGreaterEqual(len(load_cases()), 25)
        self.assertEqual(
            kinds, {"subject", "name", "guide", "service", "misspelling", "plural", "phrase"}
        )

    def test_relevance_a_subjects_librarian_comes_first_then_its_guide(self):
        results = site_search("chemistry").page.object_list
        self.assertEqual(
            [r.title for r in results[:2]], ["Ada Byrne", "Chemistry: finding articles and data"]
        )

    def test_relevance_a_misspelt_query_says_what_was_searched_instead(self):
        html = self.client.get("/search/?q=chemestry").content.decode()
        self.assertIn("Nothing matched “chemestry”", html)
        self.assertIn("results for “<strong>chemistry</strong>”", html)
        self.assertIn("Ada Byrne", html)

    def test_relevance_best_bets_show_above_the_results(self):
        guide = GuidePage.objects.get(slug="planning-a-literature-search")
        SearchPromotion.objects.create(
            query=Query.get("Chemistry"), page=guide, description="Start every search here."
        )
        html = self.client.get("/search/?q=chemistry").content.decode()
        bets = html.index("Best bets")
        self.assertLess(bets, html.index(guide.url), html)
        self.assertLess(html.index(guide.url), html.index("results for"))
        self.assertIn("Start every search here.", html)
        self.assertNotIn("Best bets", self.client.get("/search/?q=physics").content.decode())
