"""Streaming exports: CSV and JSONL of claims, GeoJSON of places.

Rows are read in keyset batches (``id > last``, no OFFSET, no server-side cursor, which breaks
behind PgBouncer) and written out a batch at a time, so memory stays flat however many claims
there are. The CSV columns are a stable, documented format (docs/csv-format.md) that
``manage.py import_claims`` reads back.
"""

import csv
import io
from collections import defaultdict
from datetime import UTC

import orjson

from claims import representations as rep
from claims import selectors
from claims.control import VERDICT_TEXT, describe, implied_control
from claims.models import Citation, Place

BATCH_SIZE = 2000

# The CSV format, in order. Never rename or reorder: add new columns at the end.
CSV_COLUMNS = [
    "id",
    "place",
    "place_name",
    "place_kind",
    "latitude",
    "longitude",
    "region",
    "region_name",
    "claimant",
    "claimant_name",
    "claimant_kind",
    "claimant_side",
    "claimant_side_name",
    "verb",
    "side",
    "side_name",
    "implied_control",
    "stated_at",
    "stated_precision",
    "effective_at",
    "effective_precision",
    "quote",
    "language",
    "summary",
    "answers",
    "status",
    "status_rationale",
    "status_decided_at",
    "citation_urls",
    "citation_titles",
    "recorded_at",
    "updated_at",
    "page_url",
]

_CSV_VALUES = (
    *rep.CLAIM_COLUMNS,
    "place__kind",
    "place__latitude",
    "place__longitude",
    "place__parent__slug",
    "place__parent__name",
    "current_verification__rationale",
    "current_verification__decided_at",
)

# Spreadsheets run a cell starting with one of these as a formula; an apostrophe stops that.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "'")


def spreadsheet_safe(value: str) -> str:
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def from_spreadsheet(value: str) -> str:
    """Undo :func:`spreadsheet_safe` (the importer reads what the exporter wrote)."""
    if len(value) > 1 and value[0] == "'" and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


def claim_batches(queryset, columns, batch_size: int | None = None):
    """``values(*columns)`` of ``queryset`` in id order, ``batch_size`` rows at a time."""
    batch_size = batch_size or BATCH_SIZE
    last = 0
    while True:
        rows = list(queryset.filter(id__gt=last).order_by("id").values(*columns)[:batch_size])
        if not rows:
            return
        yield rows
        last = rows[-1]["id"]


def csv_time(value) -> str:
    """ISO 8601 in UTC to the microsecond: every time in the file has the same form."""
    return value.astimezone(UTC).isoformat(timespec="microseconds") if value else ""


def _citations(rows) -> dict[int, list[tuple[str, str]]]:
    found = defaultdict(list)
    for claim_id, url, title in (
        Citation.objects.filter(claim_id__in=[r["id"] for r in rows])
        .order_by("claim_id", "position", "id")
        .values_list("claim_id", "source__url", "source__title")
    ):
        found[claim_id].append((url, title))
    return found


def csv_chunks(queryset, links: rep.Links):
    """The CSV file, a header then one chunk of text per batch of claims."""
    buffer = io.StringIO()
    # With LF line ends the csv module quotes a cell with a line feed but not one with a lone
    # carriage return, at which readers would split the row: quote every text cell instead.
    writer = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_NONNUMERIC)
    buffer.write("\ufeff")  # so spreadsheet programs read the file as UTF-8
    writer.writerow(CSV_COLUMNS)
    yield buffer.getvalue()
    for rows in claim_batches(queryset, _CSV_VALUES):
        buffer.seek(0)
        buffer.truncate()
        citations = _citations(rows)
        for row in rows:
            writer.writerow(_csv_row(row, citations[row["id"]], links))
        yield buffer.getvalue()


def _csv_row(row: dict, citations, links: rep.Links) -> list:
    implied = implied_control(row["verb"], row["side_id"])
    text = spreadsheet_safe
    return [
        row["id"],
        row["place__slug"],
        text(row["place__name"]),
        row["place__kind"],
        row["place__latitude"] if row["place__latitude"] is not None else "",
        row["place__longitude"] if row["place__longitude"] is not None else "",
        row["place__parent__slug"] or "",
        text(row["place__parent__name"] or ""),
        row["claimant__slug"],
        text(row["claimant__name"]),
        row["claimant__kind"],
        row["claimant__side__slug"] or "",
        text(row["claimant__side__name"] or ""),
        row["verb"],
        row["side__slug"] or "",
        text(row["side__name"] or ""),
        text(describe(implied, row["side__name"])),  # begins with a side's name
        csv_time(row["stated_at"]),
        row["stated_precision"],
        csv_time(row["effective_at"]),
        row["effective_precision"],
        text(row["quote"]),
        row["language"],
        text(row["summary"]),
        row["answers_id"] or "",
        row["status"],
        text(row["current_verification__rationale"] or ""),
        csv_time(row["current_verification__decided_at"]),
        "\n".join(text(url) for url, _ in citations),
        "\n".join(text(title) for _, title in citations),
        csv_time(row["recorded_at"]),
        csv_time(row["updated_at"]),
        f"{links.claim_page}{row['id']}/",
    ]


def jsonl_chunks(queryset, links: rep.Links):
    """One claim per line, exactly as the API represents it."""
    for rows in claim_batches(queryset, rep.CLAIM_COLUMNS):
        yield b"".join(
            orjson.dumps(claim, option=orjson.OPT_UTC_Z) + b"\n"
            for claim in rep.claim_dicts(rows, links)
        )


def geojson_chunks(places, links: rep.Links, batch_size: int = 500):
    """A FeatureCollection: every place with coordinates, as a Point with its control picture."""
    yield b'{"type":"FeatureCollection","features":['
    first, last = True, 0
    places = places.filter(latitude__isnull=False).select_related("parent").order_by("id")
    while True:
        batch = list(places.filter(id__gt=last)[:batch_size])
        if not batch:
            break
        last = batch[-1].id
        pictures = selectors.place_pictures(batch)
        features = [orjson.dumps(_feature(p, pictures[p.pk], links)) for p in batch]
        yield (b"" if first else b",") + b",".join(features)
        first = False
    yield b"]}"


def _feature(place: Place, picture, links: rep.Links) -> dict:
    return {
        "type": "Feature",
        "geometry": {
            "type": "Point",
            "coordinates": [float(place.longitude), float(place.latitude)],
        },
        "properties": {
            "slug": place.slug,
            "name": place.name,
            "kind": place.kind,
            "region": place.parent.slug if place.parent_id else None,
            "conflict": picture.conflict,
            "verdict": picture.verdict,
            "verdict_text": VERDICT_TEXT[picture.verdict],
            "sides": [
                {
                    "side": position.side.slug,
                    "claim": position.claim.pk,
                    "claimant": position.claim.claimant.slug,
                    "verb": position.claim.verb,
                    "says": position.phrase,
                    "stated_at": position.claim.stated_at.isoformat(),
                    "status": position.status,
                }
                for position in picture.positions
            ],
            "url": f"{links.place_api}{place.slug}/",
            "page_url": f"{links.place_page}{place.slug}/",
        },
    }
