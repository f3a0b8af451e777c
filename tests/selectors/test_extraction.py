"""The extraction gazetteer (claims.selectors.extraction): read in a fixed number of queries at
any size, kept while the data version holds, read again once a name is added."""

import pytest

from claims import selectors, services
from claims.models import Place
from tests.factories import ActorFactory, PlaceFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("extra", [0, 30])
def test_gazetteer_is_read_in_six_queries_at_any_size_then_reused(
    demo_data, django_assert_num_queries, extra
):
    for n in range(extra):
        ActorFactory(name=f"Spokesperson {n}", slug=f"spokesperson-{n}")
        place = PlaceFactory(name=f"Village {n}", slug=f"village-{n}")
        services.place_name_add(place=place, name=f"Село {n}", language="uk", kind="official")
    # the data version; sides; places; their names; actors with their side; the actors' names
    with django_assert_num_queries(6):
        gazetteer = selectors.extraction_gazetteer()
    assert len(gazetteer.places) >= 4 + extra
    assert any("Село 0" in p.names for p in gazetteer.places) == bool(extra)
    # the data version, unchanged: the same gazetteer, matchers built
    with django_assert_num_queries(1):
        assert selectors.extraction_gazetteer() is gazetteer


def test_a_new_alias_is_matched_from_the_next_extraction_on(demo_data):
    before = selectors.extraction_gazetteer()
    soledar = Place.objects.get(slug="soledar")
    services.place_name_add(place=soledar, name="Salt Town", language="en", kind="transliteration")
    after = selectors.extraction_gazetteer()
    assert after is not before
    assert any("Salt Town" in p.names for p in after.places)
