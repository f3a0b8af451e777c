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

from claims import pictures
from claims import representations as rep
from claims.choices import BOOKKEEPING_STATUSES
from claims.control import VERDICT_TEXT, describe
from claims.models import Citation, Place, PlaceName, VerificationEvidence

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
    "ambiguous",
    "place_other_names",
    "place_other_name_languages",
    "place_other_name_kinds",
    "claimant_organisation",
    "claimant_organisation_name",
    "citation_publishers",
    "citation_published_at",
    "status_verifier",
    "citation_publisher_names",
    "citation_publisher_kinds",
    "citation_publisher_sides",
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
    "implied_side__name",
    "place_id",
    "claimant__parent__slug",
    "claimant__parent__name",
    "current_verification__verifier__slug",
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


def _citations(rows) -> dict[int, list[tuple]]:
    """Each claim's sources: ``(url, title, publisher slug, published_at, publisher name,
    kind, side slug)``, in order."""
    found = defaultdict(list)
    for claim_id, *source in (
        Citation.objects.filter(claim_id__in=[r["id"] for r in rows])
        .order_by("claim_id", "position", "id")
        .values_list("claim_id", *SOURCE_VALUES)
    ):
        found[claim_id].append(source)
    return found


# A source as both CSV files give it: enough to create its publisher in another database.
SOURCE_VALUES = (
    "source__url",
    "source__title",
    "source__publisher__slug",
    "source__published_at",
    "source__publisher__name",
    "source__publisher__kind",
    "source__publisher__side__slug",
)


def _place_names(rows) -> dict[int, list[tuple[str, str, str]]]:
    """Each place's other names: ``(name, language, kind)``, in the order pages list them."""
    found = defaultdict(list)
    for place_id, *name in (
        PlaceName.objects.filter(place_id__in={r["place_id"] for r in rows})
        .order_by("place_id", "language", "name")
        .values_list("place_id", "name", "language", "kind")
    ):
        found[place_id].append(name)
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
        citations, names = _citations(rows), _place_names(rows)
        for row in rows:
            writer.writerow(_csv_row(row, citations[row["id"]], names[row["place_id"]], links))
        yield buffer.getvalue()


def _csv_row(row: dict, citations, names, links: rep.Links) -> list:
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
        text(describe(row["implied_side__name"], row["implied_control"])),
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
        "\n".join(text(c[0]) for c in citations),
        "\n".join(text(c[1]) for c in citations),
        csv_time(row["recorded_at"]),
        csv_time(row["updated_at"]),
        f"{links.claim_page}{row['id']}/",
        "true" if row["ambiguous"] else "false",
        "\n".join(text(name) for name, _, _ in names),
        "\n".join(language for _, language, _ in names),
        "\n".join(kind for _, _, kind in names),
        row["claimant__parent__slug"] or "",
        text(row["claimant__parent__name"] or ""),
        "\n".join(c[2] or "" for c in citations),
        "\n".join(csv_time(c[3]) for c in citations),
        row["current_verification__verifier__slug"] or "",
        "\n".join(text(c[4] or "") for c in citations),
        "\n".join(c[5] or "" for c in citations),
        "\n".join(c[6] or "" for c in citations),
    ]


# The verifications CSV (docs/csv-format.md), read back by ``import_verifications``: a claim is
# named by what identifies it in any database, not by this database's id.
VERIFICATION_CSV_COLUMNS = [
    "id",
    "claim_id",
    "claim_place",
    "claim_claimant",
    "claim_stated_at",
    "claim_verb",
    "claim_side",
    "status",
    "decided_at",
    "verifier",
    "verifier_name",
    "verifier_kind",
    "verifier_side",
    "rationale",
    "evidence_kind",
    "evidence_urls",
    "evidence_titles",
    "evidence_publishers",
    "evidence_published_at",
    "recorded_at",
    "claim_page_url",
    "evidence_publisher_names",
    "evidence_publisher_kinds",
    "evidence_publisher_sides",
]

_VERIFICATION_VALUES = (
    "id",
    "claim_id",
    "claim__place__slug",
    "claim__claimant__slug",
    "claim__stated_at",
    "claim__verb",
    "claim__side__slug",
    "status",
    "decided_at",
    "verifier__slug",
    "verifier__name",
    "verifier__kind",
    "verifier__side__slug",
    "rationale",
    "evidence_kind",
    "recorded_at",
)


def verifications_for_export(queryset):
    """Verdicts only: bookkeeping (unreviewed, in review) is the desk's, not a judgement."""
    return queryset.exclude(status__in=BOOKKEEPING_STATUSES)


def verification_csv_chunks(queryset, links: rep.Links):
    """The verifications CSV, a header then one chunk of text per batch."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_NONNUMERIC)
    buffer.write("\ufeff")
    writer.writerow(VERIFICATION_CSV_COLUMNS)
    yield buffer.getvalue()
    for rows in claim_batches(verifications_for_export(queryset), _VERIFICATION_VALUES):
        buffer.seek(0)
        buffer.truncate()
        evidence = _evidence(rows)
        for row in rows:
            writer.writerow(_verification_row(row, evidence[row["id"]], links))
        yield buffer.getvalue()


def _evidence(rows) -> dict[int, list[tuple]]:
    found = defaultdict(list)
    for verification_id, *source in (
        VerificationEvidence.objects.filter(verification_id__in=[r["id"] for r in rows])
        .order_by("verification_id", "id")
        .values_list("verification_id", *SOURCE_VALUES)
    ):
        found[verification_id].append(source)
    return found


def _verification_row(row: dict, evidence, links: rep.Links) -> list:
    text = spreadsheet_safe
    return [
        row["id"],
        row["claim_id"],
        row["claim__place__slug"],
        row["claim__claimant__slug"],
        csv_time(row["claim__stated_at"]),
        row["claim__verb"],
        row["claim__side__slug"] or "",
        row["status"],
        csv_time(row["decided_at"]),
        row["verifier__slug"] or "",
        text(row["verifier__name"] or ""),
        row["verifier__kind"] or "",
        row["verifier__side__slug"] or "",
        text(row["rationale"]),
        row["evidence_kind"],
        "\n".join(text(e[0]) for e in evidence),
        "\n".join(text(e[1]) for e in evidence),
        "\n".join(e[2] or "" for e in evidence),
        "\n".join(csv_time(e[3]) for e in evidence),
        csv_time(row["recorded_at"]),
        f"{links.claim_page}{row['claim_id']}/",
        "\n".join(text(e[4] or "") for e in evidence),
        "\n".join(e[5] or "" for e in evidence),
        "\n".join(e[6] or "" for e in evidence),
    ]


def jsonl_chunks(queryset, links: rep.Links):
    """One claim per line, exactly as the API represents it."""
    for rows in claim_batches(queryset, rep.CLAIM_COLUMNS):
        yield b"".join(
            orjson.dumps(claim, option=orjson.OPT_UTC_Z) + b"\n"
            for claim in rep.claim_dicts(rows, links)
        )


def geojson_chunks(places, links: rep.Links, batch_size: int = 500):
    """A FeatureCollection: every place with coordinates, as a Point with its picture now, in
    the API's shape (four queries a batch: places, sides, actors, and none for names)."""
    yield b'{"type":"FeatureCollection","features":['
    first, last = True, 0
    places = places.filter(latitude__isnull=False).select_related("parent", "state").order_by("id")
    while True:
        batch = list(places.filter(id__gt=last)[:batch_size])
        if not batch:
            break
        last = batch[-1].id
        stored = {p.pk: pictures.stored(getattr(p, "state", None)) for p in batch}
        slugs = rep.PictureSlugs(stored.values())
        features = [
            orjson.dumps(_feature(p, stored[p.pk], slugs, links), option=orjson.OPT_UTC_Z)
            for p in batch
        ]
        yield (b"" if first else b",") + b",".join(features)
        first = False
    yield b"]}"


def _feature(place: Place, now, slugs, links: rep.Links) -> dict:
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
            "contested": now.contested,
            "verdict": now.verdict,
            "verdict_text": str(VERDICT_TEXT[now.verdict]),
            "picture": rep.picture_dict(now, None, slugs),
            "url": f"{links.place_api}{place.slug}/",
            "page_url": f"{links.place_page}{place.slug}/",
        },
    }
