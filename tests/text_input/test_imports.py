"""Text through the CSV import: bad text is refused naming the line and the column."""

import csv
import io

import pytest

from claims import exports
from claims.imports import import_file
from claims.models import Claim
from claims.models.claims import QUOTE_MAX_LENGTH, SUMMARY_MAX_LENGTH
from claims.models.verifications import RATIONALE_MAX_LENGTH
from claims.representations import Links
from tests.text_input.rules import CONTROL, acceptable, written

pytestmark = pytest.mark.django_db


def import_row(world: Claim, **cells) -> list[tuple[int, str]]:
    """Import the world's claim as exported, with ``cells`` changed; the errors reported."""
    chunks = exports.csv_chunks(Claim.objects.filter(pk=world.pk), Links("http://testserver/"))
    header, row = csv.reader(io.StringIO("".join(chunks).removeprefix("\ufeff"), newline=""))
    fresh = {
        "place": "new-town",
        "claimant": "new-voice",
        "claimant_side": "new-side",
        "claimant_side_name": "New side",
    }
    for column, value in {**fresh, **cells}.items():
        row[header.index(column)] = value
    handle = io.StringIO(newline="")
    csv.writer(handle).writerows([header, row])
    handle.seek(0)
    return import_file(handle, source_name="test.csv").errors


def test_the_import_row_here_is_accepted_as_it_stands(world):
    assert import_row(world) == []
    assert Claim.objects.filter(place__slug="new-town").exists()


IMPORT_COLUMNS = [
    ("place", 200),
    ("place_name", 200),
    ("region", 200),
    ("region_name", 200),
    ("claimant", 200),
    ("claimant_name", 200),
    ("claimant_side", 100),
    ("claimant_side_name", 100),
    ("side", 100),
    ("side_name", 100),
    ("quote", QUOTE_MAX_LENGTH),
    ("language", 20),
    ("summary", SUMMARY_MAX_LENGTH),
    ("status_rationale", RATIONALE_MAX_LENGTH),
    ("citation_urls", 1000),
    ("citation_titles", 300),
]


@pytest.mark.parametrize(("column", "max_length"), IMPORT_COLUMNS)
def test_an_import_row_with_bad_text_is_refused_naming_line_and_column(world, column, max_length):
    before = written()
    base = "https://news.example.org/a" if column == "citation_urls" else "ok"
    for value in (f"{base}{CONTROL}b", f"{base}\x85b", f"{base}\ufffe", base + "x" * max_length):
        errors = import_row(world, **{column: value})
        assert len(errors) == 1, (column, value, errors)
        line, message = errors[0]
        assert line == 2
        assert message.startswith(f"{column}: "), message
        assert acceptable(message, max_length=500, single_line=True), message
    assert written() == before


def test_a_file_that_is_not_utf8_is_refused_not_fatal(db):
    handle = io.TextIOWrapper(io.BytesIO(b"id,place\n\xff\xfe\n"), encoding="utf-8", newline="")
    errors = import_file(handle, source_name="test.csv").errors
    assert errors == [(0, "not UTF-8 text (invalid start byte)")]
