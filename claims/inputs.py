"""Input rules, written once: the fields that forms, filters, API serializers and the CSV importer
build from.

Lengths are read from the model fields they end up in; the date range and the time-zone offset
are checked by one function each; the text rules are ``claims.text``'s validators. A form, a
serializer and an import row given the same bad value are refused by the same rule.
"""

from datetime import UTC, date, datetime, timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from rest_framework import serializers

from claims.models.fields import EARLIEST, LATEST, language_code
from claims.text import multiline_text, single_line_text

# Dates outside this range are typing mistakes, and would overflow date arithmetic.
# The furthest any real time zone is from UTC (Kiribati, UTC+14; Baker Island, UTC-12).
MAX_OFFSET = timedelta(hours=14)
# A search is a few words: the longest name on file is well under this.
SEARCH_MAX_LENGTH = 200


def length(model: type[models.Model], name: str) -> int:
    """The most characters ``model.name`` stores: the limit every entry point checks."""
    return model._meta.get_field(name).max_length


# --- Rules ----------------------------------------------------------------------------------


def check_day(day: date, noun: str = "date") -> date:
    if not EARLIEST <= day <= LATEST:
        raise ValidationError(
            f"Give a {noun} between {EARLIEST:%Y} and {LATEST:%Y}.", code="out_of_range"
        )
    return day


def utc_moment(moment: datetime) -> datetime:
    """``moment`` in UTC, if its offset is a real one and its date is in range."""
    offset = moment.utcoffset()
    if offset is not None and abs(offset) > MAX_OFFSET:
        raise ValidationError("The time-zone offset is out of range.", code="invalid")
    check_day(moment.date(), "time")
    return moment.astimezone(UTC)


# --- Form fields (desk forms, filters, import rows) -----------------------------------------


def line_field(max_length: int, **kwargs) -> forms.CharField:
    """One line of text: no line breaks, control characters or direction controls."""
    validators = [single_line_text, *kwargs.pop("validators", [])]
    return forms.CharField(max_length=max_length, validators=validators, **kwargs)


def text_field(max_length: int, **kwargs) -> forms.CharField:
    """A paragraph: line breaks allowed, control characters and direction overrides not."""
    kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 3}))
    validators = [multiline_text, *kwargs.pop("validators", [])]
    return forms.CharField(max_length=max_length, validators=validators, **kwargs)


def url_field(max_length: int, **kwargs) -> forms.URLField:
    return forms.URLField(
        max_length=max_length, assume_scheme="https", validators=[single_line_text], **kwargs
    )


def language_field(max_length: int, **kwargs) -> forms.CharField:
    return forms.CharField(max_length=max_length, validators=[language_code], **kwargs)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class MomentField(forms.DateTimeField):
    """A time typed in the desk's ``datetime-local`` box, read in UTC."""

    widget = DateTimeInput
    input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]

    def to_python(self, value):
        moment = super().to_python(value)
        return None if moment is None else utc_moment(moment)


def moment_field(**kwargs) -> MomentField:
    return MomentField(**kwargs)


class BoundedDateField(forms.DateField):
    """An ISO date (2023-01-13) only: 01/02/2023 means different days to different readers."""

    input_formats = ["%Y-%m-%d"]
    default_error_messages = {"invalid": "Enter a date as YYYY-MM-DD, e.g. 2023-01-13."}

    def validate(self, value):
        super().validate(value)
        if value:
            check_day(value)


class UTCDateTimeField(forms.DateTimeField):
    """An ISO 8601 date-time, normalised to UTC; offsets must be real ones (±14:00)."""

    input_formats = ["iso-8601"]

    def to_python(self, value):
        if isinstance(value, str):
            # A "+" in a query string arrives as a space.
            value = value.strip().replace(" ", "+") if "T" in value else value.strip()
        try:
            result = super().to_python(value)
        except (ValueError, OverflowError):
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None
        return None if result is None else utc_moment(result)


class SearchField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", SEARCH_MAX_LENGTH)
        kwargs.setdefault("validators", [single_line_text])
        super().__init__(**kwargs)


# --- API serializer fields ------------------------------------------------------------------


def api_line(max_length: int, **kwargs) -> serializers.CharField:
    return serializers.CharField(max_length=max_length, validators=[single_line_text], **kwargs)


def api_text(max_length: int, **kwargs) -> serializers.CharField:
    return serializers.CharField(max_length=max_length, validators=[multiline_text], **kwargs)


def api_url(max_length: int, **kwargs) -> serializers.URLField:
    return serializers.URLField(max_length=max_length, validators=[single_line_text], **kwargs)


def api_language(max_length: int, **kwargs) -> serializers.CharField:
    return serializers.CharField(max_length=max_length, validators=[language_code], **kwargs)


class BoundedDateTimeField(serializers.DateTimeField):
    """An ISO 8601 time with a real offset, between 1900 and 2199, stored in UTC."""

    def to_internal_value(self, value):
        try:
            moment = super().to_internal_value(value)
        except (OverflowError, ValueError):
            self.fail("invalid", format="ISO 8601")
        try:
            return utc_moment(moment)
        except ValidationError as error:
            raise serializers.ValidationError(error.messages) from None
