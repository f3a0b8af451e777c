"""A place's control picture at a moment: each side's standing position, whether the sides
dispute the place, who verified what, and what independent actors said.

One function, :func:`compute`, builds every picture from plain values, so the copy stored for
"now" (``PlaceState.picture``, see :func:`claims.pictures.cached`) and every "as of" picture are
the same computation over the same inputs. The rules, in a journalist's words, are in
docs/architecture.md; how a side's standing position is read from its statements is in
:mod:`claims.standing`. Here, the verdicts:

- A claim's status is its verification with the latest decision time (recording order breaks
  ties); bookkeeping (unreviewed, in review) never outranks a verdict. A position's status is the
  strongest verdict any verifier holds on any of its claims.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from claims import control
from claims.choices import (
    BOOKKEEPING_STATUSES,
    REFUTING_STATUSES,
    SUPPORTING_STATUSES,
    Control,
    Status,
)
from claims.standing import (
    CLAIMING,
    Denials,
    Standing,
    Statement,
    contested,
    contested_now,
    latest_independent,
    read,
    replay,
    visible,
)

# Bounds on what a picture lists, so that a place restated daily for years stays a small record.
CLAIMS_LISTED = 50
CONTEXT_LISTED = 20
VERDICTS_LISTED = 10
ADMISSIONS_LISTED = 5
ADMITTED = "admitted"


@dataclass(frozen=True)
class Judgement:
    """A verification as the picture reads it; ``verifier_id`` None is the newsroom's own."""

    id: int
    claim_id: int
    status: str
    decided_at: datetime
    verifier_id: int | None = None


def current(judgements: Iterable[Judgement]) -> Judgement | None:
    """The judgement that stands: the latest verdict by decision time, then recording order;
    bookkeeping only when there is no verdict at all."""
    judgements = list(judgements)
    verdicts = [j for j in judgements if j.status not in BOOKKEEPING_STATUSES]
    pool = verdicts or judgements
    return max(pool, key=lambda j: (j.decided_at, j.id)) if pool else None


@dataclass(frozen=True)
class Verdict:
    """One verifier's standing verdict on a position (or the other side's admission of it)."""

    actor_id: int | None
    status: str
    decided_at: datetime
    claim_id: int
    kind: str = "verification"


@dataclass
class Position:
    side_id: int
    control: str
    since: datetime | None
    claims: list[int]
    claim_count: int
    status: str
    verifiers: list[Verdict]
    verifiers_disagree: bool
    contradicted_within_side: bool
    context: list[int]


@dataclass(frozen=True)
class Assessment:
    """An independent actor's latest statement about the place."""

    actor_id: int
    claim_id: int
    stated_at: datetime
    status: str


@dataclass
class Picture:
    moment: datetime | None
    contested: bool = False
    last_statement_at: datetime | None = None
    positions: list[Position] = field(default_factory=list)
    independent: list[Assessment] = field(default_factory=list)
    contradictions: list[tuple[int, int]] = field(default_factory=list)

    @property
    def verdict(self) -> str:
        return control.verdict_status(p.status for p in self.positions)

    def position_of(self, side_id: int) -> Position | None:
        return next((p for p in self.positions if p.side_id == side_id), None)


@dataclass
class Dispute:
    """A stretch of time the place was contested, and the claims that disputed it, per side."""

    start: datetime
    end: datetime | None = None
    ended_by: int | None = None
    claims: dict[int, list[int]] = field(default_factory=dict)


def disputes(
    statements: Iterable[Statement], *, moment: datetime | None, window: timedelta
) -> list[Dispute]:
    """Every time the place was contested up to ``moment``, oldest first; the last one may be
    still open (``end`` None). Each dispute lists, per side, every claim in that side's run at
    any moment of it while the side claimed the place."""
    found, current, sides, denials = [], None, {}, Denials()
    # Per side of the open dispute: the run last listed and how much of it. A run only grows at
    # its end or is replaced, so only what was added since is listed again: linear in the
    # statements, where listing each run in full after each statement was quadratic.
    listed: dict[int, tuple[list[Statement], int]] = {}
    for statement in replay(statements, moment, window, sides, denials):
        if contested_now(sides.values(), denials):
            if current is None:
                current = Dispute(start=statement.stated_at)
                found.append(current)
                listed, shown = {}, set()
            for side in sides.values():
                if side.control in CLAIMING:
                    claims = current.claims.setdefault(side.side_id, [])
                    run, done = listed.get(side.side_id, (None, 0))
                    if run is not side.run:
                        run, done = side.run, 0
                    for s in run[done:]:
                        if s.id not in shown:
                            shown.add(s.id)
                            claims.append(s.id)
                    listed[side.side_id] = (run, len(run))
        elif current is not None:
            current.end, current.ended_by = statement.stated_at, statement.id
            current = None
    return found


def named(found: Iterable[Dispute]) -> list[Dispute]:
    """The disputes as a place page names them: each side with only the claim its part in the
    dispute began with (``claims`` cut to its first id), which is what the stored copy keeps
    (:func:`disputes_to_json`): a place restated daily for years would otherwise store every
    claim of its history again."""
    return [
        Dispute(d.start, d.end, d.ended_by, {side: ids[:1] for side, ids in d.claims.items()})
        for d in found
    ]


def needed_claims(
    statements: Iterable[Statement],
    *,
    moment: datetime | None,
    window: timedelta,
    side_order: Sequence[int] = (),
) -> set[int]:
    """The claims whose verifications :func:`compute` reads: load only these."""
    statements = list(statements)
    wanted = {s.id for s in latest_independent(statements, moment)}
    for standing in read(statements, moment, window, side_order):
        wanted.update(s.id for s in standing.run)
    return wanted


# --- The picture ----------------------------------------------------------------------------


def compute(
    statements: Iterable[Statement],
    judgements: Mapping[int, Iterable[Judgement]],
    *,
    moment: datetime | None,
    window: timedelta,
    side_order: Sequence[int] = (),
) -> Picture:
    """The picture at ``moment`` (None: with everything known) from a place's statements and
    the judgements of at least :func:`needed_claims`, keyed by claim id."""
    statements = list(statements)

    def judged(claim_id: int) -> list[Judgement]:
        return [j for j in judgements.get(claim_id, ()) if moment is None or j.decided_at < moment]

    standings = read(statements, moment, window, side_order)
    positions = [_position(standing, judged) for standing in standings]
    _add_admissions(positions, {s.side_id: s for s in standings})
    independent = []
    for statement in latest_independent(statements, moment):
        standing = current(judged(statement.id))
        independent.append(
            Assessment(
                statement.claimant_id,
                statement.id,
                statement.stated_at,
                standing.status if standing else Status.UNREVIEWED,
            )
        )
    by_sides = [s.stated_at for s in visible(statements, moment) if s.claimant_side_id]
    return Picture(
        moment=moment,
        contested=contested(standings),
        last_statement_at=max(by_sides, default=None),
        positions=positions,
        independent=independent,
        contradictions=[pair for s in standings for pair in s.pairs],
    )


def _position(standing: Standing, judged) -> Position:
    verdicts = []  # each verifier's standing verdict on each of the position's claims
    statuses = set()
    for statement in standing.run:
        by_verifier = defaultdict(list)
        for judgement in judged(statement.id):
            by_verifier[judgement.verifier_id].append(judgement)
        if not by_verifier:
            statuses.add(Status.UNREVIEWED)
        for verifier_id, group in by_verifier.items():
            best = current(group)
            statuses.add(best.status)
            if best.status not in BOOKKEEPING_STATUSES:
                verdicts.append(Verdict(verifier_id, best.status, best.decided_at, statement.id))
    verdicts.sort(key=lambda v: (v.decided_at, v.claim_id), reverse=True)
    supporting = {v.actor_id for v in verdicts if v.status in SUPPORTING_STATUSES}
    refuting = {v.actor_id for v in verdicts if v.status in REFUTING_STATUSES}
    run_ids = [s.id for s in standing.run]
    return Position(
        side_id=standing.side_id,
        control=standing.control,
        since=standing.since,
        claims=run_ids[-CLAIMS_LISTED:],
        claim_count=len(run_ids),
        status=control.verdict_status(statuses),
        verifiers=verdicts[:VERDICTS_LISTED],
        verifiers_disagree=bool(supporting and refuting and supporting != refuting),
        contradicted_within_side=standing.contradicted,
        context=[s.id for s in standing.context][-CONTEXT_LISTED:],
    )


def _add_admissions(positions: list[Position], standings: dict[int, Standing]) -> None:
    """A side that concedes the place backs every other side's claim to it: its admission is
    listed with the verifiers, as evidence of its own kind."""
    conceding = [standings[p.side_id] for p in positions if p.control == Control.NONE]
    for position in positions:
        if position.control not in (Control.FULL, Control.PARTIAL):
            continue
        admissions = [
            Verdict(s.claimant_id, ADMITTED, s.stated_at, s.id, kind="admission")
            for other in conceding
            for s in other.run
        ]
        admissions.sort(key=lambda v: v.decided_at, reverse=True)
        position.verifiers.extend(admissions[:ADMISSIONS_LISTED])


# --- Stored form ----------------------------------------------------------------------------


def _time(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _parse(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def to_json(picture: Picture) -> dict:
    """The picture as JSON-ready data, ids and all, for ``PlaceState.picture``."""
    return {
        "moment": _time(picture.moment),
        "contested": picture.contested,
        "last_statement_at": _time(picture.last_statement_at),
        "positions": [
            {
                "side": p.side_id,
                "control": p.control,
                "since": _time(p.since),
                "claims": p.claims,
                "claim_count": p.claim_count,
                "status": p.status,
                "verifiers": [
                    [v.actor_id, v.status, _time(v.decided_at), v.claim_id, v.kind]
                    for v in p.verifiers
                ],
                "verifiers_disagree": p.verifiers_disagree,
                "contradicted_within_side": p.contradicted_within_side,
                "context": p.context,
            }
            for p in picture.positions
        ],
        "independent": [
            [a.actor_id, a.claim_id, _time(a.stated_at), a.status] for a in picture.independent
        ],
        "contradictions": [list(pair) for pair in picture.contradictions],
    }


def from_json(data: Mapping) -> Picture:
    """The inverse of :func:`to_json`."""
    return Picture(
        moment=_parse(data.get("moment")),
        contested=data["contested"],
        last_statement_at=_parse(data["last_statement_at"]),
        positions=[
            Position(
                side_id=p["side"],
                control=p["control"],
                since=_parse(p["since"]),
                claims=list(p["claims"]),
                claim_count=p["claim_count"],
                status=p["status"],
                verifiers=[
                    Verdict(actor, status, _parse(when), claim, kind)
                    for actor, status, when, claim, kind in p["verifiers"]
                ],
                verifiers_disagree=p["verifiers_disagree"],
                contradicted_within_side=p["contradicted_within_side"],
                context=list(p["context"]),
            )
            for p in data["positions"]
        ],
        independent=[
            Assessment(actor, claim, _parse(when), status)
            for actor, claim, when, status in data["independent"]
        ],
        contradictions=[tuple(pair) for pair in data["contradictions"]],
    )


def disputes_to_json(found: Iterable[Dispute], window: timedelta) -> dict:
    """:func:`named` disputes as JSON-ready data for ``PlaceState.disputes``, with the
    contradiction window they were computed with: a copy made under another window is not
    read (:func:`disputes_from_json`)."""
    return {
        "window_days": window.days,
        "disputes": [
            [
                _time(d.start),
                _time(d.end),
                d.ended_by,
                [[side, ids[0] if ids else None] for side, ids in d.claims.items()],
            ]
            for d in found
        ],
    }


def disputes_from_json(data: Mapping | None, window: timedelta) -> list[Dispute] | None:
    """The inverse of :func:`disputes_to_json` (its disputes :func:`named`), or None when there
    is no copy or it was made under another window than ``window``."""
    if not data or data.get("window_days") != window.days:
        return None
    return [
        Dispute(
            _parse(start),
            _parse(end),
            ended_by,
            {side: [] if first is None else [first] for side, first in sides},
        )
        for start, end, ended_by, sides in data["disputes"]
    ]


EMPTY = Picture(moment=None)
