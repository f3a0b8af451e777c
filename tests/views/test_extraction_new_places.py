"""The desk with a village not on file: shown as a new place, created once through the place
service when accepted, or mapped by the editor to a place on file."""

import pytest

from claims.choices import PlaceKind, Verb
from claims.models import Claim, Place, Source
from tests.views.desk_posts import review_data

pytestmark = pytest.mark.django_db

URL = "/claims/extract/"
ARTICLE = (
    "On Tuesday Russia's Defence Ministry said its forces had taken the village of Lastivka "
    "after days of assaults. Serhii Cherevaty, spokesman for Ukraine's eastern forces, said "
    "the claim was not true and that Ukrainian troops still held Lastivka."
)
ARTICLE_FIELDS = {
    "text": ARTICLE,
    "url": "https://example.org/lastivka-claims",
    "title": "Russia says it took Lastivka; Kyiv says it still holds it",
    "publisher": "reuters",
    "published": "2023-01-18",
}


def proposed(client):
    return client.post(URL, {**ARTICLE_FIELDS, "action": "propose"})


def test_a_village_not_on_file_is_shown_as_a_new_place_and_nothing_is_written(
    client, editor, aliases
):
    client.force_login(editor)
    places = Place.objects.count()
    response = proposed(client)
    assert response.status_code == 200
    html = response.content.decode()
    assert "“Lastivka” is not on file" in html
    assert '<mark class="m-place" title="place">Lastivka</mark>' in html
    data = review_data(response)
    assert (data["c0-place"], data["c0-new_place_name"], data["c0-new_place_kind"]) == (
        "",
        "Lastivka",
        PlaceKind.VILLAGE,
    )
    assert Place.objects.count() == places


def test_accepting_creates_the_new_place_once_without_coordinates(client, editor, aliases):
    client.force_login(editor)
    data = {**review_data(proposed(client)), "action": "record"}
    response = client.post(URL, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    [place] = Place.objects.filter(name="Lastivka")
    assert (place.kind, place.latitude, place.longitude) == (PlaceKind.VILLAGE, None, None)
    assert place.history.first().history_user == editor
    source = Source.objects.get(url=ARTICLE_FIELDS["url"])
    claims = Claim.objects.filter(citations__source=source)
    assert {(c.place_id, c.verb) for c in claims} == {
        (place.pk, Verb.CAPTURED),
        (place.pk, Verb.DENIED),
    }


def test_the_editor_can_map_the_new_place_to_a_place_on_file(client, editor, aliases):
    client.force_login(editor)
    places = Place.objects.count()
    data = {**review_data(proposed(client)), "action": "record"}
    data.update({"c0-place": "soledar", "c1-place": "soledar"})
    assert client.post(URL, data).status_code == 302
    assert Place.objects.count() == places
    source = Source.objects.get(url=ARTICLE_FIELDS["url"])
    assert set(
        Claim.objects.filter(citations__source=source).values_list("place__slug", flat=True)
    ) == {"soledar"}


def test_neither_a_place_nor_a_new_name_is_a_form_error_and_nothing_is_written(
    client, editor, aliases
):
    client.force_login(editor)
    data = {**review_data(proposed(client)), "action": "record", "c0-new_place_name": ""}
    counts = (Claim.objects.count(), Place.objects.count())
    response = client.post(URL, data)
    assert response.status_code == 400
    assert "Choose the place (its slug), or name a new one." in response.content.decode()
    assert (Claim.objects.count(), Place.objects.count()) == counts


@pytest.mark.parametrize(
    ("field", "value"), [("c0-new_place_name", "x" * 201), ("c0-new_place_kind", "hamlet")]
)
def test_an_unusable_new_place_is_a_form_error_not_a_server_error(
    client, editor, aliases, field, value
):
    client.force_login(editor)
    data = {**review_data(proposed(client)), "action": "record", field: value}
    places = Place.objects.count()
    response = client.post(URL, data)
    assert response.status_code == 400
    assert Place.objects.count() == places
    assert not Source.objects.filter(url=ARTICLE_FIELDS["url"]).exists()


def test_the_api_proposes_the_new_place_by_name_and_writes_nothing(aliases, token_for, editor):
    places = Place.objects.count()
    response = token_for(editor).post(
        "/api/v1/extract/",
        {"text": ARTICLE, "published": "2023-01-18", "publisher": "reuters"},
        format="json",
    )
    assert response.status_code == 200
    capture, denial = response.json()["claims"]
    assert (capture["place"], capture["place_known"], capture["verb"]) == (
        "Lastivka",
        False,
        "captured",
    )
    assert (denial["place"], denial["answers"]) == ("Lastivka", 0)
    assert Place.objects.count() == places
