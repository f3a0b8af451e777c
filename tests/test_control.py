"""The pure logic of what claims imply and when they conflict."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from claims.choices import Status, Verb
from claims.control import (
    Extent,
    ImpliedControl,
    claim_phrase,
    conflicting_pairs,
    implied_control,
    incompatible,
    is_conflict,
    verdict_status,
)

RU, UA = 1, 2
WEEK = timedelta(days=7)
T0 = datetime(2023, 1, 12, 17, tzinfo=UTC)


@pytest.mark.parametrize(
    ("verb", "extent"),
    [
        (Verb.CAPTURED, Extent.FULL),
        (Verb.LIBERATED, Extent.FULL),
        (Verb.HOLDS, Extent.FULL),
        (Verb.PARTIALLY_HOLDS, Extent.PARTIAL),
        (Verb.WITHDREW, Extent.LOST),
        (Verb.ENCIRCLED, Extent.CONTESTED),
        (Verb.CONTESTED, Extent.CONTESTED),
        (Verb.DENIED, Extent.NO_CHANGE),
    ],
)
def test_every_verb_implies_one_extent_about_its_side(verb, extent):
    implied = implied_control(verb, RU)
    assert implied == ImpliedControl(extent, RU)
    assert implied.asserts_control == (extent in (Extent.FULL, Extent.PARTIAL))


def test_every_verb_in_the_vocabulary_is_mapped():
    for verb in Verb:
        assert implied_control(verb, RU).extent in Extent


def test_unknown_verb_is_refused():
    with pytest.raises(ValueError):
        implied_control("annexed", RU)


F = Extent.FULL
P = Extent.PARTIAL
C = Extent.CONTESTED
L = Extent.LOST
N = Extent.NO_CHANGE


@pytest.mark.parametrize(
    ("a", "b", "clash"),
    [
        ((F, RU), (F, UA), True),  # Russia captured / Ukraine holds
        ((F, RU), (F, RU), False),  # two Russian capture claims agree
        ((F, RU), (P, UA), True),  # full control leaves nothing to hold
        ((F, RU), (P, RU), False),
        ((F, RU), (C, None), True),  # captured / fighting goes on
        ((F, RU), (L, RU), True),  # Russia holds / Russia withdrew
        ((F, RU), (L, UA), False),  # Russia captured / Ukraine withdrew
        ((F, RU), (N, RU), True),  # Russia captured / denies Russia's capture
        ((F, UA), (N, RU), False),  # Ukraine holds / denies Russia's capture
        ((P, UA), (L, UA), True),  # holds part / withdrew
        ((P, UA), (P, RU), False),  # both hold part
        ((P, RU), (C, None), False),
        ((P, RU), (N, RU), False),
        ((C, None), (C, UA), False),
        ((L, UA), (N, RU), False),
        ((N, RU), (N, RU), False),
    ],
)
def test_incompatibility_matrix_is_symmetric(a, b, clash):
    first, second = ImpliedControl(*a), ImpliedControl(*b)
    assert incompatible(first, second) is clash
    assert incompatible(second, first) is clash


@dataclass
class FakeClaim:
    id: int
    verb: str
    side_id: int | None
    claimant_side_id: int | None
    effective_at: datetime


def test_claims_from_different_sides_within_the_window_conflict():
    capture = FakeClaim(1, Verb.CAPTURED, RU, RU, T0)
    denial = FakeClaim(2, Verb.DENIED, RU, UA, T0 + timedelta(hours=20))
    assert is_conflict(capture, denial, WEEK)


def test_claims_further_apart_than_the_window_do_not_conflict():
    capture = FakeClaim(1, Verb.CAPTURED, RU, RU, T0)
    holds = FakeClaim(2, Verb.HOLDS, UA, UA, T0 + timedelta(days=8))
    assert not is_conflict(capture, holds, WEEK)
    assert is_conflict(capture, holds, timedelta(days=9))


def test_claims_by_the_same_side_or_by_independents_never_conflict():
    capture = FakeClaim(1, Verb.CAPTURED, RU, RU, T0)
    wagner_withdrew = FakeClaim(2, Verb.WITHDREW, RU, RU, T0)
    observer = FakeClaim(3, Verb.CONTESTED, None, None, T0)
    assert not is_conflict(capture, wagner_withdrew, WEEK)
    assert not is_conflict(capture, observer, WEEK)


def test_conflicting_pairs_lists_each_pair_once_in_time_order():
    capture = FakeClaim(1, Verb.CAPTURED, RU, RU, T0)
    denial = FakeClaim(2, Verb.DENIED, RU, UA, T0 + timedelta(hours=5))
    holds = FakeClaim(3, Verb.PARTIALLY_HOLDS, UA, UA, T0 + timedelta(hours=2))
    late = FakeClaim(4, Verb.HOLDS, UA, UA, T0 + timedelta(days=30))
    pairs = conflicting_pairs([denial, late, capture, holds], WEEK)
    assert [(a.id, b.id) for a, b in pairs] == [(1, 3), (1, 2)]


def test_verdict_leads_with_the_most_decisive_status():
    assert verdict_status([Status.UNCONFIRMED, Status.CONFIRMED]) == Status.CONFIRMED
    assert verdict_status([Status.UNREVIEWED, Status.UNCONFIRMED]) == Status.UNCONFIRMED
    assert verdict_status([]) == ""


@pytest.mark.parametrize(
    ("verb", "subject", "own", "text"),
    [
        (Verb.CAPTURED, "Russia", True, "claims capture"),
        (Verb.CAPTURED, "Russia", False, "says Russia captured it"),
        (Verb.DENIED, "Russia", False, "denies Russia's capture"),
        (Verb.HOLDS, "Ukraine", True, "says it holds it"),
        (Verb.WITHDREW, "Ukraine", False, "says Ukraine withdrew"),
        (Verb.CONTESTED, None, False, "says it is contested"),
        (Verb.CONTESTED, "Ukraine", True, "says fighting for it goes on"),
    ],
)
def test_claim_phrase_reads_after_the_claimant(verb, subject, own, text):
    assert claim_phrase(verb, subject=subject, own_side=own) == text
