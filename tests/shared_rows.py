"""Rows many tests only read, built once for a module (or a class) instead of once per test.

In a module- or class-scoped fixture that takes ``django_db_setup`` and ``django_db_blocker``::

    yield from built_once(django_db_blocker, build)

``build()`` runs in an outer transaction that stays open until the last test of the scope and is
then rolled back. Each test's own ``db`` opens a savepoint inside it, so the rows are there in
every test and what one test writes is undone before the next. Tests get the built objects through
``per_test_copy``, so that changing one in memory does not leak either (as Django's
``setUpTestData`` does). Not for transactional tests (``transaction=True``, ``live_server``): they
would commit and empty the tables under the outer transaction.
"""

import copy
import sys

from django.db import transaction


def built_once(django_db_blocker, build):
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            built = build()
        except BaseException:
            transaction.set_rollback(True)
            atomic.__exit__(*sys.exc_info())
            raise
    try:
        yield built
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def per_test_copy(built):
    """A test's own copy of what ``built_once`` built."""
    return copy.deepcopy(built)
