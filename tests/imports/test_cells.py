"""claims.imports.cells: a cell is held to the rules the desk's forms apply to the same value,
and every refusal names its column."""

from datetime import UTC, datetime

import pytest
from django.core.exceptions import ValidationError

from claims.choices import Verb
from claims.imports import cells


def test_a_date_alone_is_its_start_in_utc_and_an_offset_is_turned_to_utc():
    moment = cells.MomentCell()
    assert moment.clean("2023-01-13") == datetime(2023, 1, 13, tzinfo=UTC)
    assert moment.clean("2023-01-13T23:00:00+02:00") == datetime(2023, 1, 13, 21, tzinfo=UTC)


def test_a_time_without_its_utc_offset_is_refused():
    with pytest.raises(ValidationError, match="with a UTC offset"):
        cells.MomentCell().clean("2023-01-13T23:00:00")


@pytest.mark.parametrize("value", ["²", "1.5", "-3"])
def test_an_id_is_a_plain_ascii_whole_number(value):
    with pytest.raises(ValidationError, match="is not an id"):
        cells.IdCell().clean(value)


def test_a_choice_not_allowed_is_refused_with_the_choices_named():
    with pytest.raises(ValidationError) as refused:
        cells.ChoiceCell(Verb).clean("annexed")
    assert "“annexed” is not one of" in refused.value.messages[0]
    assert Verb.CAPTURED in refused.value.messages[0]


def test_booleans_are_spelled_out_and_anything_else_is_refused():
    boolean = cells.BooleanCell()
    assert [boolean.clean(v) for v in ("yes", "FALSE", "1", "")] == [True, False, True, False]
    with pytest.raises(ValidationError, match="not true or false"):
        boolean.clean("maybe")


def test_a_row_form_reports_every_refused_cell_after_its_column_and_keeps_the_good_ones():
    class Row(cells.RowForm):
        verb = cells.ChoiceCell(Verb)
        stated_at = cells.MomentCell(required=True)
        ambiguous = cells.BooleanCell()

    cleaned, problems = Row.check({"verb": "annexed", "stated_at": "", "ambiguous": "yes"})
    assert cleaned == {"verb": None, "stated_at": None, "ambiguous": True}
    assert [problem.split(":")[0] for problem in problems] == ["verb", "stated_at"]
    assert problems[1] == "stated_at: is empty"
