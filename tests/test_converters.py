"""The <id:…> URL converter: an id the database cannot store is a 404, never an overflow."""

import pytest
from django.urls import resolve, reverse

pytestmark = pytest.mark.django_db


def test_an_id_reaches_the_view_as_an_int_and_reverses_to_digits():
    assert resolve("/claims/123/").kwargs == {"pk": 123}
    assert reverse("claims:claim_detail", args=[123]) == "/claims/123/"


@pytest.mark.parametrize(
    "url",
    [
        "/claims/1234567890123456789/",  # 19 digits: past a signed 64-bit column
        "/api/v1/claims/99999999999999999999/",
        "/sources/-1/",
        "/claims/١٢/",  # digits, but not ASCII ones
    ],
)
def test_an_id_no_column_can_hold_is_not_found(client, url):
    assert client.get(url).status_code == 404


def test_the_largest_storable_id_is_looked_up_and_not_found(client):
    assert client.get("/claims/999999999999999999/").status_code == 404
