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

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cached_property

from claims import control
from claims.choices import Control, Verb

# Like the bounds in claims.picture: a place restated daily for years stays a small record.
INDEPENDENT_LISTED = 5
# The positions that claim the place, all of it or part of it.
CLAIMING = frozenset({Control.FULL, Control.PARTIAL})


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
        said = (
            self.verb,
            self.side_id,
            self.claimant_side_id,
            self.answers_verb,
            self.answers_side_id,
            self.ambiguous,
        )
        if said not in _STANCES:
            _STANCES[said] = control.stance(
                verb=self.verb,
                side_id=self.side_id,
                claimant_side_id=self.claimant_side_id,
                answers_verb=self.answers_verb,
                answers_side_id=self.answers_side_id,
                ambiguous=self.ambiguous,
            )
        return _STANCES[said]


# control.stance of each combination of its inputs met: a replay reads every statement of a
# place, and these are few (verbs, sides, answered verbs and sides), where the statements are
# many. A verb outside the vocabulary still raises, and is never kept.
_STANCES: dict[tuple, str | None] = {}


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


class Denials:
    """Which sides' runs deny a claim in another side's run, kept up to date as statements enter
    and leave the runs: whether a place is contested after each statement is then read from a
    count per pair of sides, not from every run again (which made a replay quadratic in the
    place's statements)."""

    def __init__(self):
        self._holder: dict[int, int] = {}  # a statement in a run: the side whose run it is
        self._denying: dict[int, Counter] = {}  # a claim: denials of it in each side's runs
        self._between: Counter = Counter()  # (denying side, denied side): live denials

    def enter(self, statement: Statement, side_id: int) -> None:
        self._count(statement, side_id, 1)
        self._holder[statement.id] = side_id

    def leave(self, statement: Statement, side_id: int) -> None:
        del self._holder[statement.id]
        self._count(statement, side_id, -1)

    def _count(self, statement: Statement, side_id: int, step: int) -> None:
        # A pair is counted while both its statements are in runs: when the second enters, until
        # the first leaves.
        if statement.verb == Verb.DENIED and statement.answers_id is not None:
            held_by = self._holder.get(statement.answers_id)
            if held_by is not None and held_by != side_id:
                self._between[side_id, held_by] += step
            self._denying.setdefault(statement.answers_id, Counter())[side_id] += step
        for denier, denials in self._denying.get(statement.id, {}).items():
            if denier != side_id:
                self._between[denier, side_id] += step * denials

    def between(self, denier: int, denied: int) -> bool:
        return self._between[denier, denied] > 0


class SideStatements:
    """One side's statements, read in the order they were made. A run is only ever extended or
    replaced by one of at most two statements, so each statement costs the same however many
    came before it."""

    def __init__(self, side_id: int, window: timedelta, denials: Denials | None = None):
        self.side_id = side_id
        self.window = window
        self.run: list[Statement] = []  # the latest control statements, all of one stance
        self.contradiction: Statement | None = None  # contradicts the run, unresolved
        self.context: list[Statement] = []
        self.pairs: list[tuple[int, int]] = []
        self._denials = denials
        # The side's position after the statements read so far: an attribute kept by add(),
        # not a property, as a replay reads it for every side after every statement.
        self.control: str = Control.UNCLEAR

    def add(self, statement: Statement) -> None:
        value = statement.stance
        if value is None:
            self.context.append(statement)
        elif self.contradiction is not None:
            # The side has spoken about control again: that settles it, with whichever of the
            # contradicting statements agree (the run's stance is never the contradiction's).
            contradiction, self.contradiction = self.contradiction, None
            if value == self.run[-1].stance:
                self._extend(statement)
            elif value == contradiction.stance:
                self._replace([contradiction, statement])
            else:
                self._replace([statement])
        elif not self.run or value == self.run[-1].stance:
            self._extend(statement)
        elif _contradicts(self.run[-1], statement, self.window):
            self.pairs.append((self.run[-1].id, statement.id))
            self.contradiction = statement
        else:
            self._replace([statement])
        if self.contradiction is not None or not self.run:
            self.control = Control.UNCLEAR
        else:
            self.control = self.run[-1].stance

    def _extend(self, statement: Statement) -> None:
        self.run.append(statement)
        if self._denials is not None:
            self._denials.enter(statement, self.side_id)

    def _replace(self, run: list[Statement]) -> None:
        if self._denials is not None:
            for statement in self.run:
                self._denials.leave(statement, self.side_id)
            for statement in run:
                self._denials.enter(statement, self.side_id)
        self.run = run

    def standing(self) -> Standing:
        if self.contradiction is not None:
            since = self.contradiction.stated_at
            run, contradicted = [*self.run, self.contradiction], True
        elif self.run:
            since, run, contradicted = self.run[0].stated_at, list(self.run), False
        else:
            since, run, contradicted = None, [], False
        context = [s for s in self.context if since is None or s.stated_at >= since]
        return Standing(
            self.side_id, self.control, since, run, context, contradicted, list(self.pairs)
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


def replay(statements, moment, window, sides: dict[int, SideStatements], denials=None):
    """Read the sides' statements in order into ``sides``, yielding after each one; given
    ``denials``, keep it up to date with the sides' runs (see :func:`contested_now`)."""
    for statement in visible(statements, moment):
        side_id = statement.claimant_side_id
        if side_id is None:
            continue
        side = sides.get(side_id)
        if side is None:
            side = sides[side_id] = SideStatements(side_id, window, denials)
        side.add(statement)
        yield statement


def contested_now(sides: Iterable[SideStatements], denials: Denials) -> bool:
    """:func:`contested` for sides being replayed with ``denials``, in time independent of
    how long their runs are."""
    sides = list(sides)
    claiming = [side.side_id for side in sides if side.control in CLAIMING]
    denied_directly = len(claiming) > 1 and any(
        denials.between(denier, denied)
        for denier in claiming
        for denied in claiming
        if denier != denied
    )
    return control.contested((side.control for side in sides), denied_directly=denied_directly)


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
