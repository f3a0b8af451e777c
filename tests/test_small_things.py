"""Issue 12's small things: download names, CORS for public reads, the API's entry point and the
schema's public reads."""

import re

import pytest

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
    assert re.fullmatch(f'attachment; filename="{pattern}"', response["Content-Disposition"])


class TestCors:
    def test_public_reads_answer_any_origin_without_credentials(self, client, demo_data):
        response = client.get("/api/v1/claims/", HTTP_ORIGIN="https://dashboard.example.org")
        assert response["Access-Control-Allow-Origin"] == "*"
        assert "Access-Control-Allow-Credentials" not in response
        assert "ETag" in response["Access-Control-Expose-Headers"]

    def test_a_preflight_allows_reads_only(self, client):
        response = client.options(
            "/api/v1/claims/",
            HTTP_ORIGIN="https://dashboard.example.org",
            HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
        )
        allowed = {m.strip() for m in response["Access-Control-Allow-Methods"].split(",")}
        assert allowed == {"GET", "HEAD", "OPTIONS"}

    def test_pages_do_not_answer_cors(self, client, demo_data):
        response = client.get("/claims/", HTTP_ORIGIN="https://dashboard.example.org")
        assert "Access-Control-Allow-Origin" not in response


def test_the_api_root_lists_its_endpoints(client):
    body = client.get("/api/v1/").json()
    assert body["endpoints"]["claims"] == "http://testserver/api/v1/claims/"
    assert set(body["endpoints"]) == {"claims", "verifications", "places", "actors", "sources"}
    assert body["schema"] == "http://testserver/api/schema/"
    for url in body["endpoints"].values():
        assert client.get(url).status_code == 200


def test_the_schema_marks_public_reads_as_needing_no_token(client):
    schema = client.get("/api/schema/?format=json").json()
    public = {"/api/v1/", "/api/v1/claims/", "/api/v1/claims/{id}/", "/api/v1/places/"}
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            if path in public and method == "get":
                assert operation["security"] == [], path
            elif method != "get" or "webhooks" in path:
                assert {"knoxApiToken": []} in operation["security"], (method, path)
