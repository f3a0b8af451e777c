"""Where an import's rows wait while the file is planned, batch by batch (see
:mod:`claims.imports.bulk`).

On PostgreSQL each batch is copied into temporary tables shaped like the real ones (private to
the import's connection, no indexes, no triggers, nothing for other writes to wait on), with
the ids the real tables' sequences give, so later rows can refer to them, and with
:data:`PENDING` wherever the write's moment goes, which is not known yet. At the end
:meth:`Staging.publish` moves every table's rows into the real one with one ``INSERT …
SELECT`` each, now with that moment, inside the short transaction that commits them. The
import's memory then holds one batch at a time, not the file.

On SQLite, whose transactions hold its one write lock from their first write, the rows go
straight into the real tables, with the moment the write took at its start (:class:`Direct`).
"""

from datetime import UTC, datetime

from django.db import connection, models
from psycopg import pq

from claims.models import Verification

# Stands for the write's moment in staged rows: no row a file or a service writes carries it
# (every time is checked to fall within the years claims.inputs allows).
PENDING = datetime(1, 1, 1, 0, 0, 0, 1, tzinfo=UTC)


class Direct:
    """Rows written into the real tables, stamped ``stamp``."""

    staged = False

    def __init__(self, stamp: datetime):
        self.stamp = stamp
        self.seconds = 0.0

    def table(self, model) -> str:
        return model._meta.db_table

    def publish(self, stamp: datetime) -> None:
        pass

    def drop(self) -> None:
        pass


class Staging:
    """Temporary tables, one for each real table the import writes, made as first needed,
    outside any transaction (a plan's attempt may be repeated; the import drops them)."""

    staged = True
    stamp = PENDING

    def __init__(self):
        self.tables: dict[str, type[models.Model]] = {}  # in the order first written
        # Time spent copying into them: how long moving them into the real tables may take.
        self.seconds = 0.0

    def table(self, model) -> str:
        name = f"import_{model._meta.db_table}"
        if name not in self.tables:
            quote = connection.ops.quote_name
            real, pk = model._meta.db_table, model._meta.pk.column
            with connection.cursor() as cursor:
                # Inside a caller's transaction, a failure can leave it unable to run the
                # drop: its end, commit or rollback, drops them then.
                ending = " ON COMMIT DROP" if connection.in_atomic_block else ""
                cursor.execute(
                    f"CREATE TEMPORARY TABLE {quote(name)} "
                    f"(LIKE {quote(real)} INCLUDING DEFAULTS){ending}"
                )
                # Ids the real table would give (history rows are copied without them).
                cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [real, pk])
                sequence = cursor.fetchone()[0].replace("'", "''")
                cursor.execute(
                    f"ALTER TABLE {quote(name)} ALTER COLUMN {quote(pk)} "
                    f"SET DEFAULT nextval('{sequence}'::regclass)"
                )
            self.tables[name] = model
        return name

    def publish(self, stamp: datetime) -> None:
        """Every staged row into its real table, with ``stamp`` for :data:`PENDING`."""
        quote = connection.ops.quote_name
        # A claim carrying a verdict's status may only be inserted after the verdict (a trigger
        # checks it, claims.migrations.0010); the references wait, as they do by default.
        tables = sorted(self.tables.items(), key=lambda table: table[1] is not Verification)
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            for name, model in tables:
                fields = model._meta.concrete_fields
                values = [
                    f"CASE WHEN {quote(f.column)} = %(pending)s THEN %(stamp)s "
                    f"ELSE {quote(f.column)} END"
                    if isinstance(f, models.DateTimeField)
                    else quote(f.column)
                    for f in fields
                ]
                cursor.execute(
                    f"INSERT INTO {quote(model._meta.db_table)} "
                    f"({', '.join(quote(f.column) for f in fields)}) "
                    f"SELECT {', '.join(values)} FROM {quote(name)}",
                    {"pending": PENDING, "stamp": stamp},
                )

    def drop(self) -> None:
        """Drop the tables. Made outside a transaction, they are dropped here whatever failed
        (a failed write's transaction is over by then); made inside a caller's transaction
        that a failure left unusable, they go at its end (``ON COMMIT DROP``), and a lost
        connection took them with its session."""
        usable = connection.connection is not None and (
            connection.connection.info.transaction_status != pq.TransactionStatus.INERROR
        )
        if self.tables and usable:
            quote = connection.ops.quote_name
            with connection.cursor() as cursor:
                cursor.execute(f"DROP TABLE IF EXISTS {', '.join(map(quote, self.tables))}")
        self.tables = {}
