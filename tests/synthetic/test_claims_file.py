"""Synthetic claims files (claims.synthetic.claims_file): the import's own format, the same file
for the same seed, files with different prefixes kept apart, a verdict on one row in ten."""

import csv
import io

import pytest

from claims.formats import claims as spec
from claims.imports import import_file
from claims.models import Claim, Place, Verification
from claims.synthetic import claims_csv

pytestmark = pytest.mark.django_db


def rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


def test_the_same_seed_gives_the_same_file_and_another_seed_another():
    assert claims_csv(rows=30, seed=4) == claims_csv(rows=30, seed=4)
    assert claims_csv(rows=30, seed=4) != claims_csv(rows=30, seed=5)


def test_every_column_is_one_the_importer_reads():
    header = next(csv.reader(io.StringIO(claims_csv(rows=1))))
    assert set(header) <= set(spec.CSV.names)


def test_one_row_in_ten_carries_a_verdict_and_the_places_stay_within_the_number_asked():
    made = rows(claims_csv(rows=40, places=3))
    assert [row["id"] for row in made if row["status"]] == ["1", "11", "21", "31"]
    assert all(row["status_decided_at"] > row["stated_at"] for row in made if row["status"])
    assert {row["place"] for row in made} <= {f"synthetic-place-{n}" for n in range(3)}


def test_files_with_different_prefixes_import_side_by_side(db):
    for prefix in ("first", "second"):
        report = import_file(
            io.StringIO(claims_csv(rows=12, places=2, prefix=prefix)), source_name=f"{prefix}.csv"
        )
        assert report.ok, report.errors
        assert report.created == 12
    assert Claim.objects.count() == 24
    assert Place.objects.filter(slug__startswith="first-").count() == 2
    assert Place.objects.filter(slug__startswith="second-").count() == 2
    # Rows 1 and 11 of each file carry a verdict beside the first, unreviewed, verification.
    assert Verification.objects.exclude(status="unreviewed").count() == 2 * 2
