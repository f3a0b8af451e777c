"""manage.py purge_idempotency_keys: forgets the kept answers older than the window, says how
many, and keeps the rest."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from claims.models import IdempotencyRecord

pytestmark = pytest.mark.django_db


def kept(editor, key: str, *, hours_ago: int) -> None:
    record = IdempotencyRecord.objects.create(
        user=editor, key=key, fingerprint="f" * 64, status=201
    )
    # created_at is set on insert; an update dates it back as if kept that long.
    IdempotencyRecord.objects.filter(pk=record.pk).update(
        created_at=timezone.now() - timedelta(hours=hours_ago)
    )


def test_the_window_can_be_narrowed_and_the_count_is_reported(editor):
    kept(editor, "yesterday", hours_ago=30)
    kept(editor, "this-morning", hours_ago=5)
    kept(editor, "just-now", hours_ago=0)
    out = StringIO()
    call_command("purge_idempotency_keys", "--hours", "4", stdout=out)
    assert out.getvalue().strip() == "Forgot 2 idempotency records older than 4 hours."
    assert list(IdempotencyRecord.objects.values_list("key", flat=True)) == ["just-now"]


def test_nothing_to_forget_is_not_an_error(editor):
    kept(editor, "recent", hours_ago=1)
    out = StringIO()
    call_command("purge_idempotency_keys", stdout=out)
    assert out.getvalue().startswith("Forgot 0 idempotency records")
    assert IdempotencyRecord.objects.count() == 1
