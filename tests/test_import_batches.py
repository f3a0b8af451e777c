"""The bulk import writes in batches: a bigger file costs no more queries, a failure anywhere in
the write (its last batch included) leaves nothing behind, and a terminal shows its progress."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import OperationalError, connection, transaction
from django.test.utils import CaptureQueriesContext

from claims import selectors, services
from claims.imports import bulk, import_file, planner
from claims.imports.rows import BATCH
from claims.models import Citation, Claim, Place, PlaceState, Source, Verification
from claims.synthetic import claims_csv

pytestmark = pytest.mark.django_db


def queries_to_import(rows: int, prefix: str) -> int:
    text = claims_csv(rows=rows, places=3, prefix=prefix)
    with CaptureQueriesContext(connection) as captured:
        report = import_file(io.StringIO(text), source_name=f"{prefix}.csv")
    assert report.ok, report.errors
    assert report.created == rows
    return len(captured)


def test_importing_more_rows_takes_no_more_queries(db):
    # Ten rows or forty (each with a claim, a source, a citation and their history rows, a
    # verdict on every tenth, three places): the same statements, each over more rows. The
    # sizes stay within one insert statement on SQLite (which allows 999 values in one) and one
    # IN list (world.CHUNK). The first file makes the two sides every file names, which the
    # other two then find on file.
    queries_to_import(20, "sides")
    assert queries_to_import(10, "small") == queries_to_import(40, "large")


def test_a_row_refused_in_the_last_batch_of_the_write_rolls_back_the_whole_file(db, monkeypatch):
    rows = BATCH * 2 + 10
    text = claims_csv(rows=rows, places=3, prefix="last")
    before = (Claim, Citation, Source, Verification, Place, PlaceState)
    counts = {model: model.objects.count() for model in before}
    history = Claim.history.count()
    refresh = services.refresh_place_states

    def refused_at_the_end(place_ids, **options):
        # The last step of the write, after every batch of every table went in.
        refresh(place_ids, **options)
        raise planner.Refused(rows + 1, ValueError("the database refused the last row"))

    monkeypatch.setattr(services, "refresh_place_states", refused_at_the_end)
    report = import_file(io.StringIO(text), source_name="last.csv")
    assert not report.ok
    assert report.errors == [(rows + 1, "the database refused the last row")]
    assert {model: model.objects.count() for model in before} == counts
    assert Claim.history.count() == history


def test_a_bad_last_row_is_reported_and_nothing_is_written(db):
    text = claims_csv(rows=BATCH + 5, places=3, prefix="bad")
    lines = text.rstrip("\r\n").split("\r\n")
    lines[-1] = lines[-1].replace("bad-place-", "Not A Slug ", 1)
    report = import_file(io.StringIO("\r\n".join(lines) + "\r\n"), source_name="bad.csv")
    assert not report.ok
    assert [line for line, _ in report.errors] == [len(lines)]
    assert not Claim.objects.filter(place__slug__startswith="bad-").exists()
    assert not Source.objects.filter(url__contains="bad").exists()


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_command_shows_its_progress_on_a_terminal_only(db, tmp_path, monkeypatch):
    path = tmp_path / "claims.csv"
    path.write_text(claims_csv(rows=30, places=3, prefix="shown"), encoding="utf-8")
    terminal = Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    call_command("import_claims", str(path), stdout=io.StringIO(), stderr=terminal)
    shown = terminal.getvalue()
    for phase in ("Reading", "Checking", "Writing"):
        assert phase in shown
    assert "30/30" in shown

    path.write_text(claims_csv(rows=30, places=3, prefix="hidden"), encoding="utf-8")
    piped = io.StringIO()
    monkeypatch.setattr("sys.stderr", piped)
    call_command("import_claims", str(path), stdout=io.StringIO(), stderr=piped)
    assert "Checking" not in piped.getvalue()


def test_an_import_commits_late_only_when_no_write_stamped_a_later_time_meanwhile(db):
    with transaction.atomic():
        services.begin_bulk_write()  # a write, so that the version has a time
    last = selectors.data_version()
    late_stamp = last.changed_at + timedelta(microseconds=1)
    with transaction.atomic():
        # The import's rows carry a moment already passed, but nothing was stamped after it.
        assert services.begin_bulk_write(stamp=late_stamp) is not None
    assert selectors.data_version().version == last.version + 1
    with transaction.atomic():
        # Now a write has (the one above): committing rows stamped before it would be out of order.
        assert services.begin_bulk_write(stamp=late_stamp) is None
    assert selectors.data_version().version == last.version + 1


@pytest.mark.postgres_only
def test_an_import_whose_commit_never_gets_the_lock_fails_and_writes_nothing(db, monkeypatch):
    def timed_out(**kwargs):
        raise OperationalError("canceling statement due to lock timeout")

    monkeypatch.setattr(bulk, "is_lock_timeout", lambda error: True)
    monkeypatch.setattr(services, "begin_bulk_write", timed_out)
    monkeypatch.setattr(bulk, "STAMP_AHEAD_S", 0)
    monkeypatch.setattr(bulk, "LOCK_BEFORE_STAMP_S", 0)
    with pytest.raises(OperationalError):
        import_file(io.StringIO(claims_csv(rows=5, prefix="late")), source_name="late.csv")
    assert not Claim.objects.filter(place__slug__startswith="late").exists()
