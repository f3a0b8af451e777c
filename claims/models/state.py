"""Derived state, rebuilt from claims and verifications by the services; never edited by hand."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from claims.choices import Control, Status
from claims.models.actors import Side
from claims.models.fields import choices_constraint
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


class PlaceVersion(models.Model):
    """The data version of the last write that changed anything a place's page, card, feed or
    API answers show: its own fields and names, its region's, its claims and their verdicts,
    and the actors, sources and sides those show.

    Copies of those answers are keyed on it instead of the global version, so a write about one
    place leaves every other place's copies in the cache. It is written by the services in the
    transaction of the write (as ``DataVersion``), never by an ``on_commit`` hook or in the
    cache: a reader that sees this row sees the data it stands for, on the primary and on any
    replica, and a crash between commit and a hook cannot leave a stale copy live. Taking the
    global version's number makes each stamp unique without a second counter.
    """

    place = models.OneToOneField(
        Place, on_delete=models.CASCADE, primary_key=True, related_name="data_version"
    )
    version = models.BigIntegerField()
    changed_at = models.DateTimeField()

    def __str__(self):
        return f"version {self.version} of place {self.place_id}"

    @property
    def stamp(self) -> str:
        return f"{self.version}@{self.changed_at.isoformat()}"


class PlaceState(models.Model):
    """A place's control picture now: a cached copy of :func:`claims.picture.compute` over
    everything known, rebuilt in the transaction of every write that touches the place.

    ``picture`` holds the whole picture and ``disputes`` the place's disputes until now; the
    other columns repeat parts of the picture so that lists can filter and sort by them.
    """

    place = models.OneToOneField(
        Place, on_delete=models.CASCADE, primary_key=True, related_name="state"
    )
    contested = models.BooleanField(default=False)
    verdict = models.CharField(max_length=20, choices=Status.choices, blank=True)
    claim_count = models.PositiveIntegerField(default=0)
    last_stated_at = models.DateTimeField(null=True, blank=True)
    last_statement_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text=_("The latest statement by any side: how live a dispute is."),
    )
    picture = models.JSONField(default=dict)
    # Every time the place was contested (claims.picture.disputes_to_json), from the same
    # statements as the picture: the place page lists them without replaying every statement
    # on each request. Null: not stored yet, and readers compute them.
    disputes = models.JSONField(null=True, blank=True, default=None)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["contested", "last_statement_at"], name="placestate_contested_idx"
            ),
            models.Index(fields=["verdict"], name="placestate_verdict_idx"),
        ]

    def __str__(self):
        return f"state of {self.place_id}"


class PlacePosition(models.Model):
    """Each side's standing position on a place now, copied out of its picture for filters
    and map colours."""

    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="positions")
    side = models.ForeignKey(Side, on_delete=models.CASCADE, related_name="+")
    control = models.CharField(max_length=10, choices=Control.choices)
    since = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["place", "side"], name="placeposition_unique"),
            choices_constraint("placeposition", "control", Control),
        ]
        indexes = [models.Index(fields=["side", "control"], name="placeposition_side_idx")]

    def __str__(self):
        return f"{self.side_id} on {self.place_id}: {self.control}"
