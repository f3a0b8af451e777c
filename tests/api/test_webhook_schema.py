"""The messages ClaimTracker sends (claims.api.webhook_schema), listed as OpenAPI webhooks in the
schema and the docs page, each with its signature headers and never naming an editor."""

import pytest

pytestmark = pytest.mark.django_db


class TestSchema:
    def test_the_schema_lists_every_message_with_its_signature_headers(self, api_client):
        schema = api_client.get("/api/schema/?format=json").json()
        assert schema["openapi"].startswith("3.1")
        assert set(schema["webhooks"]) == {
            "claim.created",
            "claim.changed",
            "verification.recorded",
            "place.picture_changed",
            "webhook.test",
        }
        operation = schema["webhooks"]["verification.recorded"]["post"]
        headers = {p["name"] for p in operation["parameters"] if p["in"] == "header"}
        assert headers == {"webhook-id", "webhook-timestamp", "webhook-signature"}
        message = schema["components"]["schemas"]["VerificationRecordedMessage"]
        verification = schema["components"]["schemas"]["WebhookVerification"]
        assert set(message["properties"]) == {"type", "timestamp", "data"}
        assert "recorded_by" not in verification["properties"]
        assert "/api/v1/webhooks/" in schema["paths"]

    def test_the_docs_page_serves_the_schema_with_its_webhooks(self, client):
        assert client.get("/api/docs/").status_code == 200
        assert b"/api/schema/" in client.get("/api/docs/?script=").content
