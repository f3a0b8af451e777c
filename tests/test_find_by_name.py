"""Finding places, actors and claims by any spelling: another script, a transliteration, a
German or old Soviet name. The same answers on SQLite (skeletons) and PostgreSQL (pg_trgm too)."""

import pytest

from claims import selectors
from claims.models import Actor, Claim, Place
from claims.text import skeleton

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("query", "place", "claimant"),
    [
        ("Соледар", "soledar", None),
        ("Конашенков", "soledar", "igor-konashenkov"),
        ("Artemovsk", "bakhmut", None),
        ("Bachmut", "bakhmut", None),
    ],
)
def test_search_finds_the_place_and_its_claims_in_any_spelling(demo_data, query, place, claimant):
    found = selectors.search(query)
    if claimant is None:
        assert found["places"][0].slug == place
        expected = set(Claim.objects.filter(place__slug=place).values_list("pk", flat=True))
    else:
        assert [a.slug for a in found["actors"]] == [claimant]
        expected = set(Claim.objects.filter(claimant__slug=claimant).values_list("pk", flat=True))
    assert expected
    assert expected <= {c.pk for c in found["claims"]}
    assert {c.place.slug for c in found["claims"]} == {place}


def test_search_page_lists_claims_found_by_a_cyrillic_place_name(client, demo_data):
    response = client.get("/search/", {"q": "Соледар"})
    assert response.status_code == 200
    assert "Igor Konashenkov" in response.content.decode()


def test_search_rows_read_a_denial_from_the_claim_it_answers(
    client, demo_data, django_assert_num_queries
):
    # Places, actors, claims, then by id the rows' places, claimants and answered claims: the
    # claims the rows answer are one lookup whatever the number of rows.
    with django_assert_num_queries(6):
        response = client.get("/search/", {"q": "Cherevaty"})
    assert "Denies Russia&#x27;s capture claim" in response.content.decode()


@pytest.mark.parametrize(
    ("spellings", "bones"),
    [
        (["Bakhmut", "Bachmut", "Бахмут"], "bhmt"),
        (["Artemovsk", "Artemivsk", "Артёмовск", "Артемівськ"], "rtmvsk"),
        (["Konashenkov", "Конашенков"], "knshnkv"),
    ],
)
def test_spellings_of_one_name_share_a_skeleton(spellings, bones):
    assert {skeleton(s) for s in spellings} == {bones}


@pytest.mark.parametrize(
    ("params", "expected_place"),
    [
        ({"place": "soledar"}, "soledar"),
        ({"place": "Соледар"}, "soledar"),
        ({"place": "Bachmut"}, "bakhmut"),
        ({"claimant": "Конашенков"}, "soledar"),
    ],
)
def test_claim_filters_take_slugs_or_names(client, demo_data, params, expected_place):
    response = client.get("/api/v1/claims/", params)
    assert response.status_code == 200
    places = {c["place"]["slug"] for c in response.json()["results"]}
    assert places == {expected_place}


def test_an_ambiguous_name_offers_a_choice_on_the_page(client, demo_data):
    response = client.get("/claims/", {"place": "Bakh"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Which place did you mean?" in page
    assert 'href="?place=bakhmut"' in page and 'href="?place=bakhmut-raion"' in page


def test_an_ambiguous_name_names_the_choices_in_the_api(client, demo_data):
    response = client.get("/api/v1/claims/", {"place": "Bakh"})
    assert response.status_code == 400
    message = response.json()["place"][0]
    assert "Bakhmut (bakhmut)" in message and "Bakhmut Raion (bakhmut-raion)" in message


def test_an_unknown_name_says_so(client, demo_data):
    response = client.get("/api/v1/claims/", {"claimant": "Nobody Atall"})
    assert response.status_code == 400
    assert "Nothing is called" in response.json()["claimant"][0]


def test_typing_a_name_suggests_places(client, demo_data):
    response = client.get("/suggest/place/", {"place": "Бах"})
    assert response.status_code == 200
    page = response.content.decode()
    assert '<option value="bakhmut">Bakhmut</option>' in page


def test_verb_facets_show_words_not_codes(client, demo_data):
    page = client.get("/claims/").content.decode()
    assert ">partially holds</a>" in page
    assert ">partially_holds</a>" not in page


@pytest.mark.parametrize("query", ["Соледар", "Конашенков", "Bachmut", "capture", "Soledar"])
def test_the_latest_found_are_the_latest_of_all_that_match(demo_data, query):
    # A small limit, so that each alternative is cut before they are merged (PostgreSQL).
    places = list(Place.objects.named(query).values_list("pk", flat=True))
    actors = list(Actor.objects.named(query).values_list("pk", flat=True))
    everything = Claim.objects.find(query, places=places, actors=actors)
    latest = Claim.objects.latest_found(query, places=places, actors=actors, limit=3)
    expected = list(everything.order_by("-stated_at", "-id").values_list("pk", flat=True)[:3])
    assert expected
    assert [claim.pk for claim in latest] == expected
