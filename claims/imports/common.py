"""What the CSV imports share: reading a file with a header, checking every cell of a row and
reporting all of its problems, and the outcome of an import.

Imports check every row before writing anything and report each bad one with its line number
and every problem it has; then they write all rows in one short transaction
(:mod:`claims.imports.bulk`), and anything refused then rolls the whole file back.
"""

import csv
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import ValidationError

from claims import inputs
from claims.choices import ActorKind
from claims.formats.cells import from_spreadsheet
from claims.imports import cells
from claims.models import Actor, Side, Source
from claims.text import printable


class RowError(Exception):
    """One problem with one cell; the message starts with the column's name."""


class Rollback(Exception):
    """Leaves an import's transaction without committing (dry runs and refused rows)."""


@dataclass
class Row:
    line: int
    values: dict


@dataclass
class Report:
    rows: int = 0
    created: int = 0
    present: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)
    created_records: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors

    def made(self, what: str) -> None:
        self.created_records[what] = self.created_records.get(what, 0) + 1


def read_rows(handle, *, columns: Sequence[str], required: Sequence[str]) -> Iterator[Row]:
    """Parse the file: a header naming known columns (in any order; ``required`` ones present),
    then one Row per record with its first line number. Missing optional columns read empty.

    The header is checked at once; the rows are read as they are asked for, so that a big
    file is never held whole as text and as parsed rows at the same time."""
    reader = csv.reader(handle)
    header = next(reader, None)
    if header is None:
        raise RowError("line 1: the file is empty")
    header = [name.strip() for name in header]
    problems = []
    missing = [c for c in required if c not in header]
    unknown = [c for c in header if c not in columns]
    repeated = sorted({c for c in header if header.count(c) > 1})
    if missing:
        problems.append(f"missing {', '.join(missing)}")
    if unknown:
        problems.append(f"unknown {', '.join(printable(c) for c in unknown)}")
    if repeated:
        problems.append(f"repeated {', '.join(repeated)}")
    if problems:
        raise RowError(f"line 1: the header is not one this import reads ({'; '.join(problems)})")
    return _records(reader, header, columns)


def _records(reader, header: list[str], columns: Sequence[str]) -> Iterator[Row]:
    line = reader.line_num + 1
    for record in reader:
        if record:
            if len(record) != len(header):
                yield Row(line, {"__width__": (len(record), len(header))})
            else:
                values = dict.fromkeys(columns, "")
                values.update(zip(header, record, strict=True))
                yield Row(line, values)
        line = reader.line_num + 1


def read_file(handle, report: Report, *, columns, required) -> Iterator[Row] | None:
    """The rows of ``handle``, counted in ``report`` as they are read, or None with the reason
    in ``report``; a file that stops being readable part way adds that to its errors."""
    try:
        rows = read_rows(handle, columns=columns, required=required)
    except RowError as error:
        line, _, message = str(error).partition(": ")
        report.errors.append((int(line.split()[-1]), message))
        return None
    except csv.Error as error:
        report.errors.append((0, f"not a readable CSV file: {error}"))
        return None
    except UnicodeDecodeError as error:
        report.errors.append((0, f"not UTF-8 text ({error.reason})"))
        return None
    return _counted(rows, report)


def _counted(rows: Iterator[Row], report: Report) -> Iterator[Row]:
    try:
        for row in rows:
            report.rows += 1
            yield row
    except csv.Error as error:
        report.errors.append((0, f"not a readable CSV file: {error}"))
    except UnicodeDecodeError as error:
        report.errors.append((0, f"not UTF-8 text ({error.reason})"))


# What the services call the sources a row gives, and the file's columns for them.
SERVICE_FIELDS = {"citations": "citation_publishers", "new_evidence": "evidence_publishers"}


def message(error) -> str:
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        return "; ".join(
            f"{SERVICE_FIELDS.get(name, name)}: {' '.join(messages)}"
            if name != "__all__"
            else " ".join(messages)
            for name, messages in error.message_dict.items()
        )
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


class Cells:
    """Reads one row's cells, collecting every problem instead of stopping at the first."""

    def __init__(self, values: dict):
        self.values = {name: from_spreadsheet(value) for name, value in values.items()}
        self.problems: list[str] = []

    def read_row(self, form_class: type[cells.RowForm]) -> dict:
        """The row's values as ``form_class`` reads them (None where a cell is refused)."""
        cleaned, problems = form_class.check(self.values)
        self.problems.extend(problems)
        return cleaned

    def read(self, column: str, field):
        return self.read_value(self.values[column], column, field)

    def read_value(self, value: str, column: str, field):
        """``value`` (one item of a multi-line cell, say) as ``column``'s ``field`` reads it."""
        try:
            return cells.clean(field, value)
        except ValidationError as error:
            self.problems.append(f"{column}: {' '.join(error.messages)}")
            return None

    def check(self, condition: bool, problem: str) -> None:
        if not condition:
            self.problems.append(problem)

    def finish(self) -> None:
        if self.problems:
            raise RowError("; ".join(self.problems))


def row_cells(values: dict, form_class: type[cells.RowForm]) -> tuple[Cells, dict]:
    """A row's cells, and its values as ``form_class`` reads them; a row whose width is not
    the header's is refused whole."""
    if problem := width_problem(values):
        raise RowError(problem)
    found = Cells(values)
    return found, found.read_row(form_class)


def width_problem(values: dict) -> str | None:
    if "__width__" in values:
        found, expected = values["__width__"]
        return f"has {found} fields; the header has {expected}"
    return None


def lines(value: str) -> list[str]:
    """A cell holding one item per line. Splits on line feeds only: splitlines() would also split
    on (and so hide) control characters."""
    return [from_spreadsheet(item.strip()) for item in value.split("\n")] if value else []


def aligned(cells: Cells, *columns: str) -> list[tuple[str, ...]]:
    """Items given one per line in several columns, read side by side; blank records dropped."""
    parts = [lines(cells.values[c]) for c in columns]
    width = max((len(p) for p in parts), default=0)
    records = []
    for i in range(width):
        record = tuple(p[i] if i < len(p) else "" for p in parts)
        if any(record):
            records.append(record)
    return records


@dataclass(frozen=True)
class ActorRef:
    """An actor as a row names it. ``side`` is a side's slug, "" for independent, or None when
    the row does not say."""

    slug: str
    column: str
    name: str = ""
    kind: str = ""
    side: str | None = None
    parent: str = ""


@dataclass(frozen=True)
class SourceItem:
    """A cited source or a piece of evidence, as one line of a file's source columns gives it."""

    url: str
    title: str
    published_at: datetime | None
    publisher: ActorRef | None


# The fields of the items of a row's source columns.
PUBLISHER = cells.slug_cell(inputs.length(Actor, "slug"), required=False)
PUBLISHER_NAME = cells.line_cell(inputs.length(Actor, "name"))
PUBLISHER_KIND = cells.ChoiceCell(ActorKind, blank=True)
PUBLISHER_SIDE = cells.slug_cell(inputs.length(Side, "slug"), required=False)
URL = cells.line_cell(inputs.length(Source, "url"))
TITLE = cells.line_cell(inputs.length(Source, "title"))
PUBLISHED_AT = cells.MomentCell()


def sources(cells: Cells, prefix: str) -> list[SourceItem]:
    """The sources in a row's ``<prefix>_urls``, ``_titles``, ``_publishers``,
    ``_published_at`` and ``_publisher_names``, ``_kinds``, ``_sides`` columns, line by line."""
    found = []
    for url, title, publisher, published, name, kind, side in aligned(
        cells,
        f"{prefix}_urls",
        f"{prefix}_titles",
        f"{prefix}_publishers",
        f"{prefix}_published_at",
        f"{prefix}_publisher_names",
        f"{prefix}_publisher_kinds",
        f"{prefix}_publisher_sides",
    ):
        publisher = cells.read_value(publisher, f"{prefix}_publishers", PUBLISHER)
        ref = None
        if publisher:
            ref = ActorRef(
                publisher,
                f"{prefix}_publishers",
                name=cells.read_value(name, f"{prefix}_publisher_names", PUBLISHER_NAME),
                kind=cells.read_value(kind, f"{prefix}_publisher_kinds", PUBLISHER_KIND),
                side=cells.read_value(side, f"{prefix}_publisher_sides", PUBLISHER_SIDE),
            )
        found.append(
            SourceItem(
                url=cells.read_value(url, f"{prefix}_urls", URL),
                title=cells.read_value(title, f"{prefix}_titles", TITLE),
                published_at=cells.read_value(published, f"{prefix}_published_at", PUBLISHED_AT),
                publisher=ref,
            )
        )
    return found
