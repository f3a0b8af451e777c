"""Change times moved without an edit: what a record's answer shows changed elsewhere (its
place's picture, a renamed claimant, a retitled source), so clients syncing by ``updated_at``
(cursor, ``updated_since``) must fetch it again. A derived column, not an edit: no history row,
which is why this module alone writes it in bulk (tests/test_history_bypass.py exempts it)."""

from collections.abc import Iterable
from datetime import datetime

from django.db import models

# Rows one statement moves: PostgreSQL takes at most 65,535 parameters a statement when they
# are sent apart from the SQL (claimtracker/env.py).
BATCH = 2000


def move_change_times(model: type[models.Model], ids, when: datetime) -> None:
    """Set ``updated_at`` of ``model``'s rows ``ids`` (a list, or a queryset of ids) to
    ``when``."""
    if isinstance(ids, models.QuerySet):
        model._default_manager.filter(pk__in=ids).update(updated_at=when)
        return
    ids = sorted(set(_plain(ids)))
    for start in range(0, len(ids), BATCH):
        model._default_manager.filter(pk__in=ids[start : start + BATCH]).update(updated_at=when)


def _plain(ids: Iterable) -> Iterable[int]:
    return (getattr(each, "pk", each) for each in ids)
