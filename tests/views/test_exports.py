"""The download views (claims.views.exports): each file named after what it holds and when, kept
out of caches, and a bad filter a 400 naming it. What the files hold is tested in
tests/test_exports.py."""

import re

import pytest

from tests.responses import read_through

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url", "pattern"),
    [
        ("/export/claims.csv", r"claims-\d{8}-\d{4}\.csv"),
        ("/export/claims.jsonl", r"claims-\d{8}-\d{4}\.jsonl"),
        ("/export/places.geojson", r"places-\d{8}-\d{4}\.geojson"),
    ],
)
def test_downloads_are_named_after_what_they_hold_and_when(client, demo_data, url, pattern):
    response = client.get(url)
    read_through(response)
    assert re.fullmatch(f'attachment; filename="{pattern}"', response["Content-Disposition"])
    assert response["Cache-Control"] == "no-store"


def test_a_bad_filter_is_a_400_naming_it(client):
    response = client.get("/export/claims.csv", {"side": "mars", "cursor": "x"})
    assert response.status_code == 400
    assert set(response.json()) == {"side", "cursor"}
