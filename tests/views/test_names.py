"""Names and colours from the desk (claims.views.names): a place's other names, an actor's
aliases, a side's colour, each with its history and without the admin."""

import pytest
from django.test import Client
from django.urls import reverse

from claims.models import Actor, ActorName, Place, PlaceName, Side
from claims.models.actors import NO_SIDE_COLOUR

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_editor(editor):
    client = Client()
    client.force_login(editor)
    return client


def test_an_editor_adds_a_places_other_name_and_searches_find_it(as_editor, demo_data, editor):
    url = reverse("claims:place_names", args=["soledar"])
    response = as_editor.post(
        url,
        {"record": "new", "new-name": "Соледарь", "new-language": "ru", "new-kind": "official"},
    )
    assert response.status_code == 302
    name = PlaceName.objects.get(name="Соледарь")
    assert name.place.slug == "soledar"
    assert name.history.get().history_user == editor
    assert Place.objects.named("соледарь").filter(slug="soledar").exists()
    assert "Соледарь" in as_editor.get(url).text


def test_an_editor_corrects_a_places_other_name_with_history(as_editor, demo_data, editor):
    name = PlaceName.objects.filter(place__slug="soledar").first()
    response = as_editor.post(
        reverse("claims:place_names", args=["soledar"]),
        {
            "record": name.pk,
            f"n{name.pk}-name": "Соледар (corrected)",
            f"n{name.pk}-language": name.language,
            f"n{name.pk}-kind": "historical",
        },
    )
    assert response.status_code == 302
    name.refresh_from_db()
    assert (name.name, name.kind) == ("Соледар (corrected)", "historical")
    assert name.history.count() == 2
    assert name.history.first().history_user == editor


def test_a_bad_name_is_a_form_error_not_a_500(as_editor, demo_data):
    response = as_editor.post(
        reverse("claims:place_names", args=["soledar"]),
        {"record": "new", "new-name": "x\x07y", "new-language": "not a code", "new-kind": "x"},
    )
    assert response.status_code == 400
    assert "control character" in response.text
    assert not PlaceName.objects.filter(name__contains="y").filter(name__startswith="x").exists()


def test_an_editor_gives_an_actor_an_alias_and_search_finds_the_actor_by_it(
    as_editor, demo_data, editor
):
    actor = Actor.objects.get(slug="isw")
    response = as_editor.post(
        reverse("claims:actor_names", args=[actor.slug]),
        {
            "record": "new",
            "new-name": "Institute for the Study of War",
            "new-language": "en",
            "new-kind": "official",
        },
    )
    assert response.status_code == 302
    alias = ActorName.objects.get(actor=actor, name="Institute for the Study of War")
    assert alias.history.get().history_user == editor
    assert list(Actor.objects.named("study of WAR")) == [actor]
    results = Client().get(reverse("claims:search"), {"q": "institute for the study"})
    assert actor.get_absolute_url() in results.text


def test_an_editor_changes_a_sides_colour_with_history_but_not_to_the_no_side_grey(
    as_editor, demo_data, editor
):
    side = Side.objects.get(slug="russia")
    url = reverse("claims:sides")
    payload = {"record": side.pk, f"s{side.pk}-name": side.name, f"s{side.pk}-colour": "#aa2200"}
    assert as_editor.post(url, payload).status_code == 302
    side.refresh_from_db()
    assert side.colour == "#aa2200"
    assert side.history.first().history_user == editor

    payload[f"s{side.pk}-colour"] = NO_SIDE_COLOUR
    refused = as_editor.post(url, payload)
    assert refused.status_code == 400
    assert "no side" in refused.text
    side.refresh_from_db()
    assert side.colour == "#aa2200"


@pytest.mark.parametrize(
    "url",
    [
        reverse("claims:place_names", args=["soledar"]),
        reverse("claims:actor_names", args=["isw"]),
        reverse("claims:sides"),
    ],
)
def test_names_and_colours_are_for_editors_only(client, demo_data, reader, url):
    assert client.get(url).status_code == 302
    client.force_login(reader)
    assert client.get(url).status_code == 403
