"""manage.py generate_synthetic: benchmark data whose state is consistent and searchable."""

import pytest
from django.core.management import call_command

from claims.choices import Status
from claims.models import Claim, Place, PlaceName, PlaceState, Verification

pytestmark = pytest.mark.django_db


def test_the_data_is_consistent_and_searchable(capsys):
    call_command("generate_synthetic", "--places", "30", "--claims", "500", "--seed", "3")
    assert "500 claims" in capsys.readouterr().out
    claims = Claim.objects.select_related("current_verification")
    for claim in claims:
        latest = claim.verifications.order_by("decided_at", "id").last()
        assert claim.current_verification == latest
        assert claim.status == latest.status
        assert claim.version == latest.claim_version
        assert claim.effective_at <= claim.stated_at
        assert claim.search_document
    assert Verification.objects.filter(status=Status.UNREVIEWED).count() == 500
    assert PlaceName.objects.filter(language="uk").count() == 30
    assert PlaceState.objects.filter(claim_count__gt=0).exists()
    assert Place.objects.named(PlaceName.objects.first().name).exists()
