"""claims.filtersets.base: a place or an actor is named by its slug or by a name in any spelling;
a name that fits several is refused naming each, an unknown one is refused saying so."""

import pytest

pytestmark = pytest.mark.django_db


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


def test_an_ambiguous_name_names_the_choices_in_the_api(client, demo_data):
    response = client.get("/api/v1/claims/", {"place": "Bakh"})
    assert response.status_code == 400
    message = response.json()["place"][0]
    assert "Bakhmut (bakhmut)" in message and "Bakhmut Raion (bakhmut-raion)" in message


def test_an_unknown_name_says_so(client, demo_data):
    response = client.get("/api/v1/claims/", {"claimant": "Nobody Atall"})
    assert response.status_code == 400
    assert "Nothing is called" in response.json()["claimant"][0]
