"""Derived state, rebuilt from claims and verifications by the services; never edited by hand."""

from django.db import models

from claims.choices import Status
from claims.models.actors import Side
from claims.models.claims import Claim
from claims.models.places import Place


class DataVersion(models.Model):
    """One row, bumped by every write transaction.

    Its version is the validator behind ETag and Last-Modified. Bumping it takes the row lock,
    which queues writers so that change timestamps follow commit order: a sync client that has
    seen a change at time T can never later meet an older, late-committing one.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    version = models.BigIntegerField(default=0)
    changed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(id=1), name="dataversion_single_row")
        ]

    def __str__(self):
        return f"data version {self.version}"

    @property
    def stamp(self) -> str:
        """What identifies this state of the data in ETags and cache keys. The time is part of
        it because restoring a backup winds the counter back: the next write reuses a number
        but never its moment."""
        return f"{self.version}@{self.changed_at.isoformat()}"


class PlaceState(models.Model):
    """A place's control picture now, kept so that lists can filter and sort by it."""

    place = models.OneToOneField(
        Place, on_delete=models.CASCADE, primary_key=True, related_name="state"
    )
    has_conflict = models.BooleanField(default=False)
    verdict = models.CharField(max_length=20, choices=Status.choices, blank=True)
    claim_count = models.PositiveIntegerField(default=0)
    last_stated_at = models.DateTimeField(null=True, blank=True)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [
            models.Index(fields=["has_conflict", "last_stated_at"], name="placestate_conflict_idx"),
            models.Index(fields=["verdict"], name="placestate_verdict_idx"),
        ]

    def __str__(self):
        return f"state of {self.place_id}"


class PlaceSideClaim(models.Model):
    """The latest claim each side has made about a place."""

    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="side_claims")
    side = models.ForeignKey(Side, on_delete=models.CASCADE, related_name="+")
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="+")
    asserts_control = models.BooleanField(
        default=False, help_text="The claim says this side controls the place, fully or partly."
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["place", "side"], name="placesideclaim_unique")
        ]
        indexes = [models.Index(fields=["side", "asserts_control"], name="placesideclaim_side_idx")]

    def __str__(self):
        return f"{self.side_id} latest on {self.place_id}: {self.claim_id}"
