"""Moments read as precisely as they are known, in the reader's language and time zone."""

from datetime import UTC, datetime

import pytest
from django.utils import translation

from claims.choices import Precision
from claims.formatting import format_moment, part_of_day, short_date

MOMENT = datetime(2023, 1, 13, 19, 5, tzinfo=UTC)


@pytest.mark.parametrize(
    ("hour", "part"),
    [
        (4, "night"),
        (5, "morning"),
        (11, "morning"),
        (12, "afternoon"),
        (16, "afternoon"),
        (17, "evening"),
        (21, "evening"),
        (22, "night"),
        (0, "night"),
    ],
)
def test_the_day_splits_into_four_parts(hour, part):
    assert part_of_day(hour) == part


@pytest.mark.parametrize(
    ("precision", "text"),
    [
        (Precision.EXACT, "13 Jan 2023, 19:05 UTC"),
        (Precision.DAY, "13 Jan 2023"),
        (Precision.MONTH, "Jan 2023"),
        (Precision.APPROXIMATE, "around the evening of 13 Jan 2023"),
    ],
)
def test_a_moment_says_no_more_than_is_known(precision, text):
    with translation.override("en"):
        assert format_moment(MOMENT, precision) == text


def test_ukrainian_puts_the_month_in_the_genitive_and_orders_the_phrase_its_own_way():
    with translation.override("uk"):
        assert format_moment(MOMENT, Precision.DAY) == "13 січня 2023"
        assert format_moment(MOMENT, Precision.APPROXIMATE) == "13 січня 2023, приблизно ввечері"


def test_the_reader_s_time_zone_decides_the_day(settings):
    settings.TIME_ZONE = "Europe/Kyiv"
    late = datetime(2023, 1, 13, 23, 30, tzinfo=UTC)  # 01:30 on the 14th in Kyiv
    with translation.override("en"):
        assert short_date(late) == "14 Jan 2023"
        assert format_moment(late, Precision.APPROXIMATE) == "around the night of 14 Jan 2023"


def test_an_unknown_moment_reads_as_nothing():
    assert format_moment(None) == ""
    assert short_date(None) == ""
