"""claims.inputs: each input rule once, and the desk's forms, the API and the importer's rows
refusing the same bad value by the same rule, with the same message."""

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from django.core.exceptions import ValidationError
from rest_framework.exceptions import ValidationError as DRFValidationError

from claims import inputs
from claims.api.serializers import CitationInputSerializer
from claims.forms import CitationForm
from claims.imports.claims import ClaimRow
from claims.imports.common import Cells, sources
from claims.models import Citation, Claim, Source

pytestmark = pytest.mark.django_db

OUT_OF_RANGE = "Give a time between 1900 and 2199."


# --- Each rule once -------------------------------------------------------------------------


def test_lengths_are_the_model_fields():
    assert inputs.length(Source, "title") == Source._meta.get_field("title").max_length == 300


@pytest.mark.parametrize("day", [date(1899, 12, 31), date(2200, 1, 1)])
def test_a_day_outside_1900_to_2199_is_refused(day):
    with pytest.raises(ValidationError, match="Give a date between 1900 and 2199"):
        inputs.check_day(day)


def test_the_first_and_last_days_are_accepted():
    assert inputs.check_day(date(1900, 1, 1)) == date(1900, 1, 1)
    assert inputs.check_day(date(2199, 12, 31)) == date(2199, 12, 31)


def test_a_moment_is_returned_in_utc():
    kyiv = datetime(2023, 1, 13, 20, 0, tzinfo=timezone(timedelta(hours=2)))
    assert inputs.utc_moment(kyiv) == datetime(2023, 1, 13, 18, 0, tzinfo=UTC)
    assert inputs.utc_moment(kyiv).tzinfo is UTC


def test_an_offset_no_time_zone_has_is_refused():
    moment = datetime(2023, 1, 13, tzinfo=timezone(timedelta(hours=15)))
    with pytest.raises(ValidationError, match="time-zone offset is out of range"):
        inputs.utc_moment(moment)


def test_a_line_refuses_a_line_break_and_a_paragraph_keeps_it():
    with pytest.raises(ValidationError, match="a line break"):
        inputs.line_field(10).clean("a\u2028b")
    assert inputs.text_field(10).clean("a\nb") == "a\nb"


def test_a_paragraph_refuses_a_direction_override():
    with pytest.raises(ValidationError, match="changes the direction of text"):
        inputs.text_field(10).clean("a\u202eb")


def test_an_over_long_paragraph_is_refused_once():
    with pytest.raises(ValidationError) as refused:
        inputs.text_field(3).clean("abcd")
    assert refused.value.messages == ["Ensure this value has at most 3 characters (it has 4)."]


# --- The same refusal on every path ---------------------------------------------------------


def form_errors(**data) -> dict:
    form = CitationForm(data={"url": "https://example.org/a", **data})
    assert not form.is_valid()
    return form.errors


def api_errors(**data) -> dict:
    serializer = CitationInputSerializer(data={"url": "https://example.org/a", **data})
    assert not serializer.is_valid()
    return serializer.errors


def import_problems(**values) -> list[str]:
    cells = Cells({"citation_urls": "https://example.org/a", **values})
    cells.values.setdefault("citation_titles", "")
    for column in ("publishers", "published_at", "publisher_names", "publisher_kinds"):
        cells.values.setdefault(f"citation_{column}", "")
    cells.values.setdefault("citation_publisher_sides", "")
    sources(cells, "citation")
    return cells.problems


def test_a_title_with_a_line_break_is_refused_by_form_api_and_import_alike():
    title = "Soledar\u2028taken"
    message = "Contains a line break (U+2028) at position 8; remove it."
    assert form_errors(title=title)["title"] == [message]
    assert [str(m) for m in api_errors(title=title)["title"]] == [message]
    assert import_problems(citation_titles=title) == [f"citation_titles: {message}"]


def test_an_over_long_title_is_refused_by_form_api_and_import_alike():
    title = "x" * (Source._meta.get_field("title").max_length + 1)
    message = "Ensure this value has at most 300 characters (it has 301)."
    assert form_errors(title=title)["title"] == [message]
    assert import_problems(citation_titles=title) == [f"citation_titles: {message}"]
    # The API words the same rule as DRF does, as it always has.
    assert [m.code for m in api_errors(title=title)["title"]] == ["max_length"]


def test_a_time_before_1900_is_refused_by_form_api_filter_and_import_alike():
    from claims.forms import ClaimForm

    form = ClaimForm(data={"stated_at": "1850-01-01T00:00"})
    form.is_valid()
    assert form.errors["stated_at"] == [OUT_OF_RANGE]
    with pytest.raises(DRFValidationError) as refused:
        inputs.BoundedDateTimeField().run_validation("1850-01-01T00:00:00Z")
    assert [str(m) for m in refused.value.detail] == [OUT_OF_RANGE]
    with pytest.raises(ValidationError) as refused:
        inputs.UTCDateTimeField().clean("1850-01-01T00:00:00Z")
    assert refused.value.messages == [OUT_OF_RANGE]
    _, problems = ClaimRow.check({"stated_at": "1850-01-01T00:00:00+00:00"})
    assert f"stated_at: {OUT_OF_RANGE}" in problems


def test_the_import_row_reads_lengths_from_the_model():
    _, problems = ClaimRow.check(
        {"summary": "x" * (Claim._meta.get_field("summary").max_length + 1)}
    )
    assert "summary: Ensure this value has at most 2000 characters (it has 2001)." in problems
    excerpt = CitationForm.base_fields["excerpt"]
    assert excerpt.max_length == Citation._meta.get_field("excerpt").max_length
