"""claims.imports.common: the header is checked at once, line numbers count multi-line cells,
and every problem of a row is reported."""

import io

import pytest

from claims.imports import import_file
from tests.imports.samples import (
    export_text,
    line_of,
    rows_of,
    text_of,
)

pytestmark = pytest.mark.django_db


def test_a_wrong_header_is_refused(db):
    report = import_file(io.StringIO("id,place,verb\r\n1,soledar,captured\r\n"), source_name="x")
    assert report.errors[0][0] == 1
    assert "missing" in report.errors[0][1]


def test_line_numbers_count_multi_line_cells(demo_data):
    rows = rows_of(export_text())
    col = rows[0].index
    for row in rows[1:]:
        row[col("place")] = f"other-{row[col('place')]}"
    rows[1][col("quote")] = "first line\nsecond line\nthird line"
    rows[2][col("verb")] = "annexed"
    report = import_file(io.StringIO(text_of(rows)), source_name="lines.csv")
    assert report.errors[0][0] == line_of(rows, 2)
    assert line_of(rows, 2) >= 4  # the header, then a record of at least three lines
