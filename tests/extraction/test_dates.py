"""Dates in a statement (claims/extraction/dates.py): days, weekdays and relative phrases."""

from datetime import date

import pytest

from claims.extraction.dates import find_dates, resolve

from .test_engine import FRIDAY, run


def test_relative_dates_resolve_against_publication_and_the_statement_before():
    [saturday] = find_dates("said on Saturday", date(2023, 5, 21))
    assert saturday.value == date(2023, 5, 20)
    [late] = find_dates("late Tuesday", date(2024, 10, 2))
    assert late.value == date(2024, 10, 1)
    [overnight] = find_dates("overnight", FRIDAY)
    assert overnight.value == FRIDAY
    [later] = find_dates("Hours later, Kyiv said", FRIDAY)
    assert resolve(later, date(2023, 1, 11)) == date(2023, 1, 11)
    [calendar] = find_dates("on Jan. 6", date(2025, 1, 7))
    assert calendar.value == date(2025, 1, 6)


@pytest.mark.parametrize("bound", ["since Monday", "by January 9", "until Tuesday"])
def test_the_bound_of_a_span_of_time_is_not_a_date_of_the_text(bound):
    assert find_dates(f"Troops held the line {bound}, he said.", FRIDAY) == []


def test_as_of_a_day_dates_what_the_words_are_about_not_when_they_were_said():
    [claim] = run(
        "Cherevaty told Reuters that as of Thursday morning Ukrainian troops were still fighting "
        "in Soledar."
    ).claims
    assert claim.stated_at == FRIDAY
    assert claim.effective_at == date(2023, 1, 12)
