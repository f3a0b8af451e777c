"""Geometry of the place page's timeline: one row per side and one for independent actors.

Pure layout in SVG user units; the template draws it. Marks sit at the moment a claim was stated.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from claims.formatting import short_date

WIDTH = 760
LABEL_WIDTH = 120
RIGHT_MARGIN = 24
TOP = 12
ROW_HEIGHT = 40
AXIS_HEIGHT = 32
TICKS = 5


@dataclass(frozen=True)
class Row:
    key: object
    label: str
    y: float


@dataclass(frozen=True)
class Mark:
    x: float
    y: float
    entry: object


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


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


def build(entries, rows: list[tuple[object, str]], *, row_of) -> Timeline:
    """Lay out ``entries`` (anything with ``.claim.stated_at``) on ``rows``.

    ``rows`` is ``[(key, label), …]``; ``row_of(entry)`` gives an entry's row key.
    """
    plot_left, plot_right = LABEL_WIDTH, WIDTH - RIGHT_MARGIN
    laid_rows = [
        Row(key, label, TOP + i * ROW_HEIGHT + ROW_HEIGHT / 2)
        for i, (key, label) in enumerate(rows)
    ]
    y_of = {row.key: row.y for row in laid_rows}
    axis_y = TOP + len(rows) * ROW_HEIGHT
    moments = [e.claim.stated_at for e in entries]
    start, end = _span(moments)
    span = (end - start).total_seconds()

    def x_at(moment: datetime) -> float:
        return round(
            plot_left + (moment - start).total_seconds() / span * (plot_right - plot_left), 1
        )

    marks = [Mark(x_at(e.claim.stated_at), y_of[row_of(e)], e) for e in entries]
    ticks = [
        Tick(
            x_at(start + (end - start) * i / (TICKS - 1)),
            short_date(start + (end - start) * i / (TICKS - 1)),
        )
        for i in range(TICKS)
    ]
    return Timeline(
        width=WIDTH,
        height=int(axis_y + AXIS_HEIGHT),
        plot_left=plot_left,
        plot_right=plot_right,
        axis_y=axis_y,
        rows=laid_rows,
        marks=marks,
        ticks=ticks if moments else [],
    )


def _span(moments: list[datetime]) -> tuple[datetime, datetime]:
    if not moments:
        now = datetime.now().astimezone()
        return now - timedelta(days=1), now
    start, end = min(moments), max(moments)
    if end - start < timedelta(hours=12):
        start, end = start - timedelta(hours=12), end + timedelta(hours=12)
    return start, end
