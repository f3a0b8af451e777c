"""The desk's verification form (claims.forms.verification): the statuses offered follow the
editor's role, the sources offered as evidence are each shown once with the ticked ones kept,
and a pasted URL becomes new evidence for the service."""

import pytest
from django.http import QueryDict

from claims.choices import LEAD_STATUSES, EvidenceKind, Status
from claims.forms import VerificationForm
from tests.factories import ClaimFactory, SourceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def claim(russian_actor):
    return ClaimFactory(claimant=russian_actor)


def offered(user, claim) -> set[str]:
    form = VerificationForm(claim=claim, user=user, candidates=[])
    return {value for value, _ in form.fields["status"].choices}


def test_an_editor_is_offered_no_lead_verdicts_and_nobody_unreviewed(claim, editor, lead):
    everything = set(Status.values) - {Status.UNREVIEWED}
    assert offered(lead, claim) == everything
    assert offered(editor, claim) == everything - LEAD_STATUSES


def test_an_editor_cannot_post_a_lead_verdict(claim, editor):
    data = {"version": claim.version, "status": Status.CONFIRMED, "rationale": "Footage."}
    form = VerificationForm(data=data, claim=claim, user=editor, candidates=[])
    assert "status" in form.errors


def test_evidence_is_offered_once_each_with_the_ticked_sources_first(claim, editor):
    ticked, found, nearby = SourceFactory(), SourceFactory(), SourceFactory()
    data = QueryDict(f"evidence={ticked.pk}&evidence=not-a-number")
    form = VerificationForm(data=data, claim=claim, user=editor, candidates=[nearby, ticked])
    shown = [(source, is_ticked) for source, _, is_ticked in form.evidence_offered([found])]
    assert shown == [(ticked, True), (found, False), (nearby, False)]


def test_unbound_evidence_is_ticked_from_the_initial_sources(claim, editor):
    kept = SourceFactory()
    form = VerificationForm(initial={"evidence": [kept]}, claim=claim, user=editor, candidates=[])
    assert [(s, t) for s, _, t in form.evidence_offered()] == [(kept, True)]


def test_a_pasted_url_becomes_new_evidence_with_its_publisher(claim, lead, independent_actor):
    on_file = SourceFactory()
    data = QueryDict(mutable=True)
    data.update(
        {
            "version": str(claim.version),
            "status": Status.CONFIRMED,
            "rationale": "Geolocated footage shows Russian troops in the centre.",
            "evidence_kind": EvidenceKind.GEOLOCATED_FOOTAGE,
            "evidence": str(on_file.pk),
            "evidence_url": "https://example.org/footage",
            "evidence_title": "Footage from Soledar",
            "evidence_publisher": str(independent_actor.pk),
            "evidence_source_kind": "video",
        }
    )
    form = VerificationForm(data=data, claim=claim, user=lead, candidates=[])
    assert form.is_valid(), form.errors
    arguments = form.service_arguments()
    assert arguments["expected_version"] == claim.version
    assert arguments["evidence"] == [on_file]
    (new,) = arguments["new_evidence"]
    assert (new.url, new.kind, new.publisher) == (
        "https://example.org/footage",
        "video",
        independent_actor,
    )


def test_without_a_url_there_is_no_new_evidence(claim, editor):
    data = {"version": claim.version, "status": Status.DISPUTED, "rationale": "No footage."}
    data["evidence_source_kind"] = "article"
    form = VerificationForm(data=data, claim=claim, user=editor, candidates=[])
    assert form.is_valid(), form.errors
    assert form.service_arguments()["new_evidence"] == []
