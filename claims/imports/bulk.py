"""How the imports write a whole file without making every other write wait.

Every write takes the data version's lock (:func:`claims.services.writes._begin_write`) before its
first row and holds it to its commit, so that the times writes stamp on what they change follow
the order in which they commit: a sync client that has seen time T never meets an older change
later. An import that wrote row by row inside its transaction held that lock for minutes. Here
it runs in phases, and holds the lock only around its commit:

1. **Reading and checking**, row by row (the file is never held whole): every cell parsed, every
   slug looked up; all problems of all rows are reported and nothing is written.
2. **Planning and staging**, without locks (:mod:`claims.imports.planner`): the records the
   file names are read (:mod:`claims.imports.world`), and row by row, with the services' own
   rules (``claim_build``, ``check_verdict``, ``verification_build``, ``source_completion``,
   ``check_citations_distinct``, the models' ``full_clean``), everything the file creates is
   decided, on unsaved instances, a batch at a time. Each batch is written as soon as it is
   planned (:mod:`claims.imports.batches`): the catalogue records, sources, claims, citations,
   verdicts and the history rows a save would write go in with one ``COPY`` per table into
   temporary tables (:mod:`claims.imports.staging`; ``bulk_create`` into the real tables on
   SQLite), and only the keys later rows look up are kept, so memory does not grow with the
   file, nor the number of statements with a batch's size. Verdicts on claims already on file
   are staged the same way, the claims they judge read with their batch.
3. **Publishing**, in one transaction, without the version lock: one ``INSERT … SELECT`` per
   table moves the staged rows into the real ones; the claims on file that verdicts judged are
   settled a chunk at a time from the real tables; each touched place's picture is rebuilt
   once. New rows are invisible to others until the commit, so no other write waits for them;
   the rare changes to records already on file (an actor's organisation, a source's missing
   publisher, a verdict on a claim on file) lock only those rows, and are written the
   import's way, not through the services, which would take the version lock at once.
4. **Commit**, under the version lock, asked for a second before the stamp (a second more on
   each new attempt) and held until just after it, well under ``DATABASE_LOCK_TIMEOUT``: see
   :func:`run`.

Why the result is the one the import would have alone, and nothing else sees it half done:

- *All or nothing*: everything is one transaction; a refusal anywhere rolls all of it back.
- *Nobody's change is overwritten or ignored*: the plan read the world as it stood when the
  version said ``loaded_at``. Every write stamps what it changes at or after the version's
  change time, so :meth:`~claims.imports.world.World.changed_since` finds, by time, every
  change another write made since to a record the plan read (looked for once before the lock,
  then under it only for changes since that first look); a new record with a key the file also
  creates trips a unique constraint at insert. Either way the attempt is rolled back and the
  file planned again.
- *Time order is commit order*: every row is stamped with one moment a little ahead of the
  write (``stamp``); the version lock is taken just before ``stamp`` and the commit comes just
  after it. A write that committed before the import took its time before taking the lock,
  so before ``stamp``; a write after it takes the lock after the commit, so after ``stamp``.
  If the lock comes only after ``stamp`` (the publishing outlasted the time foreseen for it,
  or writers were queued for the lock), the import still commits when no write has committed
  a time at or after ``stamp`` meanwhile (the version's time says so); otherwise it publishes
  again from the same staged rows with twice the time, and asks for the lock a second
  earlier; the last attempt, in practice never reached, publishes under the lock, when other
  writers wait at most ``DATABASE_LOCK_TIMEOUT`` and are answered 503. On SQLite, whose
  transactions take its one write lock at their first write anyway, the import writes under
  the lock throughout.
"""

import time
from collections.abc import Callable
from datetime import datetime, timedelta

from django.db import IntegrityError, OperationalError, connection, transaction
from django.utils import timezone

from claims import selectors, services
from claims.errors import is_lock_timeout
from claims.imports import common
from claims.imports.common import Report, Rollback
from claims.imports.planner import Changed, Planner, Refused
from claims.imports.rows import check_references_now
from claims.imports.staging import Direct, Staging

# Plans made without the lock before one is made under it, and publications of one plan (see
# the module's docstring): with the time foreseen doubled each time, the last is in practice
# never reached.
ATTEMPTS = 4

# How far ahead of the publication an import stamps its rows: a margin, plus the time copying
# into the staging tables took times this, doubled on each new attempt. Time foreseen and not
# needed is spent waiting, without locks, for the stamp.
STAMP_AHEAD_S = 2
PUBLISH_PER_STAGE = 1

# The version lock is asked for this long before the stamp, times the attempt's number, and
# held until just after it: the writers queued for it go first, and stamp earlier times only
# if they are through before the stamp. Each holds it for a few dozen statements.
LOCK_BEFORE_STAMP_S = 1


class Late(Exception):
    """The lock came after the stamp and another write committed a later time meanwhile."""


def run(
    make_planner: Callable[[Report], Planner], report: Report, *, dry_run: bool, progress=None
) -> None:
    """Plan and stage without locks, publish in one transaction, and hold the version lock
    only around its commit (see the module's docstring); ``report`` gets the outcome of the
    attempt that counted.

    ``progress``, a progress bar, counts the rows planned, then shows the write.
    """
    for attempt in range(ATTEMPTS):
        trial = Report(rows=report.rows)
        planner = make_planner(trial)
        planner.progress = phase(progress, "Checking")
        try:
            if connection.vendor == "postgresql":
                _staged(planner, trial, dry_run, progress, locked=attempt == ATTEMPTS - 1)
            else:
                _direct(planner, trial, dry_run, progress)
        except Changed:
            continue
        except Rollback:
            pass
        except Refused as refused:
            trial.errors.append((refused.line, common.message(refused.error)))
        except IntegrityError as error:
            trial.errors.append((0, f"the database refused the file: {error}"))
        break
    report.created, report.present = trial.created, trial.present
    report.created_records = trial.created_records
    report.errors.extend(trial.errors)


def phase(progress, name: str, *, done: bool = False):
    """Start the phase ``name`` on the progress bar (if any): counting from none, or done."""
    if progress is not None:
        progress.reset(total=progress.total)
        progress.set_description(name)
        if done:
            progress.update(progress.total)
    return progress


def _direct(planner: Planner, trial: Report, dry_run: bool, progress) -> None:
    """SQLite: everything in one transaction, which holds the database's write lock."""
    with transaction.atomic():
        services.limit_lock_waits()
        now = services.begin_bulk_write()
        planner.sink = Direct(now)
        planner.prepare()
        if trial.errors:
            raise Rollback
        phase(progress, "Writing", done=True)
        planner.finish(now)
        services.touch_places(planner.touched | planner.shown)
        if dry_run:
            raise Rollback


def _staged(planner: Planner, trial: Report, dry_run: bool, progress, *, locked: bool) -> None:
    """PostgreSQL: plan and stage without locks, then publish in one transaction, again with
    more time if the lock came late; the staging tables go in the end, whatever happened."""
    planner.sink = sink = Staging()
    try:
        planner.prepare()
        if trial.errors:
            return
        phase(progress, "Writing", done=True)
        for attempt in range(ATTEMPTS):
            try:
                with transaction.atomic():
                    services.limit_lock_waits()
                    if locked or attempt == ATTEMPTS - 1:
                        now = services.begin_bulk_write()
                        sink.publish(now)
                        planner.finish(now)
                        services.touch_places(planner.touched | planner.shown)
                    else:
                        ahead = STAMP_AHEAD_S + PUBLISH_PER_STAGE * sink.seconds * 2**attempt
                        _write_ahead(planner, timezone.now() + timedelta(seconds=ahead), attempt)
                    if dry_run:
                        raise Rollback
                return
            except Late:
                continue
            except OperationalError as error:
                if not is_lock_timeout(error) or locked or attempt == ATTEMPTS - 1:
                    raise
    finally:
        sink.drop()


def _write_ahead(planner: Planner, stamp: datetime, attempt: int) -> None:
    try:
        planner.sink.publish(stamp)
        planner.finish(stamp)
        check_references_now()
    except IntegrityError:
        raise Changed from None  # another write just made a record the file makes
    # Others' changes since the plan are looked for twice: all of them before the lock, and
    # under it only those since that first look, which are few.
    looked_at = selectors.data_version().changed_at
    if planner.world.changed_since(planner.loaded_at, planner, stamp):
        raise Changed
    _sleep_until(stamp - timedelta(seconds=LOCK_BEFORE_STAMP_S * (attempt + 1)))
    places = planner.touched | planner.shown
    if services.begin_bulk_write(stamp=stamp, places=places) is None:
        raise Late  # the write or the queue took longer than foreseen; another stamped later
    if planner.world.changed_since(looked_at, planner, stamp):
        raise Changed
    _sleep_until(stamp)


def _sleep_until(moment: datetime) -> None:
    pause = (moment - timezone.now()).total_seconds()
    if pause > 0:
        time.sleep(pause)
