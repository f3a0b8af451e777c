"""Idempotency-Key: a retried API write returns the first answer and creates nothing new."""

import json
import threading
from datetime import timedelta

import orjson
import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from claims.api import idempotency
from claims.models import Claim, IdempotencyRecord, Verification

CLAIMS = "/api/v1/claims/"


def claim_payload(**overrides):
    return {
        "place": "soledar",
        "claimant": "serhii-cherevaty",
        "verb": "holds",
        "side": "ukraine",
        "stated_at": "2023-01-14T10:00:00+02:00",
        "summary": "Ukraine's army said it still held the town.",
        **overrides,
    }


def post(client, url, payload, key):
    return client.post(url, payload, format="json", HTTP_IDEMPOTENCY_KEY=key)


class TestClaims:
    def test_a_retry_replays_the_first_answer_and_writes_nothing(
        self, token_for, demo_data, editor
    ):
        api = token_for(editor)
        first = post(api, CLAIMS, claim_payload(), "claim-1")
        assert first.status_code == 201, first.content
        count = Claim.objects.count()
        retry = post(api, CLAIMS, claim_payload(), "claim-1")
        assert retry.status_code == 201
        assert retry["Idempotent-Replayed"] == "true"
        assert retry.content == first.content
        assert retry["Location"] == first["Location"]
        assert Claim.objects.count() == count

    def test_other_keys_write_again(self, token_for, demo_data, editor):
        api = token_for(editor)
        payload = claim_payload(allow_duplicate=True)
        post(api, CLAIMS, payload, "a")
        count = Claim.objects.count()
        second = post(api, CLAIMS, payload, "b")
        assert second.status_code == 201
        assert "Idempotent-Replayed" not in second
        assert Claim.objects.count() == count + 1

    def test_without_a_key_writes_are_not_deduplicated(self, token_for, demo_data, editor):
        api = token_for(editor)
        payload = claim_payload(allow_duplicate=True)
        count = Claim.objects.count()
        api.post(CLAIMS, payload, format="json")
        api.post(CLAIMS, payload, format="json")
        assert Claim.objects.count() == count + 2
        assert not IdempotencyRecord.objects.exists()

    def test_the_same_key_with_another_request_is_refused(self, token_for, demo_data, editor):
        api = token_for(editor)
        post(api, CLAIMS, claim_payload(), "k")
        count = Claim.objects.count()
        other = post(api, CLAIMS, claim_payload(summary="Something else."), "k")
        assert other.status_code == 422
        assert "different request" in orjson.loads(other.content)["detail"]
        assert Claim.objects.count() == count

    def test_the_same_json_written_differently_is_the_same_request(
        self, token_for, demo_data, editor
    ):
        api = token_for(editor)
        payload = claim_payload()
        compact = json.dumps(payload, separators=(",", ":"))
        reindented = json.dumps(dict(reversed(payload.items())), indent=4)
        first = api.post(CLAIMS, compact, content_type="application/json", HTTP_IDEMPOTENCY_KEY="j")
        assert first.status_code == 201, first.content
        retry = api.post(
            CLAIMS, reindented, content_type="application/json", HTTP_IDEMPOTENCY_KEY="j"
        )
        assert retry.status_code == 201, retry.content
        assert retry["Idempotent-Replayed"] == "true"
        assert retry.content == first.content

    def test_keys_belong_to_one_account(self, token_for, demo_data, editor, second_editor):
        post(token_for(editor), CLAIMS, claim_payload(), "shared")
        count = Claim.objects.count()
        theirs = post(
            token_for(second_editor), CLAIMS, claim_payload(allow_duplicate=True), "shared"
        )
        assert theirs.status_code == 201
        assert "Idempotent-Replayed" not in theirs
        assert Claim.objects.count() == count + 1

    def test_a_failed_write_keeps_nothing_so_a_corrected_retry_goes_through(
        self, token_for, demo_data, editor
    ):
        api = token_for(editor)
        bad = post(api, CLAIMS, claim_payload(place="atlantis"), "fix-me")
        assert bad.status_code == 400
        duplicate = post(api, CLAIMS, claim_payload(stated_at="2023-01-13T18:00:00Z"), "fix-me")
        assert duplicate.status_code == 409
        assert not IdempotencyRecord.objects.exists()
        corrected = post(api, CLAIMS, claim_payload(), "fix-me")
        assert corrected.status_code == 201
        assert "Idempotent-Replayed" not in corrected

    @pytest.mark.parametrize("key", ["", "x" * 256, "naïve", "tab\there"])
    def test_a_malformed_key_is_a_400_naming_the_header(self, token_for, demo_data, editor, key):
        count = Claim.objects.count()
        response = post(token_for(editor), CLAIMS, claim_payload(), key)
        assert response.status_code == 400
        assert "Idempotency-Key" in orjson.loads(response.content)
        assert Claim.objects.count() == count

    def test_the_schema_documents_the_header(self, api_client, db):
        schema = api_client.get("/api/schema/")
        assert b"Idempotency-Key" in schema.content


class TestVerifications:
    def test_a_retried_verification_is_recorded_once(self, token_for, demo_data, editor):
        claim = Claim.objects.get(claimant__slug="yevgeny-prigozhin")
        url = f"{CLAIMS}{claim.pk}/verifications/"
        payload = {"version": claim.version, "status": "disputed", "rationale": "AP says not."}
        api = token_for(editor)
        first = post(api, url, payload, "v-1")
        retry = post(api, url, payload, "v-1")
        assert (first.status_code, retry.status_code) == (201, 201)
        assert retry.content == first.content
        assert Verification.objects.filter(claim=claim, rationale="AP says not.").count() == 1


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_retries_with_one_key_write_once(demo_data, editor, token_for):
    """A retry that arrives while the first attempt is still running waits for it, then
    replays it: the unique key is claimed inside the write's transaction."""
    api = token_for(editor)
    count = Claim.objects.count()
    barrier = threading.Barrier(4)
    statuses = []

    def attempt():
        try:
            barrier.wait()
            statuses.append(post(api, CLAIMS, claim_payload(), "race").status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [201] * 4
    assert Claim.objects.count() == count + 1


def test_old_records_are_purged(token_for, demo_data, editor):
    api = token_for(editor)
    post(api, CLAIMS, claim_payload(), "old")
    post(api, CLAIMS, claim_payload(allow_duplicate=True), "new")
    IdempotencyRecord.objects.filter(key="old").update(
        created_at=timezone.now() - timedelta(hours=idempotency.KEY_HOURS + 1)
    )
    call_command("purge_idempotency_keys")
    assert list(IdempotencyRecord.objects.values_list("key", flat=True)) == ["new"]
