"""Two places, each with a claim, made through the services with the shared cache on."""

import pytest

from tests.caching.places import place_with_a_claim


@pytest.fixture
def two_places(db, caching, editor, russian_actor, ukrainian_actor):
    kupiansk = place_with_a_claim(
        "Kupiansk", russian_actor, editor, url="https://example.org/kupiansk"
    )
    lyman = place_with_a_claim("Lyman", ukrainian_actor, editor)
    return kupiansk, lyman
