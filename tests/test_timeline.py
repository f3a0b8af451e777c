"""The timeline's layout: marks never overlap, dates are never repeated or cut off, and each
mark's shape says what kind of statement it is."""

from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import pairwise

from claims import timeline
from claims.choices import Verb


@dataclass
class FakeClaim:
    pk: int
    stated_at: datetime
    verb: str


@dataclass
class FakeEntry:
    claim: FakeClaim
    row: str


def at(day, hour, minute=0):
    return datetime(2023, 1, day, hour, minute, tzinfo=UTC)


def layout(*claims):
    entries = [
        FakeEntry(FakeClaim(i, when, verb), row) for i, (when, verb, row) in enumerate(claims)
    ]
    return timeline.build(entries, [("a", "Russia"), ("b", "Ukraine")], row_of=lambda e: e.row)


def test_same_day_marks_sit_side_by_side_in_the_order_they_were_made():
    drawn = layout(
        (at(13, 9), Verb.CAPTURED, "a"),
        (at(13, 9, 5), Verb.CAPTURED, "a"),
        (at(13, 9, 10), Verb.CAPTURED, "a"),
        (at(10, 9), Verb.CONTESTED, "b"),
    )
    row = sorted((m for m in drawn.marks if m.y == drawn.rows[0].y), key=lambda m: m.entry.claim.pk)
    xs = [m.x for m in row]
    assert xs == sorted(xs)
    assert all(b - a >= timeline.GAP - 0.1 for a, b in pairwise(xs))
    assert all(drawn.plot_left - timeline.RADIUS <= x <= drawn.plot_right for x in xs)


def test_dates_on_the_axis_are_each_shown_once_and_kept_inside():
    drawn = layout((at(10, 14), Verb.CONTESTED, "b"), (at(13, 19), Verb.CAPTURED, "a"))
    labels = [t.label for t in drawn.ticks]
    assert labels == ["11 Jan 2023", "12 Jan", "13 Jan"]
    for tick in drawn.ticks:
        left = {"start": 0, "middle": 1, "end": 2}[tick.anchor] * timeline.LABEL_HALF_WIDTH
        assert tick.x - left >= 0 and tick.x - left + 2 * timeline.LABEL_HALF_WIDTH <= drawn.width


def test_shapes_tell_claims_denials_withdrawals_and_context_apart():
    drawn = layout(
        (at(13, 9), Verb.CAPTURED, "a"),
        (at(13, 12), Verb.DENIED, "b"),
        (at(14, 9), Verb.WITHDREW, "b"),
        (at(12, 9), Verb.CONTESTED, "b"),
    )
    shapes = {m.entry.claim.verb: m.shape for m in drawn.marks}
    assert shapes == {
        Verb.CAPTURED: "circle",
        Verb.DENIED: "square",
        Verb.WITHDREW: "triangle",
        Verb.CONTESTED: "diamond",
    }
    assert [k[0] for k in drawn.kinds] == ["claim", "denial", "withdrawal", "context"]
