"""Files the import tests read: the demo exported, rows of the claims and the verifications
formats, and the claims as content to compare."""

import csv
import io

from django.db import transaction

from claims import exports
from claims.choices import Status
from claims.models import (
    Claim,
    Side,
)
from claims.representations import Links


def export_text() -> str:
    chunks = exports.csv_chunks(Claim.objects.all(), Links("http://testserver/"))
    return "".join(chunks).removeprefix("\ufeff")


def snapshot():
    """The claims as content, independent of ids and timestamps of this database."""
    return sorted(
        (
            c.claimant.slug,
            c.claimant.side.slug if c.claimant.side_id else "",
            c.place.slug,
            c.verb,
            c.side.slug if c.side_id else "",
            c.stated_at,
            c.stated_precision,
            c.effective_at,
            c.effective_precision,
            c.quote,
            c.language,
            c.summary,
            c.status,
            c.answers.claimant.slug if c.answers_id else "",
            tuple(sorted(x.source.url or x.source.title for x in c.citations.all())),
        )
        for c in Claim.objects.shown()
    )


class Discard(Exception):
    pass


def demo_exported() -> tuple[str, list]:
    """The demo's claims as an export file and as stored, with the database left empty."""
    from claims import demo

    try:
        with transaction.atomic():
            demo.load()
            text, original = export_text(), snapshot()
            raise Discard
    except Discard:
        pass
    assert not Claim.objects.exists() and not Side.objects.exists()
    return text, original


def rows_of(text):
    return list(csv.reader(io.StringIO(text)))


def text_of(rows):
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()


def line_of(rows, index):
    """The file line record ``index`` starts on (cells may hold line breaks)."""
    return 1 + sum(text_of([row]).count("\n") for row in rows[:index])


HEADER = (
    "place,place_name,claimant,claimant_name,claimant_side,verb,side,stated_at,summary,"
    "claimant_organisation,claimant_organisation_name,place_other_names,"
    "place_other_name_languages,place_other_name_kinds,citation_urls,citation_titles,"
    "citation_publishers,citation_publisher_names,citation_publisher_sides,"
    "citation_published_at\n"
)


def one_row(**overrides) -> str:
    values = {
        "place": "avdiivka",
        "place_name": "Avdiivka",
        "claimant": "oleksandr-syrskyi",
        "claimant_name": "Oleksandr Syrskyi",
        "claimant_side": "ukraine",
        "verb": "withdrew",
        "side": "ukraine",
        "stated_at": "2024-02-17T00:00:00+00:00",
        "summary": "The commander-in-chief announced the withdrawal.",
        "claimant_organisation": "armed-forces-of-ukraine",
        "claimant_organisation_name": "Armed Forces of Ukraine",
        "place_other_names": "Авдіївка\nАвдеевка",
        "place_other_name_languages": "uk\nru",
        "place_other_name_kinds": "official\ntransliteration",
        "citation_urls": "https://example.org/syrskyi",
        "citation_titles": "Syrskyi on Avdiivka",
        "citation_publishers": "reuters",
        "citation_publisher_names": "Reuters",
        "citation_publisher_sides": "",
        "citation_published_at": "2024-02-17",
    }
    values.update(overrides)
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(values.values())
    return HEADER + buffer.getvalue()


# The verifications format's columns a row gives (docs/csv-format.md).
COLUMNS = (
    "claim_place,claim_claimant,claim_stated_at,claim_verb,claim_side,status,decided_at,"
    "verifier,verifier_name,verifier_kind,rationale,evidence_kind,evidence_urls,evidence_titles,"
    "evidence_publishers,evidence_publisher_names\n"
)


def row(claim: Claim, **overrides) -> str:
    values = {
        "claim_place": claim.place.slug,
        "claim_claimant": claim.claimant.slug,
        "claim_stated_at": claim.stated_at.isoformat(),
        "claim_verb": claim.verb,
        "claim_side": claim.side.slug if claim.side_id else "",
        "status": Status.PARTIALLY_CONFIRMED,
        "decided_at": "2023-01-13T23:00:00+00:00",
        "verifier": "isw",
        "verifier_name": "Institute for the Study of War",
        "verifier_kind": "think_tank",
        "rationale": "Geolocated footage shows Wagner in the town centre.",
        "evidence_kind": "geolocated_footage",
        "evidence_urls": "https://example.org/isw-jan-13",
        "evidence_titles": "ISW assessment, 13 January",
        "evidence_publishers": "isw",
        "evidence_publisher_names": "Institute for the Study of War",
    }
    values.update(overrides)
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(values.values())
    return buffer.getvalue()
