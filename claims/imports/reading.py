"""What the two imports share around their own rules: reading and parsing every row, checking
what the rows refer to, then planning and writing (:mod:`claims.imports.bulk`).

Parsed rows wait in a temporary file, in the order they are planned in: a big file is held
neither as text nor as parsed rows, only as one small entry per row.
"""

import contextlib
import copyreg
import pickle
import tempfile
from array import array
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta

from django.db import DEFAULT_DB_ALIAS, connections

from claims.imports import bulk, common
from claims.imports.common import Report, RowError

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MICROSECOND = timedelta(microseconds=1)


def _moment(microseconds: int) -> datetime:
    return EPOCH + microseconds * MICROSECOND


def _reduce_moment(moment: datetime):
    """A UTC moment as a number: pickling ``UTC`` itself took a tenth of writing a row."""
    if moment.tzinfo is UTC:
        return _moment, ((moment - EPOCH) // MICROSECOND,)
    return moment.__reduce_ex__(pickle.HIGHEST_PROTOCOL)


_REDUCERS = {**copyreg.dispatch_table, datetime: _reduce_moment}


class Spool:
    """Parsed rows in a temporary file, read back in the order of their moment, then line."""

    def __init__(self, file):
        self.file = file
        self.moments = array("q")
        self.offsets = array("q")
        self.order: list[int] | None = None
        self.pickler = pickle.Pickler(file, protocol=pickle.HIGHEST_PROTOCOL)
        self.pickler.dispatch_table = _REDUCERS

    def add(self, moment: datetime, plan) -> None:
        self.offsets.append(self.file.seek(0, 2))
        self.pickler.dump(plan)
        # Each row is read back alone, so none may refer to an object pickled with another.
        self.pickler.clear_memo()
        self.moments.append(round(moment.timestamp() * 1_000_000))
        self.order = None

    def __len__(self) -> int:
        return len(self.offsets)

    def __iter__(self) -> Iterator:
        if self.order is None:
            # A stable sort: rows stated at the same moment keep the file's order.
            self.order = sorted(range(len(self.moments)), key=self.moments.__getitem__)
        for index in self.order:
            self.file.seek(self.offsets[index])
            yield pickle.load(self.file)


@contextlib.contextmanager
def _parameters_in_the_sql():
    """Client-side binding for the import's statements, where the web prepares repeated ones
    (claimtracker/env.py): an import runs each of its statements with other values and shapes,
    and 100,000 claims took 110 s with server-side binding against 101 s without."""
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.vendor != "postgresql" or not connection.features.uses_server_side_binding:
        yield
        return
    from django.db.backends.postgresql.base import Cursor as ClientBindingCursor

    connection.ensure_connection()
    raw = connection.connection
    kept = raw.cursor_factory, raw.prepare_threshold
    raw.cursor_factory, raw.prepare_threshold = ClientBindingCursor, None
    try:
        yield
    finally:
        raw.cursor_factory, raw.prepare_threshold = kept


@contextlib.contextmanager
def _compiled_moments():
    """Times read by psycopg's compiled loader, where Django's reads each in Python: reading
    back 100,000 claims and their verdicts spent a tenth of importing 100,000 verdicts there.
    Django's loader only relabels the session's time zone as its own, so the two agree
    whenever those are the same, which Django sees to on connecting."""
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.vendor != "postgresql":
        yield
        return
    import psycopg
    from django.db.backends.postgresql.psycopg_any import BaseTzLoader
    from psycopg import pq

    connection.ensure_connection()
    raw = connection.connection
    if raw.info.timezone != connection.timezone:
        yield
        return
    oid = psycopg.adapters.types["timestamptz"].oid
    kept = raw.adapters.get_loader(oid, pq.Format.TEXT)
    compiled = psycopg.adapters.get_loader(oid, pq.Format.TEXT)

    class CompiledLoader(BaseTzLoader):
        # Django registers its own loader again on a cursor whose loader's zone is not its.
        timezone = connection.timezone

        def __init__(self, oid, context=None):
            super().__init__(oid, context)
            self.load = compiled(oid, context).load

    raw.adapters.register_loader(oid, CompiledLoader)
    try:
        yield
    finally:
        raw.adapters.register_loader(oid, kept)


def import_rows(
    handle,
    *,
    columns,
    required,
    parse: Callable,
    moment: Callable,
    check: Callable[[Spool, Report], None],
    planner: Callable[[Spool, Report], object],
    dry_run: bool,
    progress,
) -> Report:
    """Parse every row of ``handle`` (``parse``), check what they refer to (``check``), then
    plan and write them in the order of ``moment`` with ``planner``'s rules; nothing is
    written unless every row is good."""
    report = Report()
    rows = common.read_file(handle, report, columns=columns, required=required)
    if rows is None:
        return report
    with tempfile.TemporaryFile() as file, _parameters_in_the_sql(), _compiled_moments():
        spool = Spool(file)
        bulk.phase(progress, "Reading")
        for row in rows:
            try:
                plan = parse(row.line, row.values)
                spool.add(moment(plan), plan)
            except RowError as error:
                report.errors.append((row.line, str(error)))
            if progress is not None:
                progress.update()
        if not report.errors:
            check(spool, report)
        if not report.errors:
            bulk.run(
                lambda trial: planner(spool, trial), report, dry_run=dry_run, progress=progress
            )
    report.errors.sort()
    return report
