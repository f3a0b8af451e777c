"""The control picture on real reporting: a corpus of sourced claims and verdicts about twenty
places, 2022–2025 (tests/scenarios/README.md tells each place's story with its sources), loaded
through the two CSV imports and read back through the API at the dates a journalist would check.

Where the corpus and the rules disagree, the rules change: the expected pictures were written
from the reporting, not from the rules.
"""

import csv
import json
from collections import Counter
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db.models import Count, Max
from rest_framework.test import APIClient

from claims import picture, pictures
from claims.models import Claim, Place, PlacePosition, PlaceState, Verification

SCENARIOS = Path(__file__).parent / "scenarios"
EXPECTED = json.loads((SCENARIOS / "expected.json").read_text(encoding="utf-8"))


# Moments the corpus is imported up to, one after another, before the rest of it: the stored
# pictures then are compared with the pictures computed "as of" each moment afterwards.
CUTS = [
    datetime(2022, 10, 1, tzinfo=UTC),
    datetime(2023, 6, 1, tzinfo=UTC),
    datetime(2024, 6, 1, tzinfo=UTC),
    datetime(2025, 6, 1, tzinfo=UTC),
]


@pytest.fixture(scope="module")
def corpus(django_db_setup, django_db_blocker, tmp_path_factory):
    """The corpus imported once for the module, in the order it was reported: at each of
    ``CUTS``, what was said and decided before it, then the rest. Yields the pictures the
    services stored at each cut, ``{cut: {place_id: picture}}``; each test reads without
    writing."""
    folder = tmp_path_factory.mktemp("scenarios")
    stored_at = {}
    with django_db_blocker.unblock():
        for cut in CUTS:
            _import(*_said_before(cut, folder))
            stored_at[cut] = {s.place_id: pictures.stored(s) for s in PlaceState.objects.all()}
        _import(SCENARIOS / "claims.csv", SCENARIOS / "verifications.csv")
        yield stored_at
        _empty_the_database()


def _import(claims: Path, verifications: Path) -> None:
    call_command("import_claims", str(claims), verbosity=0)
    call_command("import_verifications", str(verifications), verbosity=0)


def _said_before(cut: datetime, folder: Path) -> tuple[Path, Path]:
    """The corpus's files cut to the claims stated, and the verdicts decided on them, before
    ``cut``. Each file holds everything before it, as the importer finds answered claims in
    the same file."""
    claims = folder / f"claims-{cut:%Y%m%d}.csv"
    said = {
        (r["place"], r["claimant"], _moment(r["stated_at"]), r["verb"], r["side"])
        for r in _cut("claims.csv", claims, lambda r: _moment(r["stated_at"]) < cut)
    }

    def decided(r):
        claim = r["claim_place"], r["claim_claimant"], _moment(r["claim_stated_at"])
        return _moment(r["decided_at"]) < cut and (*claim, r["claim_verb"], r["claim_side"]) in said

    verdicts = folder / f"verifications-{cut:%Y%m%d}.csv"
    _cut("verifications.csv", verdicts, decided)
    return claims, verdicts


def _moment(text: str) -> datetime:
    return datetime.fromisoformat(text)


def _cut(name: str, path: Path, keep) -> list[dict]:
    """Copy the rows of the corpus file ``name`` that ``keep`` to ``path``; return them."""
    with (SCENARIOS / name).open(encoding="utf-8", newline="") as file:
        reader = csv.DictReader(file)
        rows = [row for row in reader if keep(row)]
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=reader.fieldnames)
        writer.writeheader()
        writer.writerows(rows)
    return rows


def _empty_the_database():
    from django.core.management import call_command as run

    run("flush", "--no-input", verbosity=0)


def picture_at(slug: str, day: str) -> dict:
    response = APIClient().get(f"/api/v1/places/{slug}/", {"as_of": day})
    assert response.status_code == 200, response.content
    return response.json()["picture"]


@pytest.mark.django_db
def test_the_corpus_is_as_large_and_varied_as_the_issue_asks(corpus):
    assert Claim.objects.count() >= 60
    assert Place.objects.filter(claims__isnull=False).distinct().count() >= 8
    verdicts = Verification.objects.exclude(verifier=None)
    assert verdicts.count() >= 30
    sourced = Claim.objects.filter(citations__source__url__startswith="https://").distinct()
    assert sourced.count() == Claim.objects.count()
    assert not Verification.objects.exclude(verifier=None).filter(evidence__isnull=True).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "expected", EXPECTED["pictures"], ids=lambda e: f"{e['place']}-{e['as_of']}"
)
def test_the_picture_on_each_checked_day_is_what_the_reporting_says(corpus, expected):
    picture = picture_at(expected["place"], expected["as_of"])
    assert picture["as_of"] == expected["as_of"]
    found = {p["side"]: p["control"] for p in picture["positions"]}
    assert found == expected["positions"], expected["note"]
    assert picture["contested"] is expected["contested"], expected["note"]
    contradicted = sorted(p["side"] for p in picture["positions"] if p["contradicted_within_side"])
    assert contradicted == sorted(expected.get("contradicted_within_side", [])), expected["note"]
    statuses = {p["side"]: p["status"] for p in picture["positions"]}
    for side, status in expected.get("status", {}).items():
        assert statuses[side] == status, expected["note"]


@pytest.mark.django_db
def test_the_stored_picture_of_every_place_equals_the_one_computed_now(corpus):
    for state in PlaceState.objects.select_related("place"):
        assert pictures.stored(state) == pictures.compute([state.place_id])[state.place_id]


@pytest.mark.django_db
def test_the_stored_rows_are_what_one_computation_builds(corpus, django_assert_num_queries):
    columns = ("contested", "verdict", "claim_count", "last_stated_at", "last_statement_at")
    stored = {s.place_id: s for s in PlaceState.objects.all()}
    held = set(
        PlacePosition.objects.values_list("place_id", "side_id", "control", "since", "status")
    )
    # The places' statements, the sides' order, the judgements of the claims the pictures read.
    with django_assert_num_queries(3):
        states, positions = pictures.cached(list(stored))
    totals = {
        t["place_id"]: (t["n"], t["last"])
        for t in Claim.objects.values("place_id").annotate(n=Count("id"), last=Max("stated_at"))
    }
    for state in states:
        row = stored[state.place_id]
        assert (state.claim_count, state.last_stated_at) == totals[state.place_id]
        assert [getattr(state, c) for c in columns] == [getattr(row, c) for c in columns]
        assert state.picture == row.picture
    assert {(p.place_id, p.side_id, p.control, p.since, p.status) for p in positions} == held


@pytest.mark.django_db
@pytest.mark.parametrize("cut", CUTS, ids=lambda cut: f"{cut:%Y-%m-%d}")
def test_the_picture_stored_then_is_the_one_computed_as_of_then(corpus, cut):
    """The stored copy is a cache of the "as of" computation: what the services stored when
    the corpus reached ``cut`` is what is computed for ``cut`` once all of it is in."""
    place_ids = Place.objects.filter(claims__isnull=False).distinct().values_list("pk", flat=True)
    as_of = pictures.compute(place_ids, moment=cut)
    stored = corpus[cut]
    assert any(p.positions for p in stored.values())
    for place_id, computed in as_of.items():
        then = stored.get(place_id, picture.EMPTY)
        assert then == replace(computed, moment=None), place_id


@pytest.mark.django_db
def test_importing_the_corpus_again_creates_nothing(corpus, tmp_path):
    before = Counter(claims=Claim.objects.count(), verdicts=Verification.objects.count())
    call_command("import_claims", str(SCENARIOS / "claims.csv"), verbosity=0)
    call_command("import_verifications", str(SCENARIOS / "verifications.csv"), verbosity=0)
    after = Counter(claims=Claim.objects.count(), verdicts=Verification.objects.count())
    assert after == before
