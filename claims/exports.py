"""Streaming exports: CSV and JSONL of claims, GeoJSON of places.

Rows are read in keyset batches (``id > last``, no OFFSET, no server-side cursor, which breaks
behind PgBouncer) and written out a batch at a time, so memory stays flat however many claims
there are. The CSV columns are a stable, documented format (docs/csv-format.md) that
``manage.py import_claims`` reads back; they are declared in :mod:`claims.formats`.
"""

import csv
import io

import orjson

from claims import formats, pictures
from claims import representations as rep
from claims.choices import BOOKKEEPING_STATUSES
from claims.control import VERDICT_TEXT
from claims.formats.cells import from_spreadsheet as from_spreadsheet  # what reads a CSV undoes
from claims.models import Place

BATCH_SIZE = 2000


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


CSV_COLUMNS = formats.claims.CSV.names
VERIFICATION_CSV_COLUMNS = formats.verifications.CSV.names


def _csv_chunks(spec: formats.Format, queryset, links: rep.Links):
    """A CSV file, one chunk of text per batch of rows, the header in the first: making the
    first chunk reads the database, where the view can still answer a fault (replicas.streamed).
    """
    buffer = io.StringIO()
    # With LF line ends the csv module quotes a cell with a line feed but not one with a lone
    # carriage return, at which readers would split the row: quote every text cell instead.
    writer = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_NONNUMERIC)
    buffer.write("\ufeff")  # so spreadsheet programs read the file as UTF-8
    writer.writerow(spec.names)
    for rows in claim_batches(queryset, spec.values):
        spec.attach(rows)
        writer.writerows(spec.as_list(row, links) for row in rows)
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    if buffer.tell():  # no rows: the header alone
        yield buffer.getvalue()


def csv_chunks(queryset, links: rep.Links):
    """The claims CSV."""
    return _csv_chunks(formats.claims.CSV, queryset, links)


def verifications_for_export(queryset):
    """Verdicts only: bookkeeping (unreviewed, in review) is the desk's, not a judgement."""
    return queryset.exclude(status__in=BOOKKEEPING_STATUSES)


def verification_csv_chunks(queryset, links: rep.Links):
    """The verifications CSV."""
    return _csv_chunks(formats.verifications.CSV, verifications_for_export(queryset), links)


def jsonl_chunks(queryset, links: rep.Links):
    """One claim per line, exactly as the API represents it."""
    for rows in claim_batches(queryset, rep.CLAIM_COLUMNS):
        yield b"".join(
            orjson.dumps(claim, option=orjson.OPT_UTC_Z) + b"\n"
            for claim in rep.claim_dicts(rows, links)
        )


def geojson_chunks(places, links: rep.Links, batch_size: int = 500):
    """A FeatureCollection: every place with coordinates, as a Point with its picture now, in
    the API's shape (four queries a batch: places, sides, actors, and none for names); the
    opening goes out with the first batch, as the CSV's header does."""
    opening, started, last = b'{"type":"FeatureCollection","features":[', False, 0
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
        yield (b"," if started else opening) + b",".join(features)
        started = True
    yield (b"" if started else opening) + b"]}"


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
