"""How each side's standing position on a place is read from its statements, in the order they
were made: the part of :mod:`claims.picture` that needs no verdicts.

- A side's *standing position* comes from its control statements only (see :mod:`claims.control`)
  and stands until the same side makes another one, however long ago it was made. Its supporting
  claims are the run of latest statements that agree; it began ("since") with the first of them.
- Two control statements by one side's claimants that cannot both be true, made close in time, the
  later not reporting a later change of hands, are a *same-side contradiction*: the position is
  unclear until the side speaks about control again.
- A place is *contested* when two sides' standing positions cannot both be true.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cached_property

from claims import control
from claims.choices import Control, Verb

# Like the bounds in claims.picture: a place restated daily for years stays a small record.
INDEPENDENT_LISTED = 5


@dataclass(frozen=True)
class Statement:
    """A claim as the picture reads it."""

    id: int
    claimant_id: int
    claimant_side_id: int | None
    verb: str
    side_id: int | None
    stated_at: datetime
    effective_at: datetime
    ambiguous: bool = False
    answers_verb: str | None = None
    answers_side_id: int | None = None
    answers_id: int | None = None

    @cached_property
    def stance(self) -> str | None:
        return control.stance(
            verb=self.verb,
            side_id=self.side_id,
            claimant_side_id=self.claimant_side_id,
            answers_verb=self.answers_verb,
            answers_side_id=self.answers_side_id,
            ambiguous=self.ambiguous,
        )


@dataclass
class Standing:
    """A side's position before verdicts are read: which claims carry it."""

    side_id: int
    control: str
    since: datetime | None
    run: list[Statement]
    context: list[Statement]
    contradicted: bool
    pairs: list[tuple[int, int]]


def _contradicts(earlier: Statement, later: Statement, window: timedelta) -> bool:
    """Two control statements of one side that cannot both be true: one says the side is there
    and the other that it is not, by different speakers, close in time. A later change of hands
    is news, not a contradiction — unless the earlier statement denied the other side's claim,
    which a quick concession then admits."""
    if earlier.claimant_id == later.claimant_id:
        return False  # a speaker updating their own account
    if later.stated_at - earlier.stated_at > window:
        return False
    if (earlier.stance == Control.NONE) == (later.stance == Control.NONE):
        return False  # all of it or part of it: a matter of extent, which the latest states
    reports_change = (
        later.verb in control.EVENT_VERBS and later.effective_at >= earlier.effective_at
    )
    return not reports_change or earlier.verb == Verb.DENIED


class SideStatements:
    """One side's statements, read in the order they were made."""

    def __init__(self, side_id: int, window: timedelta):
        self.side_id = side_id
        self.window = window
        self.run: list[Statement] = []  # the latest control statements that agree
        self.disputed: list[Statement] | None = None  # an unresolved contradiction
        self.context: list[Statement] = []
        self.pairs: list[tuple[int, int]] = []

    def add(self, statement: Statement) -> None:
        value = statement.stance
        if value is None:
            self.context.append(statement)
        elif self.disputed is not None:
            # The side has spoken about control again: that settles it, with whichever of the
            # contradicting statements agree.
            self.run = [s for s in self.disputed if s.stance == value] + [statement]
            self.disputed = None
        elif not self.run or value == self.run[-1].stance:
            self.run.append(statement)
        elif _contradicts(self.run[-1], statement, self.window):
            self.pairs.append((self.run[-1].id, statement.id))
            self.disputed = [*self.run, statement]
        else:
            self.run = [statement]

    @property
    def control(self) -> str:
        if self.disputed is not None or not self.run:
            return Control.UNCLEAR
        return self.run[-1].stance

    def standing(self) -> Standing:
        if self.disputed is not None:
            since = self.disputed[-1].stated_at
            run, contradicted = self.disputed, True
        elif self.run:
            since, run, contradicted = self.run[0].stated_at, self.run, False
        else:
            since, run, contradicted = None, [], False
        context = [s for s in self.context if since is None or s.stated_at >= since]
        return Standing(
            self.side_id, self.control, since, list(run), context, contradicted, list(self.pairs)
        )


def contested(standings) -> bool:
    """Whether the sides' standing positions (anything with ``control`` and ``run``) dispute
    the place; see :func:`claims.control.contested`."""
    claiming = [s for s in standings if s.control in (Control.FULL, Control.PARTIAL)]
    held = {s.id: side.side_id for side in claiming for s in side.run}
    denied_directly = any(
        s.verb == Verb.DENIED and held.get(s.answers_id, side.side_id) != side.side_id
        for side in claiming
        for s in side.run
    )
    return control.contested((s.control for s in standings), denied_directly=denied_directly)


def visible(statements: Iterable[Statement], moment: datetime | None) -> list[Statement]:
    shown = [s for s in statements if moment is None or s.stated_at < moment]
    shown.sort(key=lambda s: (s.stated_at, s.id))
    return shown


def replay(statements, moment, window, sides: dict[int, SideStatements]):
    """Read the sides' statements in order into ``sides``, yielding after each one."""
    for statement in visible(statements, moment):
        side_id = statement.claimant_side_id
        if side_id is None:
            continue
        sides.setdefault(side_id, SideStatements(side_id, window)).add(statement)
        yield statement


def read(
    statements: Iterable[Statement],
    moment: datetime | None,
    window: timedelta,
    side_order: Sequence[int],
) -> list[Standing]:
    """Each side's standing position at ``moment``, in ``side_order`` (other sides last)."""
    sides: dict[int, SideStatements] = {}
    for _ in replay(statements, moment, window, sides):
        pass
    order = {side: i for i, side in enumerate(side_order)}
    ordered = sorted(sides, key=lambda side: (order.get(side, len(order)), side))
    return [sides[side].standing() for side in ordered]


def latest_independent(statements, moment) -> list[Statement]:
    """Each independent actor's latest statement, newest first."""
    latest = {}
    for statement in visible(statements, moment):
        if statement.claimant_side_id is None:
            latest[statement.claimant_id] = statement
    ordered = sorted(latest.values(), key=lambda s: (s.stated_at, s.id), reverse=True)
    return ordered[:INDEPENDENT_LISTED]
