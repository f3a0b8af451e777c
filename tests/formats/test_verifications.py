"""The verification's outside formats (claims.formats.verifications): the API object with its
evidence linked, and the verifications CSV naming the claim as any database can find it."""

from datetime import UTC, datetime

import pytest

from claims import services
from claims.choices import EvidenceKind, Status
from claims.formats.verifications import API, CSV
from claims.models import Verification
from claims.representations import Links
from tests.factories import ClaimFactory, SourceFactory

pytestmark = pytest.mark.django_db

LINKS = Links("http://testserver/")


@pytest.fixture
def verdict(russian_actor, lead, independent_actor):
    claim = ClaimFactory(claimant=russian_actor)
    footage = SourceFactory(title="Geolocated footage", publisher=independent_actor)
    imagery = SourceFactory(title="=Satellite imagery", publisher=independent_actor)
    return services.verification_record(
        claim=claim,
        expected_version=claim.version,
        status=Status.CONFIRMED,
        rationale="Footage and imagery show Russian troops in the centre.",
        decided_at=datetime(2023, 1, 16, 12, tzinfo=UTC),
        evidence_kind=EvidenceKind.GEOLOCATED_FOOTAGE,
        evidence=[footage, imagery],
        user=lead,
    )


def written(spec, verdict) -> list[dict]:
    rows = list(Verification.objects.filter(pk=verdict.pk).values(*spec.values))
    spec.attach(rows)
    return [spec.as_dict(row, LINKS) for row in rows]


def test_the_api_object_links_its_claim_and_each_piece_of_evidence(verdict):
    (made,) = written(API, verdict)
    assert made["claim_url"] == f"http://testserver/api/v1/claims/{verdict.claim_id}/"
    assert [e["title"] for e in made["evidence"]] == ["Geolocated footage", "=Satellite imagery"]
    for evidence in made["evidence"]:
        assert evidence["api_url"] == f"http://testserver/api/v1/sources/{evidence['id']}/"
    assert made["recorded_by"] == "lead"
    assert list(made) == API.names


def test_the_csv_names_the_claim_by_place_claimant_time_and_verb(verdict):
    (row,) = written(CSV, verdict)
    claim = verdict.claim
    assert (row["claim_place"], row["claim_claimant"], row["claim_verb"]) == (
        claim.place.slug,
        claim.claimant.slug,
        claim.verb,
    )
    assert row["claim_stated_at"] == claim.stated_at.astimezone(UTC).isoformat(
        timespec="microseconds"
    )
    assert row["decided_at"] == "2023-01-16T12:00:00.000000+00:00"
    assert row["claim_page_url"] == f"http://testserver/claims/{claim.pk}/"


def test_the_csv_lists_the_evidence_a_line_each_in_the_order_recorded(verdict):
    (row,) = written(CSV, verdict)
    assert row["evidence_titles"] == "Geolocated footage\n'=Satellite imagery"
    assert len(row["evidence_urls"].splitlines()) == 2
    assert row["evidence_publisher_sides"] == "\n"  # two independent publishers
