"""Issue 12's small things: create_editor without a terminal, CORS for public reads, the API's
entry point. Download names are tested in tests/views/test_exports.py, the schema's public
reads in tests/api/test_schema.py."""

import io

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def test_create_editor_without_a_terminal_says_how_to_give_the_password(monkeypatch):
    monkeypatch.delenv("CLAIMTRACKER_EDITOR_PASSWORD", raising=False)
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    with pytest.raises(CommandError, match="CLAIMTRACKER_EDITOR_PASSWORD") as refused:
        call_command("create_editor", "maria")
    assert "No terminal" in str(refused.value)


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
