"""Catalogue writes (claims.services.catalogue): what a change to an actor or a source touches, and
the colours new sides get."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from claims import services
from claims.models import PlacePosition
from claims.models.actors import NO_SIDE_COLOUR, SIDE_PALETTE
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


def test_new_sides_get_distinct_colours_never_the_no_side_grey(db):
    colours = [services.side_create(name=f"Side {i}").colour for i in range(len(SIDE_PALETTE))]
    assert len(set(colours)) == len(colours)
    assert NO_SIDE_COLOUR not in colours


def test_a_save_keeps_what_another_editor_changed_meanwhile_in_fields_left_alone(
    editor, russian_actor
):
    shown = {"name": russian_actor.name, "description": russian_actor.description}
    services.actor_update(actor=russian_actor, description="Spokesman since 2017.", user=editor)
    stale = type(russian_actor).objects.get(pk=russian_actor.pk)
    stale.description, stale.name = shown["description"], "Igor Y. Konashenkov"
    seen = services.Seen(fields=("name", "description"), changed={"name": shown["name"]})
    services.catalogue_save(instance=stale, user=editor, seen=seen)
    russian_actor.refresh_from_db()
    assert (russian_actor.name, russian_actor.description) == (
        "Igor Y. Konashenkov",
        "Spokesman since 2017.",
    )


def test_a_field_two_editors_changed_differently_is_refused_with_its_value_now(
    editor, russian_actor
):
    shown = russian_actor.name
    services.actor_update(actor=russian_actor, name="Igor Konashenkov (MoD)", user=editor)
    stale = type(russian_actor).objects.get(pk=russian_actor.pk)
    stale.name = "Major General Konashenkov"
    seen = services.Seen(fields=("name",), changed={"name": shown})
    with pytest.raises(ValidationError) as refused:
        services.catalogue_save(instance=stale, user=editor, seen=seen)
    assert "“Igor Konashenkov (MoD)”" in refused.value.message_dict["name"][0]
    russian_actor.refresh_from_db()
    assert russian_actor.name == "Igor Konashenkov (MoD)"


@pytest.mark.parametrize("published_at", [datetime(1800, 1, 1, tzinfo=UTC), "future"])
def test_a_source_published_out_of_range_or_in_the_future_is_refused(editor, published_at):
    source = SourceFactory()
    if published_at == "future":
        published_at = timezone.now() + timedelta(days=30)
    source.published_at = published_at
    with pytest.raises(ValidationError) as refused:
        services.catalogue_save(instance=source, user=editor)
    assert "published_at" in refused.value.message_dict
