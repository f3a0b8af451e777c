"""Remembered answers to API writes (claims.models.idempotency): one per key and user, and a
record says whether its request is still running."""

import pytest

from claims.models import IdempotencyRecord
from tests.models.refusals import refused_by_database

pytestmark = pytest.mark.django_db


def record(user, key: str, **fields) -> IdempotencyRecord:
    return IdempotencyRecord.objects.create(user=user, key=key, fingerprint="f" * 64, **fields)


def test_a_key_is_kept_once_per_user(editor, second_editor):
    record(editor, "claim-1")
    refused_by_database(lambda: record(editor, "claim-1"))
    record(second_editor, "claim-1")  # another user's key of the same name is theirs
    assert IdempotencyRecord.objects.filter(key="claim-1").count() == 2


def test_a_new_record_is_a_request_in_progress_with_no_answer(editor):
    kept = record(editor, "claim-1")
    kept.refresh_from_db()
    assert (kept.status, bytes(kept.body)) == (0, b"")
    assert str(kept) == "claim-1 (in progress)"
    assert str(record(editor, "claim-2", status=201)) == "claim-2 (201)"


def test_the_answer_is_kept_byte_for_byte(editor):
    body = '{"summary": "Соледар"}'.encode() + b"\x00\xff"
    record(editor, "claim-1", status=201, body=body, location="/api/v1/claims/7/")
    kept = IdempotencyRecord.objects.get(key="claim-1")
    assert bytes(kept.body) == body
    assert kept.location == "/api/v1/claims/7/"


def test_a_users_records_go_with_the_user(editor):
    record(editor, "claim-1")
    editor.delete()
    assert not IdempotencyRecord.objects.exists()
