"""What one claim asserts about its side's control: the vocabulary's meaning, pure."""

import pytest

from claims.choices import Control, Status, Verb
from claims.control import (
    claim_noun,
    claim_phrase,
    contested,
    describe,
    implied,
    stance,
    verdict_status,
)

RU, UA = 1, 2
FULL, PARTIAL, NONE, UNCLEAR = Control.FULL, Control.PARTIAL, Control.NONE, Control.UNCLEAR


@pytest.mark.parametrize(
    ("verb", "about", "speaker", "expected"),
    [
        (Verb.CAPTURED, RU, RU, FULL),  # "we took it"
        (Verb.LIBERATED, UA, UA, FULL),
        (Verb.HOLDS, UA, UA, FULL),
        (Verb.PARTIALLY_HOLDS, UA, UA, PARTIAL),  # "we still hold part of it"
        (Verb.WITHDREW, UA, UA, NONE),  # "we withdrew": a concession
        (Verb.CAPTURED, RU, UA, NONE),  # Ukraine says Russia took it: also a concession
        (Verb.PARTIALLY_HOLDS, RU, UA, PARTIAL),  # "they hold part": we hold the rest
        (Verb.WITHDREW, UA, RU, FULL),  # "the enemy fled": we hold it
        (Verb.ENCIRCLED, RU, RU, None),  # an encirclement claims no control
        (Verb.CONTESTED, UA, UA, None),  # "fighting continues"
        (Verb.CONTESTED, None, RU, None),
        (Verb.LEGAL_STATUS, None, RU, None),  # "it is and remains Russian land"
    ],
)
def test_a_sides_claim_asserts_a_position_for_its_own_side(verb, about, speaker, expected):
    assert stance(verb=verb, side_id=about, claimant_side_id=speaker) == expected


@pytest.mark.parametrize(
    ("answered", "about", "denier", "expected"),
    [
        (Verb.CAPTURED, RU, UA, PARTIAL),  # "their capture is false: our units are inside"
        (Verb.HOLDS, RU, UA, PARTIAL),
        (Verb.LIBERATED, UA, UA, NONE),  # the unit on the ground: "not liberated yet"
        (Verb.PARTIALLY_HOLDS, RU, UA, PARTIAL),  # "their 70% is untrue": we are still there
        (Verb.WITHDREW, UA, UA, PARTIAL),  # "we did not withdraw"
        (Verb.WITHDREW, RU, UA, None),  # denying the other side withdrew says nothing of ours
        (Verb.ENCIRCLED, RU, UA, None),  # denying an encirclement says nothing about control
        (Verb.CONTESTED, RU, UA, None),
        (Verb.LEGAL_STATUS, None, UA, None),
    ],
)
def test_a_denial_means_the_opposite_of_the_claim_it_answers(answered, about, denier, expected):
    result = stance(
        verb=Verb.DENIED,
        side_id=about,
        claimant_side_id=denier,
        answers_verb=answered,
        answers_side_id=about,
    )
    assert result == expected


def test_a_denial_answering_nothing_denies_its_sides_capture():
    assert stance(verb=Verb.DENIED, side_id=RU, claimant_side_id=UA) == PARTIAL


def test_ambiguous_wording_and_independent_actors_assert_no_position():
    assert stance(verb=Verb.CAPTURED, side_id=RU, claimant_side_id=RU, ambiguous=True) is None
    assert stance(verb=Verb.CAPTURED, side_id=RU, claimant_side_id=None) is None


def test_every_verb_in_the_vocabulary_has_a_meaning():
    for verb in Verb:
        stance(verb=verb, side_id=RU, claimant_side_id=UA)  # raises for an unmapped verb
        assert claim_phrase(verb, subject="Russia", own_side=False)
        assert claim_noun(verb, "Russia")


def test_unknown_verb_is_refused():
    with pytest.raises(ValueError):
        stance(verb="annexed", side_id=RU, claimant_side_id=RU)


def test_implied_speaks_of_the_claimants_side_or_of_the_side_an_assessment_names():
    assert implied(verb=Verb.WITHDREW, side_id=UA, claimant_side_id=RU) == (RU, FULL)
    assert implied(verb=Verb.WITHDREW, side_id=UA, claimant_side_id=None) == (UA, NONE)
    assert implied(verb=Verb.CONTESTED, side_id=None, claimant_side_id=None) == (None, None)
    assert implied(verb=Verb.ENCIRCLED, side_id=RU, claimant_side_id=RU) == (None, None)
    assert describe("Russia", FULL) == "Russia controls it"
    assert describe(None, None) == "no claim about control"


@pytest.mark.parametrize(
    ("positions", "expected"),
    [
        ([FULL, FULL], True),
        ([FULL, PARTIAL], True),
        ([PARTIAL, FULL], True),
        ([PARTIAL, PARTIAL], False),  # a divided town, not a dispute
        ([FULL, NONE], False),  # the other side concedes
        ([FULL, UNCLEAR], False),
        ([FULL], False),
        ([], False),
    ],
)
def test_a_place_is_contested_when_two_positions_cannot_both_be_true(positions, expected):
    assert contested(positions) is expected


def test_verdict_leads_with_the_most_decisive_status():
    assert verdict_status([Status.UNCONFIRMED, Status.CONFIRMED]) == Status.CONFIRMED
    assert verdict_status([Status.UNREVIEWED, Status.UNCONFIRMED]) == Status.UNCONFIRMED
    assert verdict_status([]) == ""


@pytest.mark.parametrize(
    ("verb", "subject", "own", "answered", "text"),
    [
        (Verb.CAPTURED, "Russia", True, None, "claims capture"),
        (Verb.CAPTURED, "Russia", False, None, "says Russia captured it"),
        (Verb.DENIED, "Russia", False, None, "denies Russia's capture"),
        (
            Verb.DENIED,
            "Russia",
            False,
            "Konashenkov's capture claim",
            "denies Konashenkov's capture claim",
        ),
        (Verb.HOLDS, "Ukraine", True, None, "says it holds it"),
        (Verb.WITHDREW, "Ukraine", False, None, "says Ukraine withdrew"),
        (Verb.CONTESTED, None, False, None, "says it is contested"),
        (Verb.CONTESTED, "Ukraine", True, None, "says fighting for it goes on"),
        (Verb.LEGAL_STATUS, None, False, None, "speaks of its legal status"),
    ],
)
def test_claim_phrase_reads_after_the_claimant(verb, subject, own, answered, text):
    assert claim_phrase(verb, subject=subject, own_side=own, answered=answered) == text
