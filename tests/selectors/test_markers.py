"""claims.selectors.markers: the map's markers, coloured by each place's picture now. That the
map page carries them as data is checked in tests/views/test_pages.py."""

import pytest
from django.test.utils import override_script_prefix
from django.urls import reverse
from django.utils import translation

from claims import control, pictures
from claims.choices import Control, Status, Verb
from claims.languages import local_name
from claims.models import Place, Side
from claims.models.actors import NO_SIDE_COLOUR
from claims.selectors import markers
from claims.selectors.markers import CONTESTED_COLOUR, map_markers, place_marker
from tests.factories import PlaceFactory, said

pytestmark = pytest.mark.django_db


@pytest.fixture
def bakhmut(russia, ukraine):
    return PlaceFactory(name="Bakhmut", slug="bakhmut", latitude="48.59560", longitude="38.00000")


def marker_of(place):
    (made,) = map_markers(Place.objects.filter(pk=place.pk))
    return made


def test_a_place_nobody_spoke_about_is_neutral_and_links_to_its_page(bakhmut):
    assert marker_of(bakhmut) == {
        "slug": "bakhmut",
        "name": "Bakhmut",
        "lat": 48.5956,
        "lon": 38.0,
        "colour": NO_SIDE_COLOUR,
        "label": "No side claims it alone",
        "verdict": "no claims",
        "url": "/places/bakhmut/",
    }


@pytest.mark.parametrize("language", ["en", "uk"])
def test_each_marker_links_to_its_page_as_reverse_would(bakhmut, language):
    PlaceFactory(slug="slug_2-b", latitude="48.7", longitude="38.1")
    # A script prefix holding the placeholder the map's addresses are made from.
    with translation.override(language), override_script_prefix("/slug/"):
        made = map_markers(Place.objects.all())
        expected = {m["slug"]: reverse("claims:place_detail", args=[m["slug"]]) for m in made}
    assert {m["slug"]: m["url"] for m in made} == expected
    assert expected["slug_2-b"].startswith("/slug/")


def test_markers_are_worded_in_the_readers_language(bakhmut, russian_actor):
    said(bakhmut, russian_actor, 0)
    with translation.override("uk"):
        (made,) = map_markers(Place.objects.filter(pk=bakhmut.pk))
        side = local_name(russian_actor.side)
        label = f"{side} {control.words(control.POSITION_TEXT, Control.FULL)}"
        verdict = control.words(control.VERDICT_TEXT, Status.UNREVIEWED)
    assert (made["label"], made["verdict"]) == (label, verdict)
    assert verdict != "not yet reviewed"


def test_a_place_one_side_alone_claims_takes_that_sides_colour(bakhmut, russian_actor, russia):
    said(bakhmut, russian_actor, 0)
    made = marker_of(bakhmut)
    assert made["colour"] == russia.colour
    assert made["label"] == "Russia says it controls it"
    assert made["verdict"] == "not yet reviewed"


def test_a_part_held_by_one_side_alone_takes_its_colour_too(bakhmut, ukrainian_actor, ukraine):
    said(bakhmut, ukrainian_actor, 0, verb=Verb.PARTIALLY_HOLDS)
    made = marker_of(bakhmut)
    assert made["colour"] == ukraine.colour
    assert made["label"] == "Ukraine says it holds part of it or is still there"


def test_a_contested_place_takes_the_contested_colour(bakhmut, russian_actor, ukrainian_actor):
    said(bakhmut, russian_actor, 0)
    said(bakhmut, ukrainian_actor, 1, verb=Verb.HOLDS)
    made = marker_of(bakhmut)
    assert (made["colour"], made["label"]) == (
        CONTESTED_COLOUR,
        "Contested: the sides' positions contradict",
    )


def test_two_sides_each_holding_part_is_no_single_colour(bakhmut, russian_actor, ukrainian_actor):
    said(bakhmut, russian_actor, 0, verb=Verb.PARTIALLY_HOLDS)
    said(bakhmut, ukrainian_actor, 1, verb=Verb.PARTIALLY_HOLDS)
    made = marker_of(bakhmut)
    assert (made["colour"], made["label"]) == (NO_SIDE_COLOUR, "No side claims it alone")


def test_a_side_saying_it_does_not_hold_the_place_colours_nothing(bakhmut, ukrainian_actor):
    said(bakhmut, ukrainian_actor, 0, verb=Verb.WITHDREW, side=ukrainian_actor.side)
    assert marker_of(bakhmut)["colour"] == NO_SIDE_COLOUR


def test_places_without_coordinates_have_no_marker(russia):
    nowhere = PlaceFactory(latitude=None, longitude=None)
    assert map_markers(Place.objects.filter(pk=nowhere.pk)) == []
    assert place_marker(nowhere, pictures.stored(None), {}) == []


def test_markers_take_two_queries_whatever_the_number_of_places(
    bakhmut, russian_actor, django_assert_num_queries
):
    for _ in range(3):
        said(PlaceFactory(), russian_actor, 0)
    # the places with their stored state; the sides claiming them
    with django_assert_num_queries(2):
        made = map_markers(Place.objects.all())
    assert len(made) == 4


def test_the_map_stops_at_its_bound(bakhmut, monkeypatch):
    PlaceFactory()
    monkeypatch.setattr(markers, "MAX_MARKERS", 1)
    assert len(map_markers(Place.objects.all())) == 1


def test_a_places_own_marker_reads_nothing_more(
    bakhmut, russian_actor, russia, django_assert_num_queries
):
    said(bakhmut, russian_actor, 0)
    place = Place.objects.select_related("state").get(pk=bakhmut.pk)
    sides = {side.pk: side for side in Side.objects.all()}
    now = pictures.stored(place.state)
    with django_assert_num_queries(0):
        (made,) = place_marker(place, now, sides)
    assert made["colour"] == russia.colour


def test_a_place_without_a_stored_state_has_a_neutral_marker_of_its_own(bakhmut):
    (made,) = place_marker(bakhmut, pictures.stored(None), {})
    assert (made["colour"], made["verdict"]) == (NO_SIDE_COLOUR, "no claims")


def test_the_page_draws_its_marker_as_the_places_map_does(client, demo_data):
    # The page makes its one marker from what it has read; the map of many reads the rows.
    places = Place.objects.filter(latitude__isnull=False).select_related("state")
    sides = {side.pk: side for side in Side.objects.all()}
    assert places
    for place in places:
        made = place_marker(place, pictures.stored(getattr(place, "state", None)), sides)
        assert made == map_markers(Place.objects.filter(pk=place.pk)), place.slug
