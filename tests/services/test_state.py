"""The stored control picture (claims.services.state): rebuilt from the places' claims in batches
of any size, and stamping the places' versions unless the caller stamps them under the lock."""

import pytest

from claims import services
from claims.models import PlacePosition, PlaceState, PlaceVersion
from tests.factories import BASE_TIME, ClaimFactory, PlaceFactory

pytestmark = pytest.mark.django_db


def stored(place_ids):
    states = PlaceState.objects.filter(place_id__in=place_ids).order_by("place_id")
    positions = PlacePosition.objects.filter(place_id__in=place_ids).order_by("place_id", "side")
    return (
        list(states.values("place_id", "contested", "verdict", "claim_count", "picture")),
        list(positions.values("place_id", "side_id", "control", "since", "status")),
    )


def test_a_refresh_in_small_batches_stores_what_the_writes_stored(disputed, bakhmut, russian_actor):
    soledar = PlaceFactory(name="Soledar", slug="soledar")
    ClaimFactory(place=soledar, claimant=russian_actor, stated_at=BASE_TIME)
    places = [bakhmut.pk, soledar.pk]
    written = stored(places)
    assert written[0][0]["contested"] and written[1]
    PlacePosition.objects.filter(place_id__in=places).update(control="none")
    PlaceState.objects.filter(place_id__in=places).delete()

    services.refresh_place_states(places, batch_size=1)

    assert stored(places) == written


def test_places_are_stamped_unless_the_caller_stamps_them(bakhmut):
    services.refresh_place_states([bakhmut.pk], touch=False)
    assert not PlaceVersion.objects.filter(place=bakhmut).exists()
    services.refresh_place_states([bakhmut.pk])
    first = PlaceVersion.objects.get(place=bakhmut).version
    services.refresh_place_states([bakhmut.pk])
    assert PlaceVersion.objects.get(place=bakhmut).version > first
