"""What claims imply about control, and when two claims contradict each other.

Pure functions over plain values: no database, no Django models required. The selectors, the
services that keep each place's picture current, the pages and the API all reason through here.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum
from typing import Protocol

from claims.choices import VERDICT_PRIORITY, Status, Verb


class Extent(StrEnum):
    """How much of a place a claim says a side controls."""

    FULL = "full"  # the side controls the place
    PARTIAL = "partial"  # the side controls part of it
    CONTESTED = "contested"  # fighting goes on; nobody is said to control it
    LOST = "lost"  # the side no longer controls it
    NO_CHANGE = "no_change"  # a denial: the side's claimed gain did not happen


EXTENT_LABELS = {
    Extent.FULL: "controls",
    Extent.PARTIAL: "controls part of",
    Extent.CONTESTED: "contested",
    Extent.LOST: "no longer controls",
    Extent.NO_CHANGE: "no change claimed",
}

VERB_EXTENT = {
    Verb.CAPTURED: Extent.FULL,
    Verb.LIBERATED: Extent.FULL,
    Verb.HOLDS: Extent.FULL,
    Verb.PARTIALLY_HOLDS: Extent.PARTIAL,
    Verb.WITHDREW: Extent.LOST,
    Verb.ENCIRCLED: Extent.CONTESTED,
    Verb.CONTESTED: Extent.CONTESTED,
    Verb.DENIED: Extent.NO_CHANGE,
}

CONTROL_VERBS = frozenset(
    verb for verb, extent in VERB_EXTENT.items() if extent in (Extent.FULL, Extent.PARTIAL)
)


@dataclass(frozen=True)
class ImpliedControl:
    """What one claim implies: ``extent`` of control by ``side_id``.

    For FULL and PARTIAL the side is the one in control; for LOST the side that lost it; for
    NO_CHANGE the side whose claimed gain is denied; for CONTESTED the side contesting or
    encircling the place, if the claim names one.
    """

    extent: Extent
    side_id: int | None

    @property
    def asserts_control(self) -> bool:
        return self.extent in (Extent.FULL, Extent.PARTIAL)


def implied_control(verb: str, side_id: int | None) -> ImpliedControl:
    """Derive what a claim implies about control from its verb and the side it is about.

    Raises ``ValueError`` for a verb outside the vocabulary.
    """
    return ImpliedControl(VERB_EXTENT[Verb(verb)], side_id)


def incompatible(a: ImpliedControl, b: ImpliedControl) -> bool:
    """Whether the two implications cannot both be true at once (symmetric)."""
    return _contradicts(a, b) or _contradicts(b, a)


def _contradicts(a: ImpliedControl, b: ImpliedControl) -> bool:
    if a.extent is Extent.FULL:
        if b.extent in (Extent.FULL, Extent.PARTIAL):
            return a.side_id != b.side_id
        if b.extent is Extent.CONTESTED:
            return True
        return a.side_id == b.side_id  # LOST or NO_CHANGE about the same side
    if a.extent is Extent.PARTIAL and b.extent is Extent.LOST:
        return a.side_id == b.side_id
    return False


class ClaimFacts(Protocol):
    """The attributes conflict detection reads; a Claim with its claimant loaded has them."""

    id: int
    verb: str
    side_id: int | None
    effective_at: object

    @property
    def claimant_side_id(self) -> int | None: ...


def is_conflict(a: ClaimFacts, b: ClaimFacts, window: timedelta) -> bool:
    """Claims by two different sides whose implications clash within ``window`` of each other.

    Independent actors never "conflict" with a side: their claims are assessments.
    """
    if a.claimant_side_id is None or b.claimant_side_id is None:
        return False
    if a.claimant_side_id == b.claimant_side_id:
        return False
    if abs(a.effective_at - b.effective_at) > window:
        return False
    return incompatible(implied_control(a.verb, a.side_id), implied_control(b.verb, b.side_id))


def conflicting_pairs(claims: Iterable[ClaimFacts], window: timedelta) -> list[tuple]:
    """Every conflicting pair among ``claims``, earlier effective time first.

    Sorting by effective time bounds the comparisons to claims within ``window`` of each other,
    so a place with years of claims costs little more than its busiest week.
    """
    ordered = sorted(claims, key=lambda c: (c.effective_at, c.id))
    pairs = []
    for i, a in enumerate(ordered):
        for b in ordered[i + 1 :]:
            if b.effective_at - a.effective_at > window:
                break
            if is_conflict(a, b, window):
                pairs.append((a, b))
    return pairs


def sides_conflict(latest_by_side: Sequence[ClaimFacts], window: timedelta) -> bool:
    """Whether any two sides' latest claims about one place conflict."""
    return bool(conflicting_pairs(latest_by_side, window))


def verdict_status(statuses: Iterable[str]) -> str:
    """The status a place's picture leads with: the most decisive among its sides' claims."""
    present = set(statuses)
    for status in VERDICT_PRIORITY:
        if status in present:
            return status
    return ""


VERDICT_TEXT = {
    Status.CONFIRMED: "independently confirmed",
    Status.PARTIALLY_CONFIRMED: "partly confirmed",
    Status.FALSE: "judged false",
    Status.DISPUTED: "disputed by evidence",
    Status.UNCONFIRMED: "not independently confirmed",
    Status.IN_REVIEW: "being verified",
    Status.UNREVIEWED: "not yet reviewed",
    Status.SUPERSEDED: "superseded",
    "": "no claims",
}


def claim_phrase(verb: str, *, subject: str | None, own_side: bool) -> str:
    """How a claim reads after its claimant's name: "claims capture", "denies Russia's capture".

    ``own_side`` says the claim is about the claimant's own side ("Russia claims capture") rather
    than another ("Ukraine says Russia withdrew").
    """
    verb = Verb(verb)
    if verb is Verb.CONTESTED:
        if subject is None:
            return "says it is contested"
        return "says fighting for it goes on" if own_side else f"says {subject} is contesting it"
    if verb is Verb.DENIED:
        return f"denies {subject}'s capture" if not own_side else "denies it was captured"
    own = {
        Verb.CAPTURED: "claims capture",
        Verb.LIBERATED: "claims liberation",
        Verb.HOLDS: "says it holds it",
        Verb.PARTIALLY_HOLDS: "says it holds part of it",
        Verb.WITHDREW: "says it withdrew",
        Verb.ENCIRCLED: "says it encircled it",
    }
    other = {
        Verb.CAPTURED: "says {} captured it",
        Verb.LIBERATED: "says {} liberated it",
        Verb.HOLDS: "says {} holds it",
        Verb.PARTIALLY_HOLDS: "says {} holds part of it",
        Verb.WITHDREW: "says {} withdrew",
        Verb.ENCIRCLED: "says {} encircled it",
    }
    return own[verb] if own_side else other[verb].format(subject)


def describe(implied: ImpliedControl, side_name: str | None) -> str:
    """What a claim implies, in words: "Russia controls it", "contested"."""
    if implied.extent is Extent.CONTESTED:
        return "contested, no side in control"
    if implied.extent is Extent.NO_CHANGE:
        return f"no change: {side_name} did not take it"
    return f"{side_name} {EXTENT_LABELS[implied.extent]} it"
