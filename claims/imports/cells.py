"""How an import checks a row: a form whose fields are :mod:`claims.inputs`'s, so that a cell
is held to the rules the desk's forms and the API apply to the same value.

Cells are text as a spreadsheet writes it: empty means absent, choices and booleans are spelled
out, times carry their UTC offset. Every problem of a row is reported, each after its column's
name, in the order of the form's fields.
"""

import re
from datetime import UTC, datetime, time
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import slug_re
from django.utils.dateparse import parse_date, parse_datetime

from claims import inputs
from claims.numbers import whole_number
from claims.text import printable

EMPTY = {"required": "is empty"}
DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
SLUG = re.compile(slug_re.pattern)


def _not_blank(value: str) -> None:
    if not value.strip():
        raise ValidationError(EMPTY["required"], code="required")


def _slug(value: str) -> None:
    # validate_slug's own pattern, compiled here: Django's compiles it lazily, and every use
    # then goes through a proxy, which cost 3% of an import's time.
    if not SLUG.match(value):
        raise ValidationError(
            f"“{printable(value)}” is not a slug (letters, digits, hyphens)", code="invalid"
        )


def line_cell(max_length: int, *, required: bool = False) -> forms.CharField:
    return inputs.line_field(max_length, required=required, error_messages=EMPTY)


def text_cell(max_length: int, *, required: bool = False) -> forms.CharField:
    """A paragraph, kept as written (spaces and all); only blank when required is refused."""
    return inputs.text_field(
        max_length,
        required=required,
        strip=False,
        error_messages=EMPTY,
        validators=[_not_blank] if required else [],
    )


def slug_cell(max_length: int, *, required: bool = True) -> forms.CharField:
    return forms.CharField(
        max_length=max_length, required=required, error_messages=EMPTY, validators=[_slug]
    )


class Cell(forms.Field):
    """A cell read by ``read``, which turns its text into a value or raises ValidationError."""

    def __init__(self, *, required: bool = False):
        super().__init__(required=required, error_messages=EMPTY)

    def to_python(self, value):
        value = (value or "").strip()
        return self.read(value) if value else self.empty

    empty = None

    def read(self, value: str):
        raise NotImplementedError


class ChoiceCell(Cell):
    """One of ``choices``: an enumeration, or a list of the values allowed."""

    def __init__(self, choices, *, blank: bool = False, what: str = "is not one of"):
        super().__init__(required=not blank)
        self.allowed = list(getattr(choices, "values", choices))
        self.what = what
        # Django rebuilds ``choices.values`` on every access: a fifth of parsing a file's rows.
        self.values = frozenset(self.allowed)
        self.empty = ""

    def read(self, value: str) -> str:
        if value not in self.values:
            raise ValidationError(
                f"“{printable(value)}” {self.what} {', '.join(self.allowed)}", code="invalid"
            )
        return value


class BooleanCell(Cell):
    empty = False

    def read(self, value: str) -> bool:
        value = value.lower()
        if value in ("false", "no", "0"):
            return False
        if value in ("true", "yes", "1"):
            return True
        raise ValidationError(f"“{printable(value)}” is not true or false", code="invalid")


class DecimalCell(Cell):
    def __init__(self, *, limit: int):
        super().__init__()
        self.limit = limit

    def read(self, value: str) -> Decimal:
        try:
            number = Decimal(value)
        except InvalidOperation:
            raise ValidationError(f"“{printable(value)}” is not a number", code="invalid") from None
        if not number.is_finite() or abs(number) > self.limit:
            raise ValidationError(f"{printable(value)} is out of range", code="out_of_range")
        return number


class MomentCell(Cell):
    """An ISO 8601 time with its UTC offset, or a date alone (its start, in UTC)."""

    def read(self, value: str) -> datetime:
        try:
            if DATE.fullmatch(value):
                found = datetime.combine(parse_date(value), time.min, tzinfo=UTC)
            else:
                found = parse_datetime(value)
        except (ValueError, TypeError):
            found = None
        if found is None or found.tzinfo is None:
            raise ValidationError(
                f"“{printable(value)}” is not an ISO 8601 time with a UTC offset or a date",
                code="invalid",
            )
        return inputs.utc_moment(found)


class IdCell(Cell):
    def read(self, value: str) -> int:
        number = whole_number(value)
        if number is None:
            raise ValidationError(f"“{printable(value)}” is not an id", code="invalid")
        return number


class RowForm(forms.Form):
    """One row's cells, declared as a form's fields and cleaned as a form cleans them, without
    the bound fields and widgets a page needs: a file can have 100,000 rows."""

    @classmethod
    def check(cls, values: dict) -> tuple[dict, list[str]]:
        """Every field's value (None where refused), and each refusal after its column's name."""
        cleaned, problems = {}, []
        for name, field in cls.base_fields.items():
            try:
                cleaned[name] = clean(field, values.get(name, ""))
            except ValidationError as error:
                cleaned[name] = None
                problems.append(f"{name}: {' '.join(error.messages)}")
        return cleaned, problems


def clean(field: forms.Field, value: str):
    """``field.clean(value)``. Most cells are empty, and an empty cell that may be is only
    converted: a form runs no validator on an empty value either."""
    return field.clean(value) if value or field.required else field.to_python(value)
