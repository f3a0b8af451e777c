from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from claims.choices import EvidenceKind, Status
from claims.models.actors import Actor
from claims.models.claims import Claim
from claims.models.fields import choices_constraint
from claims.models.sources import Source
from claims.text import multiline_text, text_constraints

RATIONALE_MAX_LENGTH = 4000


class ImmutableRecordError(Exception):
    """Raised on any attempt to change or remove an append-only record."""


class AppendOnlyQuerySet(models.QuerySet):
    """Refuses bulk changes: verification history is written once and never rewritten."""

    def update(self, **kwargs):
        raise ImmutableRecordError(f"{self.model.__name__} rows are append-only.")

    def delete(self):
        raise ImmutableRecordError(f"{self.model.__name__} rows are append-only.")

    def bulk_update(self, objs, fields, batch_size=None):
        raise ImmutableRecordError(f"{self.model.__name__} rows are append-only.")


class AppendOnlyModel(models.Model):
    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ImmutableRecordError(f"{type(self).__name__} rows are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableRecordError(f"{type(self).__name__} rows are append-only.")


class Verification(AppendOnlyModel):
    """The newsroom's judgement of one claim at one moment.

    Append-only: a new judgement is a new row. The claim's status is the verdict with the latest
    ``decided_at`` (``Claim.status`` caches it; see :func:`claims.picture.current`), so a verdict
    published earlier can be entered later. ``decided_at`` is when the verifier published or the
    editor judged, which the "as of" views use; ``recorded_at`` is when the row was written, which
    the sync feed orders by. ``verifier`` is whose judgement it is (ISW, a news agency); empty,
    the newsroom's own.
    """

    # Indexed first in verification_claim_idx.
    claim = models.ForeignKey(
        Claim, on_delete=models.PROTECT, related_name="verifications", db_index=False
    )
    status = models.CharField(max_length=20, choices=Status.choices)
    rationale = models.TextField(
        blank=True,
        max_length=RATIONALE_MAX_LENGTH,
        validators=[multiline_text, MaxLengthValidator(RATIONALE_MAX_LENGTH)],
    )
    evidence_kind = models.CharField(max_length=30, choices=EvidenceKind.choices, blank=True)
    verifier = models.ForeignKey(
        Actor,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="verdicts",
        help_text=_("Whose judgement this is (ISW, a news agency); empty for the newsroom's own."),
    )
    evidence = models.ManyToManyField(
        Source, through="VerificationEvidence", related_name="evidence_for", blank=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty for records made by the system (demo data, imports)."),
    )
    decided_at = models.DateTimeField(default=timezone.now)
    recorded_at = models.DateTimeField(auto_now_add=True)
    claim_version = models.PositiveIntegerField(
        default=1, help_text=_("The claim's version once this verification was recorded.")
    )

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["decided_at", "id"]
        permissions = [
            ("record_verdict", "Can record the verdicts confirmed, false and superseded"),
        ]
        indexes = [
            models.Index(fields=["claim", "decided_at", "id"], name="verification_claim_idx"),
            models.Index(fields=["recorded_at", "id"], name="verification_sync_idx"),
        ]
        constraints = [
            choices_constraint("verification", "status", Status),
            choices_constraint("verification", "evidence_kind", EvidenceKind, blank=True),
            models.CheckConstraint(
                condition=Q(status=Status.UNREVIEWED) | ~Q(rationale=""),
                name="verification_rationale_required",
            ),
            *text_constraints(
                "verification", "rationale", max_length=RATIONALE_MAX_LENGTH, single_line=False
            ),
        ]

    def __str__(self):
        return f"{self.get_status_display()} · claim {self.claim_id}"

    def clean(self):
        if self.status != Status.UNREVIEWED and not (self.rationale or "").strip():
            raise ValidationError({"rationale": "Give the reason for this status."})


class VerificationEvidence(AppendOnlyModel):
    """A source offered as evidence for one verification; as immutable as the verification."""

    # Indexed first in verificationevidence_unique.
    verification = models.ForeignKey(
        Verification, on_delete=models.PROTECT, related_name="evidence_links", db_index=False
    )
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="evidence_links")

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["verification", "source"], name="verificationevidence_unique"
            )
        ]

    def __str__(self):
        return f"{self.source} for verification {self.verification_id}"
