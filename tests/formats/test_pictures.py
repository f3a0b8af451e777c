"""The control picture's schema (claims.formats.pictures) describes exactly what the API gives:
the same keys at every level, and values from the vocabularies it names."""

import pytest

from claims.formats.pictures import (
    AssessmentSerializer,
    PictureSerializer,
    PositionSerializer,
    PositionVerifierSerializer,
)

pytestmark = pytest.mark.django_db


def described(serializer) -> set[str]:
    return set(serializer().fields)


def choices(serializer, field: str) -> set:
    return set(serializer().fields[field].choices)


@pytest.mark.parametrize("url", ["/api/v1/places/soledar/", "/api/v1/places/bakhmut/"])
def test_the_schema_has_every_key_of_a_picture_and_no_other(client, demo_data, url):
    picture = client.get(url).json()["picture"]
    assert set(picture) == described(PictureSerializer)
    assert picture["positions"] and picture["independent"]
    for position in picture["positions"]:
        assert set(position) == described(PositionSerializer)
        assert position["control"] in choices(PositionSerializer, "control")
        assert position["status"] in choices(PositionSerializer, "status")
        for verifier in position["verifiers"]:
            assert set(verifier) == described(PositionVerifierSerializer)
            assert verifier["status"] in choices(PositionVerifierSerializer, "status")
            assert verifier["kind"] in choices(PositionVerifierSerializer, "kind")
    for assessment in picture["independent"]:
        assert set(assessment) == described(AssessmentSerializer)
    assert picture["verdict"] in choices(PictureSerializer, "verdict")


def test_some_picture_in_the_demo_has_a_verifier_to_describe(client, demo_data):
    places = client.get("/api/v1/places/", {"page_size": 200}).json()["results"]
    verifiers = [
        verifier
        for place in places
        for position in place["picture"]["positions"]
        for verifier in position["verifiers"]
    ]
    assert verifiers
    assert {tuple(sorted(v)) for v in verifiers} == {
        tuple(sorted(described(PositionVerifierSerializer)))
    }
