"""The API's write serializers (claims.api.serializers): what a client sends is refused with a
400 naming the field, and nothing is written."""

import pytest

from claims.models import Claim
from tests.api.answers import CLAIMS, body, claim_payload

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"verb": "captured", "side": None}, "side"),
        ({"stated_at": "2023-01-14T10:00:00+99:00"}, "stated_at"),
        ({"effective_at": "2023-01-15T00:00:00Z"}, "effective_at"),
        ({"summary": "bell \x07 ringing"}, "summary"),
        ({"summary": "x" * 2001}, "summary"),
        ({"place": "atlantis"}, "place"),
        ({"answers": 10**30}, "answers"),
        ({"citations": [{"title": "no url"}]}, "citations"),
        # Fields only answers carry, or no one's, were dropped with a 201 and taken as written.
        ({"status": "confirmed"}, "status"),
        ({"recorded_by": "maria"}, "recorded_by"),
        ({"foo": "bar"}, "foo"),
        ({"citations": [{"url": "https://example.org/a", "titel": "typo"}]}, "citations"),
    ],
)
def test_bad_claims_get_a_400_naming_the_field(token_for, demo_data, editor, overrides, field):
    before = Claim.objects.count()
    response = token_for(editor).post(CLAIMS, claim_payload(**overrides), format="json")
    assert response.status_code == 400, response.content
    assert field in body(response)
    assert Claim.objects.count() == before


def test_a_rationale_is_required(token_for, demo_data, editor):
    claim = Claim.objects.first()
    response = token_for(editor).post(
        f"{CLAIMS}{claim.pk}/verifications/",
        {"version": claim.version, "status": "disputed"},
        format="json",
    )
    assert response.status_code == 400
    assert "rationale" in body(response)


def test_a_patch_with_a_field_it_cannot_write_is_refused_naming_it(token_for, demo_data, editor):
    claim = Claim.objects.first()
    response = token_for(editor).patch(
        f"{CLAIMS}{claim.pk}/",
        {"version": claim.version, "reason": "Status", "status": "false"},
        format="json",
    )
    assert response.status_code == 400
    assert "it takes:" in body(response)["status"][0]
    claim.refresh_from_db()
    assert claim.status != "false"
