"""The SQLite half of search/backends.py (see there): importable only on SQLite with FTS5, where
Wagtail defines the full-text table's model."""

from django.db.models import F, FloatField, Func
from modelsearch.backends.database.sqlite import sqlite
from modelsearch.backends.database.sqlite.query import normalize
from modelsearch.index import SearchField
from modelsearch.query import MatchAll, Not

# Fields with at least this boost count as titles (Wagtail's Page.title has boost=2).
TITLE_BOOST = 2
# How much a match in the title fields counts against one in the body (tuned on the relevance
# test set, tests/search/relevance.toml).
TITLE_WEIGHT = 2.0
TITLES_TABLE = "portal_search_titles"


class BodyBM25(Func):
    """FTS5's ``bm25()`` of the matched row with only the ``body`` column weighted (the columns
    are autocomplete, body, title): the body's part of the score."""

    output_field = FloatField()

    def as_sql(self, compiler, connection, **extra_context):
        return f"bm25({sqlite.SQLiteFTSIndexEntry._meta.db_table}, 0.0, 1.0, 0.0)", []


class TitleBM25(Func):
    """The BM25 of the row's title fields against the titles alone (0 when they do not match):
    a correlated look-up in ``portal_search_titles`` by the row's id."""

    output_field = FloatField()

    def __init__(self, search_query):
        super().__init__(F("pk"))
        self.search_query = search_query

    def as_sql(self, compiler, connection, **extra_context):
        rowid, params = compiler.compile(self.source_expressions[0])
        sql, query_params = compiler.compile(self.search_query)
        match = sql % tuple(query_params)  # as Wagtail's MatchExpression builds its MATCH string
        table = TITLES_TABLE
        return (
            f"COALESCE((SELECT bm25({table}) FROM {table} WHERE {table} MATCH %s"  # noqa: S608
            f" AND {table}.rowid = {rowid}), 0.0)",  # our table's name and a compiled column
            [match, *params],
        )


def is_title_field(field):
    return isinstance(field, SearchField) and (
        field.field_name == "title" or (field.boost or 0) >= TITLE_BOOST
    )


class BoostedObjectIndexer(sqlite.ObjectIndexer):
    """Wagtail's SQLite indexer, with every field boosted to ``TITLE_BOOST`` or more (subjects)
    in the title column instead of the body."""

    def _texts(self, wanted):
        return " ".join(
            value
            for field in self.search_fields
            for current, value in self.prepare_field(self.obj, field)
            if isinstance(current, SearchField) and is_title_field(current) == wanted
        )

    @property
    def title(self):
        return self._texts(True)

    @property
    def body(self):
        return self._texts(False)


class BoostedSQLiteIndex(sqlite.SQLiteIndex):
    def add_items(self, model, objs):
        """Wagtail's ``SQLiteIndex.add_items`` with ``BoostedObjectIndexer``: update the entries
        that exist, create the others, then refresh the title norms."""
        if not model.get_search_fields() or not objs:
            return
        content_type_pk = sqlite.get_content_type_pk(model)
        data = {}
        for obj in objs:
            indexer = BoostedObjectIndexer(obj, self.backend)
            data[indexer.id] = {
                "title": indexer.title,
                "autocomplete": indexer.autocomplete,
                "body": indexer.body,
            }
        entries = self.entries.filter(content_type_id=content_type_pk)
        existing = set(entries.filter(object_id__in=data).values_list("object_id", flat=True))
        for object_id in existing:
            entries.filter(object_id=object_id).update(**data[object_id])
        self.entries.bulk_create(
            sqlite.IndexEntry(content_type_id=content_type_pk, object_id=object_id, **fields)
            for object_id, fields in data.items()
            if object_id not in existing
        )
        self._refresh_title_norms()


class WeightedSQLiteQueryCompiler(sqlite.SQLiteSearchQueryCompiler):
    def _build_rank_expression(self, vectors, config):
        # Wagtail's SQLite rank is title_norm × bm25(row) + bm25(row), the same bm25 twice.
        query = normalize(self.query)
        if isinstance(query, Not):  # the backend matches the inner query, then excludes it
            query = query.subquery
        if isinstance(query, MatchAll):
            return BodyBM25()
        search_query = self.build_search_query(query, config=config)
        return TITLE_WEIGHT * TitleBM25(search_query) + BodyBM25()


class TitleRankedAutocompleteCompiler(sqlite.SQLiteAutocompleteQueryCompiler):
    def _build_rank_expression(self, vectors, config):
        # Rank what starts with the typed words by the title fields alone, not by bm25() of the
        # whole row (which would put every page with a long body last).
        query = normalize(self.query)
        if isinstance(query, (Not, MatchAll)):
            return super()._build_rank_expression(vectors, config)
        return TitleBM25(self.build_search_query(query, config=config))


class PortalSQLiteSearchBackend(sqlite.SQLiteSearchBackend):
    query_compiler_class = WeightedSQLiteQueryCompiler
    autocomplete_query_compiler_class = TitleRankedAutocompleteCompiler
    index_class = BoostedSQLiteIndex
    LOWER_SCORE_IS_BETTER = True
