"""Catalogue writes (claims.services.catalogue): what a change to an actor or a source touches."""

import pytest
from django.core.exceptions import PermissionDenied

from claims import services
from claims.models import PlacePosition
from tests.factories import SourceFactory

pytestmark = pytest.mark.django_db


def test_changing_an_actors_side_rebuilds_the_pictures_it_touches(
    capture, place, russian_actor, ukraine
):
    assert PlacePosition.objects.get(place=place).side.slug == "russia"
    services.actor_update(actor=russian_actor, side=ukraine)
    position = PlacePosition.objects.get(place=place)
    assert (position.side, position.control) == (ukraine, "none")  # now it says Russia took it
    capture.refresh_from_db()
    assert (capture.implied_side, capture.implied_control) == (ukraine, "none")


def test_only_a_lead_may_correct_a_sources_publisher(
    editor, lead, russian_actor, independent_actor
):
    source = SourceFactory(publisher=russian_actor)
    source.publisher = independent_actor
    with pytest.raises(PermissionDenied):
        services.catalogue_save(instance=source, user=editor)
    services.catalogue_save(instance=source, user=lead)
    source.refresh_from_db()
    assert source.publisher == independent_actor
