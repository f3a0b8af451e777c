"""claims.imports.reading: every row is parsed and checked before anything is planned or written."""

import io

import pytest

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
