"""The portal's search backend: Wagtail's database backend, with field boosts on SQLite too.

``WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backends"}}`` picks, like Wagtail's
``wagtail.search.backends.database``, the backend for the default database. PostgreSQL gets
Wagtail's own: it ranks the title and the body vectors apart (``ts_rank(title) × title_norm +
ts_rank(body)``) and weights each field by its ``boost`` (tsvector weights A–D).

SQLite gets Wagtail's FTS5 backend with what it lacks for that: it ignores ``boost`` (every field
but the title goes to one ``body`` column) and ranks with one ``bm25()`` over the whole row, which
divides every match, even one in the title, by the length of the whole row, so a guide with a long
body sinks below a short page that mentions the words once. Here:

- the *title fields*, those boosted to ``TITLE_BOOST`` or more (a page's title, its subjects), are
  indexed in the ``title`` column, every other field in ``body``;
- the title fields are also kept in a table of their own, ``portal_search_titles`` (migration 0002
  of this app, filled by triggers on Wagtail's index entries), so they get a BM25 of their own,
  measured against titles only;
- the score is ``TITLE_WEIGHT × bm25(titles) + bm25(body)``: the same shape as PostgreSQL's.

SQLite's scores keep Wagtail's convention there: ``bm25()`` is a cost, the best match has the
lowest (most negative) score and the backend orders ascending (``LOWER_SCORE_IS_BETTER``).
Stemming on SQLite ("review" finds "reviews") comes from the porter tokenizer of both full-text
tables (same migration).
"""

from django.db import connection
from modelsearch.backends.database import SearchBackend as DatabaseSearchBackend
from modelsearch.backends.database.fallback import DatabaseSearchBackend as FallbackBackend


def SearchBackend(params):  # noqa: N802 - the name Wagtail looks up in a backend module
    backend = DatabaseSearchBackend(params)
    if connection.vendor == "sqlite" and not isinstance(backend, FallbackBackend):
        # Importable only where Wagtail chose its FTS5 backend (which defines the table's model).
        from .sqlite_backend import PortalSQLiteSearchBackend

        return PortalSQLiteSearchBackend(params)
    return backend
