"""A place and a capture claim about it, recorded through the service."""

import pytest

from claims import services
from tests.factories import PlaceFactory, claim_input


@pytest.fixture
def place():
    return PlaceFactory(name="Soledar", slug="soledar")


@pytest.fixture
def capture(place, russian_actor, editor):
    return services.claim_create(data=claim_input(place, russian_actor), user=editor)
