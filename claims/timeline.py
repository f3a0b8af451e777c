"""Geometry of the place page's timeline: one row per side and one for third parties.

Pure layout in SVG user units; the template draws it. Marks sit at the moment a claim was stated;
marks that would overlap (the same day, the same hour) are set side by side, in the order they
were made, rather than on top of each other. Each mark's shape says what kind of statement it is,
its colour where its verification stands.
"""

import functools
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import NamedTuple

from django.utils import dateformat, timezone
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext_lazy as _

from claims.choices import Verb

WIDTH = 760
LABEL_WIDTH = 110
LEFT_MARGIN = 8
RIGHT_MARGIN = 16
TOP = 12
ROW_HEIGHT = 36
AXIS_HEIGHT = 30
RADIUS = 7
# Marks closer than this (centre to centre) are pushed apart.
GAP = 2 * RADIUS + 3
# About how wide a "13 Jan 2023" label is at the timeline's 12-unit text, to keep it inside.
LABEL_HALF_WIDTH = 36

# What kind of statement a verb makes, and the shape that draws it.
KINDS = {
    Verb.CAPTURED: "claim",
    Verb.LIBERATED: "claim",
    Verb.HOLDS: "claim",
    Verb.PARTIALLY_HOLDS: "claim",
    Verb.WITHDREW: "withdrawal",
    Verb.DENIED: "denial",
    Verb.ENCIRCLED: "context",
    Verb.CONTESTED: "context",
    Verb.LEGAL_STATUS: "context",
}
SHAPES = {"claim": "circle", "denial": "square", "withdrawal": "triangle", "context": "diamond"}
KIND_LABELS = [
    ("claim", "circle", _("Claims control (captured, liberated, holds)")),
    ("denial", "square", _("Denies a claim")),
    ("withdrawal", "triangle", _("Withdrawal or concession")),
    ("context", "diamond", _("No claim of control (fighting, encirclement, status)")),
]


@dataclass(frozen=True)
class Row:
    key: object
    label: str
    y: float


class Mark(NamedTuple):
    # A named tuple rather than a frozen dataclass: one is made for each of up to 200 claims a
    # request, and a frozen dataclass's __init__ sets each field through object.__setattr__.
    x: float
    y: float
    entry: object
    kind: str

    @property
    def shape(self) -> str:
        return SHAPES[self.kind]

    @property
    def points(self) -> str:
        """The outline of a triangle or diamond mark, for an SVG polygon."""
        x, y, r = self.x, self.y, RADIUS + 1
        if self.shape == "triangle":
            return f"{x - r},{y - r + 1} {x + r},{y - r + 1} {x},{y + r}"
        return f"{x},{y - r} {x + r},{y} {x},{y + r} {x - r},{y}"

    @property
    def corner(self) -> tuple[float, float]:
        """Top-left corner of a square mark."""
        return self.x - RADIUS + 1, self.y - RADIUS + 1


@dataclass(frozen=True)
class Tick:
    x: float
    label: str
    anchor: str


@dataclass(frozen=True)
class Timeline:
    width: int
    height: int
    plot_left: int
    plot_right: int
    axis_y: float
    rows: list[Row]
    marks: list[Mark]
    ticks: list[Tick]
    kinds: list[tuple[str, str, str]]


def build(entries, rows: list[tuple[object, str]], *, row_of) -> Timeline:
    """Lay out ``entries`` (anything with ``.claim.stated_at`` and ``.claim.verb``) on ``rows``.

    ``rows`` is ``[(key, label), …]``; ``row_of(entry)`` gives an entry's row key.
    """
    plot_left, plot_right = LABEL_WIDTH + RADIUS, WIDTH - RIGHT_MARGIN - RADIUS
    laid_rows = [
        Row(key, label, TOP + i * ROW_HEIGHT + ROW_HEIGHT / 2)
        for i, (key, label) in enumerate(rows)
    ]
    y_of = {row.key: row.y for row in laid_rows}
    axis_y = TOP + len(rows) * ROW_HEIGHT
    moments = [e.claim.stated_at for e in entries]
    start, end = _span(moments)
    span = (end - start).total_seconds()
    width = plot_right - plot_left

    def x_at(moment: datetime) -> float:
        return plot_left + (moment - start).total_seconds() / span * width

    # Each row's entries in the order they were made, gathered in one pass over the entries;
    # the index breaks ties as the stable sort by (stated_at, pk) did, and is never the entry.
    in_rows = {key: [] for key in y_of}
    for i, e in enumerate(entries):
        in_row = in_rows.get(row_of(e))
        if in_row is not None:
            claim = e.claim
            in_row.append((claim.stated_at, claim.pk, i, e))
    marks = []
    for key, in_row in in_rows.items():
        in_row.sort()
        # x_at's arithmetic written out, the same operations in the same order (same floats).
        xs = _spread(
            [plot_left + (at - start).total_seconds() / span * width for at, _, _, _ in in_row],
            plot_left,
            plot_right,
        )
        y = y_of[key]
        marks += [
            Mark(round(x, 1), y, e, KINDS[e.claim.verb])
            for x, (_, _, _, e) in zip(xs, in_row, strict=True)
        ]
    ticks = [
        Tick(round(x, 1), label, _anchor(x, plot_left, plot_right))
        for x, label in _ticks(start, end, x_at)
    ]
    used = {m.kind for m in marks}
    return Timeline(
        width=WIDTH,
        height=int(axis_y + AXIS_HEIGHT),
        plot_left=plot_left,
        plot_right=plot_right,
        axis_y=axis_y,
        rows=laid_rows,
        marks=marks,
        ticks=ticks if moments else [],
        kinds=[k for k in KIND_LABELS if k[0] in used],
    )


def _spread(xs: list[float], left: float, right: float) -> list[float]:
    """``xs`` (ascending) moved apart so that no two are closer than GAP, as little as possible:
    pushed right in order, then the whole run pulled back left if it overflows."""
    placed = []
    for x in xs:
        placed.append(max(x, placed[-1] + GAP) if placed else x)
    overflow = (placed[-1] - right) if placed else 0
    if overflow > 0:
        placed = [x - overflow for x in placed]
        for i in range(len(placed) - 2, -1, -1):
            placed[i] = min(placed[i], placed[i + 1] - GAP)
    return [max(x, left - RADIUS) for x in placed]


def _ticks(start: datetime, end: datetime, x_at):
    """A label at the start of each day the span crosses, thinned so that no two labels touch;
    never the same date twice. A span within one day gets one label, at its start."""
    first = timezone.localtime(start).date()
    last = timezone.localtime(end).date()
    gap = 2 * LABEL_HALF_WIDTH + 4
    if last == first:
        return [(x_at(start), _label(first, True))]
    # Days closer than the gap to the last label are skipped unseen: a span of years has
    # thousands. Nine tenths of a day's width stays short of the gap on the shortest day (23 h).
    # The zone is looked up once, not once a day (each lookup goes through asgiref's Local).
    zone = timezone.get_current_timezone()
    day_width = x_at(_midnight(first + ONE_DAY, zone)) - x_at(_midnight(first, zone))
    skip = timedelta(days=max(1, int(gap / day_width * 0.9)) if day_width > 0 else 1)
    kept = []
    day = first + ONE_DAY
    while day <= last:
        x = x_at(_midnight(day, zone))
        if not kept or x - kept[-1][0] >= gap:
            kept.append((x, day))
            day += skip
        else:
            day += ONE_DAY
    # The year on the first label and wherever it changes.
    return [
        (x, _label(day, i == 0 or day.year != kept[i - 1][1].year))
        for i, (x, day) in enumerate(kept)
    ]


def _midnight(day: date, zone) -> datetime:
    # What make_aware does for a zoneinfo zone, without its checks: this runs once per day of
    # the span, hundreds of times for a place with years of claims.
    return datetime.combine(day, time.min, tzinfo=zone)


ONE_DAY = timedelta(days=1)


def _label(day: date, with_year: bool) -> str:
    return _day_label(day, with_year, get_language())


# A label is a translated format and a month's name (~30 µs) and a timeline has a dozen, most of
# them the same days on every request for the place: each is made once per language.
@functools.lru_cache(maxsize=2048)
def _day_label(day: date, with_year: bool, language: str) -> str:
    # Short, as ticks must not touch: Ukrainian takes the abbreviated month ("j b": 13 січ).
    if with_year:
        return dateformat.format(day, pgettext("timeline date", "j M Y"))
    return dateformat.format(day, pgettext("timeline date without the year", "j M"))


def _anchor(x: float, left: float, right: float) -> str:
    """Labels near either end are anchored inwards, so that none is clipped."""
    if x - LABEL_HALF_WIDTH < left - RADIUS:
        return "start"
    if x + LABEL_HALF_WIDTH > right + RADIUS:
        return "end"
    return "middle"


def _span(moments: list[datetime]) -> tuple[datetime, datetime]:
    if not moments:
        now = timezone.now()
        return now - timedelta(days=1), now
    start, end = min(moments), max(moments)
    if end - start < timedelta(hours=12):
        start, end = start - timedelta(hours=12), end + timedelta(hours=12)
    return start, end
