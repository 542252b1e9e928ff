"""Database expressions the portal's apps share, written for both databases it runs on."""

from django.db import NotSupportedError
from django.db.models import FloatField, Func


class Seconds(Func):
    """Seconds from the second datetime to the first, as a float, in the database's own arithmetic
    (SQLite's ``julianday``, PostgreSQL's ``EXTRACT(EPOCH …)``): ordering or storing thousands of
    waits runs no Python per row. Deterministic for columns, so it may define a generated column
    (``inbox.Message.response_seconds``)."""

    output_field = FloatField()
    arity = 2

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            template="((julianday(%(expressions)s)) * 86400.0)",
            arg_joiner=") - julianday(",
            **extra,
        )

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            template="EXTRACT(EPOCH FROM (%(expressions)s))::double precision",
            arg_joiner=" - ",
            **extra,
        )

    def as_sql(self, compiler, connection, **extra):
        if "template" not in extra:
            raise NotSupportedError("Seconds supports SQLite and PostgreSQL.")
        return super().as_sql(compiler, connection, **extra)
