"""claims.imports.reading: every row is parsed and checked before anything is planned or written."""

import csv
import io
from datetime import UTC, datetime, timedelta, timezone

import pytest
from django.db import connection

from claims.imports import import_file
from claims.imports.rows import BATCH
from claims.models import (
    Claim,
    Source,
)
from claims.synthetic import claims_csv

pytestmark = pytest.mark.django_db


def test_a_bad_last_row_is_reported_and_nothing_is_written(db):
    text = claims_csv(rows=BATCH + 5, places=3, prefix="bad")
    lines = text.rstrip("\r\n").split("\r\n")
    lines[-1] = lines[-1].replace("bad-place-", "Not A Slug ", 1)
    report = import_file(io.StringIO("\r\n".join(lines) + "\r\n"), source_name="bad.csv")
    assert not report.ok
    assert [line for line, _ in report.errors] == [len(lines)]
    assert not Claim.objects.filter(place__slug__startswith="bad-").exists()
    assert not Source.objects.filter(url__contains="bad").exists()


@pytest.mark.postgres_only
def test_an_import_binds_its_values_in_the_sql_and_the_web_setting_comes_back(monkeypatch):
    """Web reads prepare what they repeat (claimtracker/env.py); an import's statements are not
    worth preparing, and it ran 8% slower with its values sent apart."""
    from claims.imports import reading

    connection.ensure_connection()
    raw = connection.connection
    web = raw.cursor_factory
    assert web.__name__ == "ServerBindingCursor"
    seen = []
    real = reading.bulk.run

    def run(*args, **kwargs):
        seen.append(raw.cursor_factory.__name__)
        return real(*args, **kwargs)

    monkeypatch.setattr(reading.bulk, "run", run)
    report = import_file(io.StringIO(claims_csv(rows=3, places=1, prefix="bound")), source_name="b")
    assert report.ok, report.errors
    assert seen == ["Cursor"]
    assert raw.cursor_factory is web
    assert Claim.objects.filter(place__slug__startswith="bound-").count() == 3


def test_the_spool_gives_rows_back_by_moment_then_line_with_their_times_intact(tmp_path):
    """Moments are spooled as numbers: the first, the last and a microsecond survive, and a
    time that is not in UTC keeps its own offset."""
    from claims.imports.reading import Spool

    kyiv = timezone(timedelta(hours=2))
    first = {"at": datetime(1900, 1, 1, tzinfo=UTC), "other": datetime(2023, 1, 13, tzinfo=kyiv)}
    last = {"at": datetime(2199, 12, 31, 23, 59, 59, 999999, tzinfo=UTC), "other": None}
    same = {"at": datetime(2023, 1, 13, 5, 6, 7, 123456, tzinfo=UTC), "line": 1}
    again = {"at": same["at"], "line": 2}
    with (tmp_path / "spool").open("w+b") as file:
        spool = Spool(file)
        for row in (last, same, again, first):
            spool.add(row["at"], row)
        back = list(spool)
    assert back == [first, same, again, last]
    assert back[0]["at"].tzinfo is UTC
    assert back[0]["other"].utcoffset() == timedelta(hours=2)


def test_a_good_file_is_read_back_once_and_a_bad_reference_names_its_line(spool_passes):
    """The reference check reads the rows back only when the file names something unknown."""
    good = claims_csv(rows=4, places=2, prefix="once")
    assert import_file(io.StringIO(good), source_name="good.csv").ok
    assert spool_passes == [4]

    spool_passes.clear()
    rows = list(csv.DictReader(io.StringIO(claims_csv(rows=4, places=2, prefix="twice"))))
    # No name given: nothing to create the place from.
    rows[2].update(place="unknown-place", place_name="")
    bad = io.StringIO()
    writer = csv.DictWriter(bad, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    report = import_file(io.StringIO(bad.getvalue()), source_name="bad.csv")
    assert spool_passes == [4]
    assert [line for line, _ in report.errors] == [4]
    assert "no place “unknown-place”" in report.errors[0][1]


@pytest.mark.postgres_only
def test_an_import_reads_times_as_django_does_and_djangos_reader_comes_back():
    """Inside an import psycopg's compiled loader reads times; they are the same moments,
    labelled UTC as Django labels them."""
    import psycopg
    from psycopg import pq

    from claims.imports import reading

    import_file(io.StringIO(claims_csv(rows=3, places=1, prefix="moment")), source_name="m")
    columns = ("stated_at", "effective_at", "recorded_at", "updated_at")
    expected = list(Claim.objects.order_by("pk").values_list(*columns))
    oid = psycopg.adapters.types["timestamptz"].oid
    django_loader = connection.connection.adapters.get_loader(oid, pq.Format.TEXT)
    with reading._compiled_moments():
        loader = connection.connection.adapters.get_loader(oid, pq.Format.TEXT)
        inside = list(Claim.objects.order_by("pk").values_list(*columns))
    assert loader is not django_loader
    assert inside == expected
    assert {moment.tzinfo for row in inside for moment in row} == {UTC}
    assert connection.connection.adapters.get_loader(oid, pq.Format.TEXT) is django_loader
