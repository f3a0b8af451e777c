"""Synthetic claims files in the import's format (docs/csv-format.md), for measuring imports."""

import csv
import io
import random
from datetime import timedelta

from claims.choices import ActorKind, PlaceKind, Precision, Status, Verb
from claims.synthetic.generator import SPAN_SECONDS, START

CSV_FILE_COLUMNS = [
    "id", "place", "place_name", "place_kind", "latitude", "longitude", "claimant",
    "claimant_name", "claimant_kind", "claimant_side", "claimant_side_name", "verb", "side",
    "side_name", "stated_at", "stated_precision", "summary", "status", "status_rationale",
    "status_decided_at", "citation_urls", "citation_titles", "citation_publishers",
    "citation_publisher_names", "citation_publisher_sides",
]  # fmt: skip
CSV_VERBS = [
    (Verb.CAPTURED, "own"), (Verb.HOLDS, "own"), (Verb.WITHDREW, "own"),
    (Verb.PARTIALLY_HOLDS, "own"), (Verb.CONTESTED, ""), (Verb.CAPTURED, "other"),
]  # fmt: skip


def claims_csv(*, rows: int, places: int = 200, seed: int = 1, prefix: str = "synthetic") -> str:
    """A claims file of ``rows`` new claims in the import's format (docs/csv-format.md) about
    ``places`` places it describes, by spokespeople of two sides it describes, each citing an
    article of its own by an independent publisher; one claim in ten carries a verdict over.
    ``prefix`` keeps the slugs and URLs of different files apart. For measuring imports."""
    rng = random.Random(seed)
    # The demo's sides: found on file where the demo is loaded, created where not.
    sides = [("russia", "Russia"), ("ukraine", "Ukraine")]
    spokespeople = [
        (f"{prefix}-{code}-speaker-{n}", f"{name} speaker {n}", code, name)
        for code, name in sides
        for n in range(10)
    ]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_FILE_COLUMNS)
    for n in range(rows):
        place = rng.randrange(places)
        claimant, claimant_name, side, side_name = rng.choice(spokespeople)
        verb, about = rng.choice(CSV_VERBS)
        other = next(s for s in sides if s[0] != side)
        about_side = {"own": (side, side_name), "other": other, "": ("", "")}[about]
        stated = START + timedelta(seconds=rng.randrange(SPAN_SECONDS))
        verdict = n % 10 == 0
        writer.writerow(
            [
                n + 1,
                f"{prefix}-place-{place}",
                f"Place {place}",
                PlaceKind.TOWN,
                f"{47 + place % 300 / 100:.4f}",
                f"{36 + place % 500 / 100:.4f}",
                claimant,
                claimant_name,
                ActorKind.SPOKESPERSON,
                side,
                side_name,
                verb,
                about_side[0],
                about_side[1],
                stated.isoformat(),
                Precision.EXACT,
                f"{claimant_name} says {verb} about Place {place} (statement {n + 1}).",
                Status.PARTIALLY_CONFIRMED if verdict else "",
                "Geolocated footage matches the statement." if verdict else "",
                (stated + timedelta(days=1)).isoformat() if verdict else "",
                f"https://example.org/{prefix}/{n + 1}",
                f"Report {n + 1}",
                f"{prefix}-wire",
                "Independent Wire",
                "",
            ]
        )
    return buffer.getvalue()
