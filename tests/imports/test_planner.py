"""claims.imports.planner: a file is planned a batch of rows at a time (BATCH_ROWS), each batch
written before the next is planned, with the same statements whatever the file's size. Here
also batches of two rows, so that every kind of reference crosses a batch's edge."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.imports import import_file, planner
from claims.models import (
    Claim,
    Source,
)
from claims.synthetic import claims_csv
from tests.imports.samples import HEADER, demo_exported, one_row, snapshot

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


@pytest.fixture
def small_batches(monkeypatch):
    monkeypatch.setattr(planner, "BATCH_ROWS", 2)


def test_a_file_in_small_batches_imports_as_in_one(db, small_batches):
    # The demo's claims answer earlier ones, cite the same sources and name the same places,
    # actors and sides across many rows.
    text, original = demo_exported()
    report = import_file(io.StringIO(text), source_name="demo.csv")
    assert report.ok, report.errors
    assert report.created == len(original)
    assert snapshot() == original
    again = import_file(io.StringIO(text), source_name="demo.csv")
    assert (again.created, again.present) == (0, len(original))


def test_a_later_batch_finds_a_claim_again_and_completes_a_source(ukraine, small_batches):
    bare = {"citation_publishers": "", "citation_publisher_names": "", "citation_published_at": ""}
    rows = [
        one_row(**bare),
        one_row(**bare),  # the same claim: present
        one_row(stated_at="2024-02-18T00:00:00+00:00", citation_urls="https://example.org/2"),
        # The first row's source again, now with its publisher and publication time.
        one_row(stated_at="2024-02-19T00:00:00+00:00"),
    ]
    text = HEADER + "".join(row.removeprefix(HEADER) for row in rows)
    report = import_file(io.StringIO(text), source_name="batches.csv")
    assert report.ok, report.errors
    assert (report.created, report.present) == (3, 1)
    source = Source.objects.get(url="https://example.org/syrskyi")
    assert source.citations.count() == 2
    assert (source.publisher.slug, source.published_at.date().isoformat()) == (
        "reuters",
        "2024-02-17",
    )
    # Made by this file, so one history row, with what the file says of it in the end.
    assert [h.publisher_id for h in source.history.all()] == [source.publisher_id]
    assert Claim.objects.filter(place__slug="avdiivka").count() == 3
