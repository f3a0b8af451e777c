"""Crafted input gets a clear 400 (JSON under /api/), never a traceback: odd digits, cursors
that nest, bodies that nest, and arbitrary Unicode in any list's parameters. Bodies too large
for Django are tests/views/test_errors.py's."""

import base64
import csv
import io

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claims.api import parsers
from claims.imports import import_file
from claims.models import Claim
from claims.pagination import MAX_TOKEN_LENGTH
from tests.responses import read_through

pytestmark = pytest.mark.django_db

API_LISTS = [
    "/api/v1/claims/",
    "/api/v1/verifications/",
    "/api/v1/places/",
    "/api/v1/actors/",
    "/api/v1/sources/",
]
PAGES_AND_DOWNLOADS = [
    "/places/",
    "/claims/",
    "/actors/",
    "/search/",
    "/feeds/claims.atom",
    "/feeds/verifications.atom",
    "/export/claims.csv",
    "/export/claims.jsonl",
    "/export/verifications.csv",
    "/export/places.geojson",
]


def nested_cursor(levels: int) -> str:
    raw = "[" * levels + "]" * levels
    return base64.urlsafe_b64encode(raw.encode()).decode()


@pytest.mark.parametrize("path", API_LISTS)
@pytest.mark.parametrize("size", ["²", "٣", " 7", "1_0", "+5", "0", "201"])
def test_a_page_size_that_is_not_plain_ascii_digits_is_a_400_naming_it(api_client, path, size):
    response = api_client.get(path, {"page_size": size})
    assert response.status_code == 400
    assert list(response.json()) == ["page_size"]


@pytest.mark.parametrize("path", API_LISTS)
def test_a_cursor_that_nests_deeply_is_a_400_naming_it(api_client, path):
    response = api_client.get(path, {"cursor": nested_cursor(2500)})
    assert response.status_code == 400
    assert response.json() == {"cursor": ["This cursor is not one this server gave out."]}


def test_a_cursor_longer_than_any_this_server_makes_is_refused_unread(api_client):
    response = api_client.get("/api/v1/claims/", {"cursor": "A" * (MAX_TOKEN_LENGTH + 1)})
    assert response.status_code == 400
    assert list(response.json()) == ["cursor"]


def test_a_cursor_this_server_made_still_pages(api_client, demo_data):
    first = api_client.get("/api/v1/claims/", {"page_size": 2}).json()
    second = api_client.get(first["next"]).json()
    assert second["results"] and second["results"][0]["id"] != first["results"][0]["id"]


@pytest.mark.parametrize("path", ["/claims/", "/review/"])
def test_the_claim_pages_refuse_a_nested_cursor_with_a_400_page(client, editor, path):
    client.force_login(editor)
    response = client.get(path, {"cursor": nested_cursor(2500)})
    assert response.status_code == 400
    assert "This cursor is not one this server gave out." in response.text


@pytest.mark.parametrize("levels", [parsers.MAX_DEPTH + 1, 2500, 100_000])
def test_a_json_body_nested_past_the_limit_is_a_400_naming_the_limit(token_for, editor, levels):
    body = "[" * levels + "]" * levels
    response = token_for(editor).post(
        "/api/v1/claims/", body, content_type="application/json", HTTP_IDEMPOTENCY_KEY="k1"
    )
    assert response.status_code == 400
    assert "nesting limit" in response.json()["detail"]
    response = token_for(editor).post("/api/v1/webhooks/", body, content_type="application/json")
    assert response.status_code == 400
    assert "nesting limit" in response.json()["detail"]


def test_depth_counts_arrays_and_objects():
    assert parsers.depth(1) == 0
    assert parsers.depth({"a": [1, {"b": []}]}) == 4
    assert parsers.depth([[]] * 3) == 2


def test_an_imported_id_in_other_digits_is_a_row_error_not_a_crash(ukraine):
    row = {
        "id": "²",
        "place": "avdiivka",
        "place_name": "Avdiivka",
        "claimant": "syrskyi",
        "claimant_name": "Syrskyi",
        "claimant_side": "ukraine",
        "verb": "withdrew",
        "side": "ukraine",
        "stated_at": "2024-02-17T00:00:00+00:00",
        "summary": "Withdrawal.",
    }
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(row), lineterminator="\n")
    writer.writeheader()
    writer.writerow(row)
    report = import_file(io.StringIO(buffer.getvalue()), source_name="digits.csv")
    ((line, message),) = report.errors
    assert line == 2 and "id: “²” is not an id" in message
    assert not Claim.objects.exists()


# --- Arbitrary Unicode in every list's parameters -------------------------------------------

TEXT = st.text(st.characters(codec="utf-8"), max_size=30)
PARAMETER_NAMES = st.one_of(
    st.sampled_from(
        [
            *("page_size", "cursor", "place", "region", "side", "claimant", "verb", "status"),
            *("stated_after", "stated_before", "q", "updated_since", "as_of", "contested"),
        ]
    ),
    TEXT,
)
QUERIES = st.lists(st.tuples(PARAMETER_NAMES, TEXT), max_size=4)


@pytest.fixture(scope="module")
def fuzz_client():
    return Client(raise_request_exception=False)


@pytest.mark.parametrize("path", API_LISTS + PAGES_AND_DOWNLOADS)
@settings(max_examples=25, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(query=QUERIES)
def test_no_list_answers_arbitrary_unicode_parameters_with_a_server_error(fuzz_client, path, query):
    response = fuzz_client.get(path, query)
    read_through(response)
    assert response.status_code < 500, (path, query)
    if path.startswith("/api/"):
        assert response["Content-Type"] == "application/json"
