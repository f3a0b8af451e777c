"""Verifications and their evidence: validated, and append-only in the ORM."""

import pytest
from django.core.exceptions import ValidationError

from claims.choices import Status
from claims.models import Verification, VerificationEvidence
from claims.models.verifications import ImmutableRecordError
from tests.factories import ClaimFactory, SourceFactory
from tests.models.refusals import refused_by_database

pytestmark = pytest.mark.django_db


class TestVerificationRules:
    def test_a_verification_without_a_rationale_is_refused(self, russian_actor):
        claim = ClaimFactory(claimant=russian_actor)
        verification = Verification(claim=claim, status=Status.DISPUTED, rationale="  ")
        with pytest.raises(ValidationError) as error:
            verification.full_clean()
        assert "rationale" in error.value.message_dict
        empty = Verification(claim=claim, status=Status.DISPUTED, rationale="")
        refused_by_database(empty.save)

    def test_an_unknown_status_is_refused(self, russian_actor):
        claim = ClaimFactory(claimant=russian_actor)
        verification = Verification(claim=claim, status="probable", rationale="Because.")
        with pytest.raises(ValidationError) as error:
            verification.full_clean()
        assert "status" in error.value.message_dict
        refused_by_database(verification.save)

    def test_a_verification_cannot_be_updated_or_deleted(self, russian_actor):
        claim = ClaimFactory(claimant=russian_actor)
        verification = claim.current_verification
        verification.rationale = "rewritten"
        with pytest.raises(ImmutableRecordError):
            verification.save()
        with pytest.raises(ImmutableRecordError):
            verification.delete()
        with pytest.raises(ImmutableRecordError):
            Verification.objects.filter(pk=verification.pk).update(status=Status.CONFIRMED)
        with pytest.raises(ImmutableRecordError):
            Verification.objects.filter(pk=verification.pk).delete()
        assert Verification.objects.get(pk=verification.pk).status == Status.UNREVIEWED

    def test_evidence_links_are_as_immutable_as_their_verification(self, russian_actor):
        claim = ClaimFactory(claimant=russian_actor)
        link = VerificationEvidence.objects.create(
            verification=claim.current_verification, source=SourceFactory()
        )
        with pytest.raises(ImmutableRecordError):
            link.delete()
        with pytest.raises(ImmutableRecordError):
            VerificationEvidence.objects.all().delete()
