"""Whole numbers from client text: ASCII digits only, at most what a 64-bit column holds."""

import pytest

from claims.numbers import MAX_DIGITS, whole_number


@pytest.mark.parametrize(("raw", "number"), [("0", 0), ("42", 42), ("007", 7)])
def test_ascii_digits_read_as_their_number(raw, number):
    assert whole_number(raw) == number


def test_eighteen_digits_fit_and_nineteen_do_not():
    assert whole_number("9" * MAX_DIGITS) == 10**MAX_DIGITS - 1
    assert whole_number("9" * (MAX_DIGITS + 1)) is None
    assert 10**MAX_DIGITS - 1 < 2**63  # the reason for the limit: a signed 64-bit column


@pytest.mark.parametrize(
    "raw",
    [
        "",
        " 7 ",  # int() strips the spaces
        "1_000",  # int() reads the underscore
        "٣",  # int() reads Arabic-Indic digits
        "²",  # str.isdigit() is true for it, int() refuses it
        "-1",
        "+1",
        "1.0",
        "7\n",
    ],
)
def test_anything_int_would_read_differently_is_refused(raw):
    assert whole_number(raw) is None
