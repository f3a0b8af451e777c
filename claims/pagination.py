"""Keyset pagination: the cost of a page does not depend on how deep it is.

A cursor is the ordering value and id of the last row a client saw, so the next page is an index
range scan, never an OFFSET, and rows written between two requests are neither skipped nor
repeated. Cursors are opaque to clients (base64 of JSON) but not secret; each names the ordering
it was made for, so it cannot be replayed against another.

A cursor comes back from anyone, so it is read by a pattern of its one flat shape: no JSON parser
meets whatever nesting or size a client chose to send.
"""

import base64
import binascii
import json
import re
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.dateparse import parse_datetime

MAX_ID = 2**63 - 1
# Longer than any cursor this server makes (about 100 characters), short enough to be cheap.
MAX_TOKEN_LENGTH = 256
# What ``Cursor.encode`` writes: ["<ISO time>", <id>, <0|1>, "<ordering>"].
SHAPE = re.compile(r'\["([-0-9T:.+Z]{10,40})", ([0-9]{1,19}), ([01]), "(-?[a-z_]{1,40})"\]')


@dataclass(frozen=True)
class Cursor:
    value: datetime
    pk: int
    backwards: bool
    ordering: str

    def encode(self) -> str:
        raw = json.dumps([self.value.isoformat(), self.pk, int(self.backwards), self.ordering])
        return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")

    @classmethod
    def decode(cls, token: str, ordering: str) -> "Cursor":
        try:
            if len(token) > MAX_TOKEN_LENGTH:
                raise ValueError(len(token))
            padded = token + "=" * (-len(token) % 4)
            found = SHAPE.fullmatch(base64.urlsafe_b64decode(padded.encode()).decode("ascii"))
            if found is None:
                raise ValueError(token)
            value, pk, backwards, made_for = found.groups()
            moment = parse_datetime(value)
            if moment is None or moment.tzinfo is None:
                raise ValueError(value)
            pk = int(pk)
            if pk > MAX_ID:
                raise ValueError(pk)
        except (ValueError, binascii.Error, UnicodeError, OverflowError):
            raise ValidationError("This cursor is not one this server gave out.") from None
        if made_for != ordering:
            raise ValidationError(
                f"This cursor was made for ordering “{made_for}”, not “{ordering}”."
            )
        return cls(moment, pk, backwards == "1", ordering)


@dataclass
class KeysetPage:
    items: list
    next_cursor: str | None
    previous_cursor: str | None
    resume_cursor: str | None  # where to continue later, even when this page was the last

    @property
    def has_more(self) -> bool:
        return self.next_cursor is not None


class KeysetPaginator:
    """Pages over a queryset ordered by (``field``, ``id``), ascending or descending.

    Rows may be model instances or ``values()`` dicts (which must include ``id``).
    """

    def __init__(self, field: str, *, descending: bool, page_size: int):
        self.field = field
        self.descending = descending
        self.page_size = page_size
        self.ordering = f"{'-' if descending else ''}{field}"

    def _after(self, cursor: Cursor, forwards: bool) -> Q:
        """Rows strictly beyond ``cursor`` in the direction of travel.

        The leading non-strict bound lets the database use the (field, id) index as a range.
        """
        later = forwards != self.descending
        op, strict = ("gte", "gt") if later else ("lte", "lt")
        return Q(**{f"{self.field}__{op}": cursor.value}) & (
            Q(**{f"{self.field}__{strict}": cursor.value}) | Q(**{f"pk__{strict}": cursor.pk})
        )

    def _order_by(self, forwards: bool) -> list[str]:
        prefix = "-" if self.descending == forwards else ""
        return [f"{prefix}{self.field}", f"{prefix}pk"]

    def paginate(self, queryset, token: str | None) -> KeysetPage:
        cursor = self.decode(token)
        return self.page(list(self.ordered(queryset, cursor)), cursor, token)

    def decode(self, token: str | None) -> Cursor | None:
        return Cursor.decode(token, self.ordering) if token else None

    def ordered(self, queryset, cursor: Cursor | None):
        """The rows a page is read from: beyond ``cursor``, in the direction of travel, one
        more than a page (to know whether there are more)."""
        forwards = not (cursor and cursor.backwards)
        if cursor is not None:
            queryset = queryset.filter(self._after(cursor, forwards))
        return queryset.order_by(*self._order_by(forwards))[: self.page_size + 1]

    def page(self, rows: list, cursor: Cursor | None, token: str | None) -> KeysetPage:
        """The page of the rows :meth:`ordered` read."""
        forwards = not (cursor and cursor.backwards)
        more = len(rows) > self.page_size
        rows = rows[: self.page_size]
        if not forwards:
            rows.reverse()
        has_next = more if forwards else cursor is not None
        has_previous = cursor is not None if forwards else more
        last = self._cursor(rows[-1], False) if rows else None
        return KeysetPage(
            items=rows,
            next_cursor=last if has_next else None,
            previous_cursor=self._cursor(rows[0], True) if rows and has_previous else None,
            resume_cursor=last or (token if forwards else None),
        )

    def _cursor(self, row, backwards: bool) -> str:
        if isinstance(row, dict):
            value, pk = row[self.field], row["id"]
        else:
            value, pk = getattr(row, self.field), row.pk
        return Cursor(value, pk, backwards, self.ordering).encode()
