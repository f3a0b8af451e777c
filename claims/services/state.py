"""The stored control picture of each place, rewritten in every write that touches it."""

from collections.abc import Iterable

from claims import pictures
from claims.models import (
    PlacePosition,
    PlaceState,
)
from claims.services.writes import touch_places
from claims.webhooks import events


def refresh_place_states(
    place_ids: Iterable[int], *, batch_size: int = 500, touch: bool = True
) -> None:
    """Store the control picture now of the given places (see :mod:`claims.picture`).

    ``touch=False`` leaves stamping the places to the caller, under the version lock: an import
    rebuilds pictures before it takes that lock (:func:`begin_bulk_write`)."""
    place_ids = sorted(set(place_ids))
    if touch:
        touch_places(place_ids)
    with events.watching_place_pictures(place_ids):
        for start in range(0, len(place_ids), batch_size):
            _refresh_batch(place_ids[start : start + batch_size])


def _refresh_batch(place_ids: list[int]) -> None:
    states, positions = pictures.cached(place_ids)
    PlacePosition.objects.filter(place_id__in=place_ids).delete()
    PlacePosition.objects.bulk_create(positions)
    PlaceState.objects.bulk_create(
        states,
        update_conflicts=True,
        unique_fields=["place"],
        update_fields=[
            "contested",
            "verdict",
            "claim_count",
            "last_stated_at",
            "last_statement_at",
            "picture",
            "disputes",
            "changed_at",
        ],
    )
