"""The control picture on real reporting: a corpus of sourced claims and verdicts about fifteen
places, 2022–2025 (tests/scenarios/README.md tells each place's story with its sources), loaded
through the two CSV imports and read back through the API at the dates a journalist would check.

Where the corpus and the rules disagree, the rules change: the expected pictures were written
from the reporting, not from the rules.
"""

import json
from collections import Counter
from pathlib import Path

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from claims import pictures
from claims.models import Claim, Place, PlaceState, Verification

SCENARIOS = Path(__file__).parent / "scenarios"
EXPECTED = json.loads((SCENARIOS / "expected.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def corpus(django_db_setup, django_db_blocker):
    """The corpus imported once for the module; each test reads it without writing."""
    with django_db_blocker.unblock():
        call_command("import_claims", str(SCENARIOS / "claims.csv"), verbosity=0)
        call_command("import_verifications", str(SCENARIOS / "verifications.csv"), verbosity=0)
        yield
        _empty_the_database()


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
def test_importing_the_corpus_again_creates_nothing(corpus, tmp_path):
    before = Counter(claims=Claim.objects.count(), verdicts=Verification.objects.count())
    call_command("import_claims", str(SCENARIOS / "claims.csv"), verbosity=0)
    call_command("import_verifications", str(SCENARIOS / "verifications.csv"), verbosity=0)
    after = Counter(claims=Claim.objects.count(), verdicts=Verification.objects.count())
    assert after == before
