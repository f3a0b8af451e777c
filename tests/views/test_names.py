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


def as_shown(prefix: str, shown: dict, posted: dict) -> dict:
    """A form's POST as the page sends it: the values typed, and beside each the value the page
    showed (Django's hidden initial values)."""
    name = (lambda field: f"{prefix}-{field}") if prefix else (lambda field: field)
    return {
        **{name(field): value for field, value in posted.items()},
        **{f"initial-{name(field)}": value for field, value in shown.items()},
    }


def side_values(side) -> dict:
    return {"name": side.name, "name_uk": side.name_uk, "colour": side.colour}


def test_the_sides_page_edits_the_ukrainian_name_so_saving_a_colour_keeps_it(as_editor, demo_data):
    side = Side.objects.get(slug="ukraine")
    page = as_editor.get(reverse("claims:sides")).text
    assert f'name="s{side.pk}-name_uk" value="Україна"' in page
    assert f'name="initial-s{side.pk}-colour" value="{side.colour}"' in page


class TestTwoEditorsAtOnce:
    """Maria's form is open while Ivan saves the same record: his change to a field she left
    alone stays, and a field both changed is refused with its value now, never overwritten."""

    @pytest.fixture
    def ivan(self, django_user_model, editor):
        other = django_user_model.objects.create_user("ivan", password="unused")
        other.groups.set(editor.groups.all())
        client = Client()
        client.force_login(other)
        return client

    def test_a_side_keeps_the_colour_another_editor_saved_meanwhile(
        self, as_editor, ivan, demo_data
    ):
        side = Side.objects.get(slug="ukraine")
        url, prefix, shown = reverse("claims:sides"), f"s{side.pk}", side_values(side)
        ivan_saves = as_shown(prefix, shown, {**shown, "colour": "#123456"})
        assert ivan.post(url, {"record": side.pk, **ivan_saves}).status_code == 302
        maria_saves = as_shown(prefix, shown, {**shown, "name_uk": "Україна (ЗСУ)"})
        assert as_editor.post(url, {"record": side.pk, **maria_saves}).status_code == 302
        side.refresh_from_db()
        assert (side.colour, side.name_uk) == ("#123456", "Україна (ЗСУ)")

    def test_a_field_both_changed_is_refused_then_saved_again_on_purpose(
        self, as_editor, ivan, demo_data
    ):
        side = Side.objects.get(slug="ukraine")
        url, prefix, shown = reverse("claims:sides"), f"s{side.pk}", side_values(side)
        ivan.post(
            url, {"record": side.pk, **as_shown(prefix, shown, {**shown, "colour": "#123456"})}
        )
        maria_saves = as_shown(prefix, shown, {**shown, "colour": "#ffd500"})
        refused = as_editor.post(url, {"record": side.pk, **maria_saves})
        assert refused.status_code == 400
        assert "Another editor changed this to “#123456” while you were editing" in refused.text
        side.refresh_from_db()
        assert side.colour == "#123456"
        # The page now shows Ivan's colour as the one seen: saving again replaces it.
        assert f'name="initial-{prefix}-colour" value="#123456"' in refused.text
        again = as_shown(prefix, side_values(side), {**side_values(side), "colour": "#ffd500"})
        assert as_editor.post(url, {"record": side.pk, **again}).status_code == 302
        side.refresh_from_db()
        assert side.colour == "#ffd500"

    def test_a_place_keeps_the_coordinates_another_editor_saved_meanwhile(
        self, as_editor, ivan, demo_data
    ):
        place = Place.objects.get(slug="soledar")
        url = reverse("claims:place_edit", args=[place.slug])
        shown = {
            "name": place.name,
            "kind": place.kind,
            "parent": place.parent_id or "",
            "latitude": str(place.latitude),
            "longitude": str(place.longitude),
        }
        assert (
            ivan.post(url, as_shown("", shown, {**shown, "latitude": "48.70000"})).status_code
            == 302
        )
        assert (
            as_editor.post(
                url, as_shown("", shown, {**shown, "name": "Soledar (town)"})
            ).status_code
            == 302
        )
        place.refresh_from_db()
        assert (place.name, str(place.latitude)) == ("Soledar (town)", "48.70000")

    def test_another_name_keeps_the_kind_another_editor_saved_meanwhile(
        self, as_editor, ivan, demo_data
    ):
        name = PlaceName.objects.filter(place__slug="soledar").order_by("pk").first()
        url, prefix = reverse("claims:place_names", args=["soledar"]), f"n{name.pk}"
        shown = {"name": name.name, "language": name.language, "kind": name.kind}
        ivan.post(
            url, {"record": name.pk, **as_shown(prefix, shown, {**shown, "kind": "historical"})}
        )
        maria = as_shown(prefix, shown, {**shown, "language": "uk-UA"})
        assert as_editor.post(url, {"record": name.pk, **maria}).status_code == 302
        name.refresh_from_db()
        assert (name.kind, name.language) == ("historical", "uk-UA")
