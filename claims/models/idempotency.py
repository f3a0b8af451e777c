"""Remembered answers to API writes, so that a retried request is not applied twice."""

from django.conf import settings
from django.db import models


class IdempotencyRecord(models.Model):
    """The first answer to a write sent with an ``Idempotency-Key`` header.

    It is written in the same transaction as the write itself, so a write that committed always
    has its record and a retry replays the answer instead of writing again. ``status`` 0 marks a
    request still in progress; only successful answers are kept.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    key = models.CharField(max_length=255)
    # Method, path and a digest of the body: the same key sent with another request is refused.
    fingerprint = models.CharField(max_length=64)
    status = models.PositiveSmallIntegerField(default=0)
    content_type = models.CharField(max_length=100, blank=True)
    location = models.CharField(max_length=500, blank=True)
    body = models.BinaryField(default=b"")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="idempotency_key_per_user")
        ]

    def __str__(self):
        return f"{self.key} ({self.status or 'in progress'})"
