"""Import claims from the CSV format the export writes (docs/csv-format.md).

Every row is checked first and every problem reported with its line number; then all rows are
written in one transaction through the services, and any row the services refuse rolls back
the whole file. Places, actors, sides and sources are found by slug, URL or title, or created.
A claim already present (same claimant, place, stated time, verb and side) is left alone, so
importing a file twice creates nothing new.
"""

import csv
import re
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import transaction
from django.utils.dateparse import parse_datetime

from claims import services
from claims.choices import ActorKind, PlaceKind, Precision, SourceKind, Status, Verb
from claims.exports import CSV_COLUMNS, from_spreadsheet
from claims.filtersets import EARLIEST, LATEST
from claims.models import Actor, Claim, Place, Side, Source, Verification
from claims.text import multiline_text, printable, single_line_text

SLUG = re.compile(r"[-a-zA-Z0-9_]+")

# The field each text column is stored in. Its length limit is checked while parsing, so that
# an over-long value is reported with its column, not with the name of a model field.
COLUMN_FIELDS = {
    "place": (Place, "slug"),
    "place_name": (Place, "name"),
    "region": (Place, "slug"),
    "region_name": (Place, "name"),
    "claimant": (Actor, "slug"),
    "claimant_name": (Actor, "name"),
    "claimant_side": (Side, "slug"),
    "claimant_side_name": (Side, "name"),
    "side": (Side, "slug"),
    "side_name": (Side, "name"),
    "quote": (Claim, "quote"),
    "language": (Claim, "language"),
    "summary": (Claim, "summary"),
    "status_rationale": (Verification, "rationale"),
    "citation_urls": (Source, "url"),
    "citation_titles": (Source, "title"),
}


class RowError(Exception):
    pass


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
    created_records: dict[str, int] = field(
        default_factory=lambda: {"places": 0, "actors": 0, "sides": 0, "sources": 0}
    )

    @property
    def ok(self) -> bool:
        return not self.errors


class _Rollback(Exception):
    """Leaves the import's transaction without committing (dry runs and refused rows)."""


def read_rows(handle) -> list[Row]:
    """Parse the file: the exact header, then one Row per record, with its first line number."""
    reader = csv.reader(handle)
    header = next(reader, None)
    if header is None:
        raise RowError("line 1: the file is empty")
    if header != CSV_COLUMNS:
        missing = [c for c in CSV_COLUMNS if c not in header]
        unknown = [c for c in header if c not in CSV_COLUMNS]
        detail = []
        if missing:
            detail.append(f"missing {', '.join(missing)}")
        if unknown:
            detail.append(f"unknown {', '.join(unknown)}")
        if not detail:
            detail.append("columns are out of order")
        raise RowError(f"line 1: the header is not the export's ({'; '.join(detail)})")
    rows = []
    line = reader.line_num + 1
    for record in reader:
        if record:
            if len(record) != len(CSV_COLUMNS):
                rows.append(Row(line, {"__width__": len(record)}))
            else:
                rows.append(Row(line, dict(zip(CSV_COLUMNS, record, strict=True))))
        line = reader.line_num + 1
    return rows


def import_file(handle, *, source_name: str, dry_run: bool = False, progress=None) -> Report:
    """Check then import every row of ``handle``; nothing is written unless every row is good."""
    report = Report()
    try:
        rows = read_rows(handle)
    except RowError as error:
        line, _, message = str(error).partition(": ")
        report.errors.append((int(line.split()[-1]), message))
        return report
    except csv.Error as error:
        report.errors.append((0, f"not a readable CSV file: {error}"))
        return report
    except UnicodeDecodeError as error:
        report.errors.append((0, f"not UTF-8 text ({error.reason})"))
        return report
    report.rows = len(rows)
    plans = []
    for row in rows:
        try:
            plans.append((row.line, _parse(row.values)))
        except RowError as error:
            report.errors.append((row.line, str(error)))
    if report.errors:
        return report
    plans.sort(key=lambda item: (item[1]["stated_at"], item[0]))
    try:
        with transaction.atomic():
            importer = _Importer(source_name, report)
            for line, plan in plans:
                try:
                    with transaction.atomic():
                        importer.write(plan)
                except (ValidationError, RowError) as error:
                    report.errors.append((line, _message(error)))
                if progress is not None:
                    progress.update(1)
            if report.errors or dry_run:
                raise _Rollback
    except _Rollback:
        pass
    report.errors.sort()
    return report


def _message(error) -> str:
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        return "; ".join(
            f"{name}: {' '.join(messages)}" if name != "__all__" else " ".join(messages)
            for name, messages in error.message_dict.items()
        )
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


# --- Parsing: everything that can be checked without the database ---------------------------


def _parse(values: dict) -> dict:
    if "__width__" in values:
        raise RowError(f"has {values['__width__']} fields; the export writes {len(CSV_COLUMNS)}")
    v = {name: from_spreadsheet(value) for name, value in values.items()}
    return {
        "id": _optional_int(v["id"], "id"),
        "place": _slug(v["place"], "place"),
        "place_name": _line(v["place_name"], "place_name", required=True),
        "place_kind": _choice(v["place_kind"], PlaceKind, "place_kind"),
        "latitude": _decimal(v["latitude"], "latitude", 90),
        "longitude": _decimal(v["longitude"], "longitude", 180),
        "region": _slug(v["region"], "region", required=False),
        "region_name": _line(v["region_name"], "region_name"),
        "claimant": _slug(v["claimant"], "claimant"),
        "claimant_name": _line(v["claimant_name"], "claimant_name", required=True),
        "claimant_kind": _choice(v["claimant_kind"], ActorKind, "claimant_kind"),
        "claimant_side": _slug(v["claimant_side"], "claimant_side", required=False),
        "claimant_side_name": _line(v["claimant_side_name"], "claimant_side_name"),
        "verb": _choice(v["verb"], Verb, "verb"),
        "side": _slug(v["side"], "side", required=False),
        "side_name": _line(v["side_name"], "side_name"),
        "stated_at": _moment(v["stated_at"], "stated_at", required=True),
        "stated_precision": _choice(v["stated_precision"], Precision, "stated_precision"),
        "effective_at": _moment(v["effective_at"], "effective_at"),
        "effective_precision": _choice(v["effective_precision"], Precision, "effective_precision"),
        "quote": _text(v["quote"], "quote"),
        "language": _line(v["language"], "language"),
        "summary": _text(v["summary"], "summary", required=True),
        "answers": _optional_int(v["answers"], "answers"),
        "status": _choice(v["status"], Status, "status"),
        "status_rationale": _text(v["status_rationale"], "status_rationale"),
        "status_decided_at": _moment(v["status_decided_at"], "status_decided_at"),
        "citations": _citations(v["citation_urls"], v["citation_titles"]),
    }


def _check(validator, value: str, column: str) -> str:
    try:
        validator(value)
    except ValidationError as error:
        raise RowError(f"{column}: {' '.join(error.messages)}") from None
    return value


def _check_length(value: str, column: str) -> str:
    model, name = COLUMN_FIELDS[column]
    return _check(MaxLengthValidator(model._meta.get_field(name).max_length), value, column)


def _valid_line(value: str, column: str) -> str:
    _check(single_line_text, value, column)
    return _check_length(value, column)


def _line(value: str, column: str, *, required: bool = False) -> str:
    value = value.strip()
    if required and not value:
        raise RowError(f"{column}: is empty")
    return _valid_line(value, column)


def _text(value: str, column: str, *, required: bool = False) -> str:
    if required and not value.strip():
        raise RowError(f"{column}: is empty")
    _check(multiline_text, value, column)
    return _check_length(value, column)


def _slug(value: str, column: str, *, required: bool = True) -> str:
    value = value.strip()
    if not value:
        if required:
            raise RowError(f"{column}: is empty")
        return ""
    if not SLUG.fullmatch(value):
        raise RowError(f"{column}: “{printable(value)}” is not a slug (letters, digits, hyphens)")
    return _check_length(value, column)


def _choice(value: str, choices, column: str) -> str:
    value = value.strip()
    if value not in choices.values:
        raise RowError(f"{column}: “{printable(value)}” is not one of {', '.join(choices.values)}")
    return value


def _decimal(value: str, column: str, limit: int):
    if not value.strip():
        return None
    try:
        number = Decimal(value.strip())
    except InvalidOperation:
        raise RowError(f"{column}: “{printable(value)}” is not a number") from None
    if not number.is_finite() or abs(number) > limit:
        raise RowError(f"{column}: {printable(value)} is out of range")
    return number


def _moment(value: str, column: str, *, required: bool = False) -> datetime | None:
    value = value.strip()
    if not value:
        if required:
            raise RowError(f"{column}: is empty")
        return None
    try:
        moment = parse_datetime(value)
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise RowError(f"{column}: “{printable(value)}” is not an ISO 8601 time with a UTC offset")
    if not EARLIEST <= moment.date() <= LATEST:
        raise RowError(f"{column}: {printable(value)} is out of range")
    return moment


def _optional_int(value: str, column: str) -> int | None:
    value = value.strip()
    if not value:
        return None
    if not value.isdigit() or len(value) > 18:
        raise RowError(f"{column}: “{printable(value)}” is not an id")
    return int(value)


def _citations(urls: str, titles: str) -> list[tuple[str, str]]:
    # Split on line feeds only: splitlines() would also split on (and so hide) control characters.
    url_lines, title_lines = urls.split("\n"), titles.split("\n")
    pairs = []
    for i in range(max(len(url_lines), len(title_lines))):
        url = from_spreadsheet(url_lines[i].strip()) if i < len(url_lines) else ""
        title = from_spreadsheet(title_lines[i].strip()) if i < len(title_lines) else ""
        if url or title:
            _valid_line(url, "citation_urls")
            _valid_line(title, "citation_titles")
            pairs.append((url, title))
    return pairs


# --- Writing, through the services ----------------------------------------------------------


class _Importer:
    def __init__(self, source_name: str, report: Report):
        self.source_name = source_name
        self.report = report
        self.by_file_id: dict[int, Claim] = {}

    def write(self, plan: dict) -> None:
        place = self._place(plan)
        claimant = self._actor(plan)
        side = self._side(plan["side"], plan["side_name"])
        existing = Claim.objects.filter(
            claimant=claimant,
            place=place,
            stated_at=plan["stated_at"],
            verb=plan["verb"],
            side=side,
        ).first()
        if existing is not None:
            self.report.present += 1
            if plan["id"] is not None:
                self.by_file_id[plan["id"]] = existing
            return
        answers = self.by_file_id.get(plan["answers"]) if plan["answers"] else None
        claim = services.claim_create(
            data=services.ClaimInput(
                place=place,
                claimant=claimant,
                verb=plan["verb"],
                side=side,
                stated_at=plan["stated_at"],
                stated_precision=plan["stated_precision"],
                effective_at=plan["effective_at"],
                effective_precision=plan["effective_precision"],
                quote=plan["quote"],
                language=plan["language"],
                summary=plan["summary"],
                answers=answers if answers and answers.place_id == place.pk else None,
                citations=[self._citation(url, title) for url, title in plan["citations"]],
            ),
            received_at=plan["stated_at"],
        )
        if plan["status"] != Status.UNREVIEWED:
            services.verification_record(
                claim=claim,
                expected_version=claim.version,
                status=plan["status"],
                rationale=plan["status_rationale"]
                or f"Status carried over from {self.source_name}.",
                evidence=[c.source for c in claim.citations.all()],
                decided_at=self._decided_at(plan, claim),
                imported=True,
            )
        self.report.created += 1
        if plan["id"] is not None:
            self.by_file_id[plan["id"]] = claim

    def _decided_at(self, plan: dict, claim: Claim):
        decided = plan["status_decided_at"]
        first = claim.current_verification.decided_at
        return decided if decided and decided >= first else None

    def _side(self, slug: str, name: str) -> Side | None:
        if not slug:
            return None
        side = Side.objects.filter(slug=slug).first()
        if side is None:
            side = services.side_create(
                name=name or slug.replace("-", " ").title(),
                slug=slug,
                position=99,
            )
            self.report.created_records["sides"] += 1
        return side

    def _place(self, plan: dict) -> Place:
        place = Place.objects.filter(slug=plan["place"]).first()
        if place is not None:
            return place
        parent = None
        if plan["region"]:
            parent = Place.objects.filter(slug=plan["region"]).first()
            if parent is None:
                parent = services.place_create(
                    name=plan["region_name"] or plan["region"].replace("-", " ").title(),
                    slug=plan["region"],
                    kind=PlaceKind.OTHER,
                )
                self.report.created_records["places"] += 1
        self.report.created_records["places"] += 1
        return services.place_create(
            name=plan["place_name"],
            slug=plan["place"],
            kind=plan["place_kind"],
            parent=parent,
            latitude=plan["latitude"],
            longitude=plan["longitude"],
        )

    def _actor(self, plan: dict) -> Actor:
        actor = Actor.objects.filter(slug=plan["claimant"]).first()
        if actor is not None:
            return actor
        self.report.created_records["actors"] += 1
        return services.actor_create(
            name=plan["claimant_name"],
            slug=plan["claimant"],
            kind=plan["claimant_kind"],
            side=self._side(plan["claimant_side"], plan["claimant_side_name"]),
        )

    def _citation(self, url: str, title: str) -> services.CitationInput:
        if url:
            if not Source.objects.filter(url=url).exists():
                self.report.created_records["sources"] += 1
            return services.CitationInput(url=url, title=title)
        source = Source.objects.filter(url="", title=title).first()
        if source is None:
            source = services.source_create(title=title, kind=SourceKind.ARTICLE)
            self.report.created_records["sources"] += 1
        return services.CitationInput(source=source)
