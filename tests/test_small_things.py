"""Issue 12's small things: CORS for public reads and the API's entry point. Download names are
tested in tests/views/test_exports.py, the schema's public reads in tests/api/test_schema.py,
create_editor without a terminal in tests/management/commands/test_create_editor.py."""

import pytest

pytestmark = pytest.mark.django_db


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
