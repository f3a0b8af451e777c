"""How a value is written in a CSV cell (claims.formats.cells): formulas neutralised and read
back, times in one UTC form, and each SQL twin writing what its Python function writes."""

from datetime import UTC, datetime, timedelta, timezone

import orjson
import pytest
from django.db import connection

from claims.choices import Control
from claims.control import describe
from claims.formats import cells

KYIV_WINTER = timezone(timedelta(hours=2))
TEXTS = [
    '=HYPERLINK("http://evil")',
    "+380 44 000 0000",
    "-50% of the town",
    "@SUM(A1)",
    "\tindented",
    "'quoted",
    "''twice",
    "'",
    "Бахмут: ще наш",
    "a = b",
    "",
]
MOMENTS = [
    datetime(2023, 1, 13, 9, 0, tzinfo=UTC),
    datetime(2023, 1, 14, 10, 30, 15, 250, tzinfo=UTC),
    datetime(2023, 1, 14, 0, 0, 0, 1, tzinfo=KYIV_WINTER),
    datetime(1900, 1, 1, tzinfo=UTC),
]


@pytest.mark.parametrize("text", TEXTS)
def test_a_cell_is_never_a_formula_and_reads_back_as_written(text):
    written = cells.spreadsheet_safe(text)
    assert not written.startswith(cells.FORMULA_STARTS[:-1])
    assert cells.from_spreadsheet(written) == text


def test_only_text_a_spreadsheet_would_run_is_changed():
    assert cells.spreadsheet_safe("Soledar") == "Soledar"
    assert cells.spreadsheet_safe("=1+1") == "'=1+1"
    assert cells.from_spreadsheet("'Soledar") == "'Soledar"  # an apostrophe the author typed


def test_every_time_is_utc_to_the_microsecond():
    moment = datetime(2023, 1, 13, 20, 0, tzinfo=KYIV_WINTER)
    assert cells.csv_time(moment) == "2023-01-13T18:00:00.000000+00:00"
    assert cells.csv_time(None) == ""


def test_several_values_are_a_line_each():
    assert cells.lines(["https://a.example/1", "https://a.example/2"]) == (
        "https://a.example/1\nhttps://a.example/2"
    )
    assert cells.lines([]) == ""


def test_a_literal_escapes_quotes_and_the_parameter_sign():
    assert cells.literal("it's 50%") == "'it''s 50%%'"


def select(expression: str, *values):
    """``expression`` over ``v`` (and ``w``): the values given, as parameters."""
    with connection.cursor() as cursor:
        columns = ", ".join(f"%s AS {name}" for name in "vw"[: len(values)])
        cursor.execute(f"SELECT {expression} FROM (SELECT {columns}) AS given", values)
        return cursor.fetchone()[0]


@pytest.mark.django_db
@pytest.mark.postgres_only
@pytest.mark.parametrize("text", TEXTS)
def test_sql_neutralises_formulas_as_python_does(text):
    assert select(cells.safe_sql("v::text"), text) == cells.spreadsheet_safe(text)


@pytest.mark.django_db
@pytest.mark.postgres_only
@pytest.mark.parametrize("moment", [*MOMENTS, None])
def test_sql_writes_csv_times_as_python_does(moment):
    assert select(cells.csv_time_sql("v::timestamptz"), moment) == cells.csv_time(moment)


@pytest.mark.django_db
@pytest.mark.postgres_only
@pytest.mark.parametrize("moment", MOMENTS)
def test_sql_writes_api_times_as_orjson_does(moment):
    # The database gives times in UTC, which the API writes through orjson.
    expected = orjson.dumps(moment.astimezone(UTC), option=orjson.OPT_UTC_Z).decode().strip('"')
    assert select(cells.api_time_sql("v::timestamptz"), moment) == expected


@pytest.mark.django_db
@pytest.mark.postgres_only
@pytest.mark.parametrize("control", [*Control.values, None])
@pytest.mark.parametrize("side", ["Russia", None])
def test_sql_describes_control_as_python_does(side, control):
    assert select(cells.describe_sql("v::text", "w::text"), control, side) == describe(
        side, control
    )
