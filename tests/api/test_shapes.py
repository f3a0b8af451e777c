"""What the API answers, as its schema describes it (claims.api.shapes): the entry point, a
likely duplicate's refusal and a stale version's conflict carry exactly the fields their shapes
name, so a client generated from the schema reads every one of them."""

import pytest

from claims.api import shapes
from claims.models import Claim
from tests.api.answers import CLAIMS, body, claim_payload
from tests.factories import judge

pytestmark = pytest.mark.django_db


def fields(shape) -> set[str]:
    return set(shape().fields)


def test_the_entry_point_has_the_fields_of_its_shape(client):
    assert set(body(client.get("/api/v1/"))) == fields(shapes.ApiRootSerializer)


def test_a_likely_duplicate_has_the_fields_of_its_shape(token_for, demo_data, editor):
    duplicate = claim_payload(stated_at="2023-01-13T18:00:00Z")
    response = token_for(editor).post(CLAIMS, duplicate, format="json")
    assert response.status_code == 409
    refusal = body(response)
    assert set(refusal) == fields(shapes.DuplicatesSerializer)
    assert set(refusal["duplicates"][0]) == fields(shapes.ClaimSerializer)


def test_a_stale_version_has_the_fields_of_its_shape(token_for, demo_data, editor, second_editor):
    claim = Claim.objects.get(claimant__slug="yevgeny-prigozhin")
    opened_at = claim.version
    judge(claim, second_editor)
    response = token_for(editor).post(
        f"{CLAIMS}{claim.pk}/verifications/",
        {"version": opened_at, "status": "unconfirmed", "rationale": "Mine."},
        format="json",
    )
    assert response.status_code == 409
    conflict = body(response)
    assert set(conflict) == fields(shapes.ConflictSerializer)
    assert set(conflict["current"]) == fields(shapes.ClaimDetailSerializer)
    assert set(conflict["changes"][0]) == fields(shapes.FieldChangeSerializer)
    assert set(conflict["verifications"][0]) == fields(shapes.VerificationSerializer)
