"""claims.standing on its own: how statements are read into each side's standing position
before any verdict, the record each position keeps, and the bounds on what is listed.

The rules these positions feed (disputes, verdicts, the picture as a whole) are tested through
claims.picture in tests/test_picture.py; here are the module's own guarantees.
"""

from datetime import UTC, datetime, timedelta

import pytest

from claims.choices import Control, Verb
from claims.standing import (
    INDEPENDENT_LISTED,
    SideStatements,
    Statement,
    contested,
    latest_independent,
    read,
    replay,
    visible,
)

RU, UA, THIRD = 1, 2, 3
MOD, WAGNER, KYIV, ISW = 10, 11, 20, 30
SIDE = {MOD: RU, WAGNER: RU, KYIV: UA, ISW: None}
WINDOW = timedelta(days=3)
T0 = datetime(2023, 1, 10, 12, tzinfo=UTC)


def day(n: float) -> datetime:
    return T0 + timedelta(days=n)


def said(id, who, verb, about, when, *, side=None, answers=None, effective=None, **extra):
    return Statement(
        id=id,
        claimant_id=who,
        claimant_side_id=SIDE.get(who, side),
        verb=verb,
        side_id=about,
        stated_at=when,
        effective_at=effective or when,
        answers_verb=answers.verb if answers else None,
        answers_side_id=answers.side_id if answers else None,
        answers_id=answers.id if answers else None,
        **extra,
    )


def by_side(standings):
    return {s.side_id: s for s in standings}


# --- Statement.stance --------------------------------------------------------------------------


def test_a_statement_asserts_its_claimants_position_whichever_side_it_names():
    assert said(1, MOD, Verb.CAPTURED, RU, T0).stance == Control.FULL
    assert said(2, KYIV, Verb.CAPTURED, RU, T0).stance == Control.NONE
    assert said(3, KYIV, Verb.PARTIALLY_HOLDS, UA, T0).stance == Control.PARTIAL


def test_hedged_wording_and_independent_speakers_assert_no_position():
    assert said(1, MOD, Verb.CAPTURED, RU, T0, ambiguous=True).stance is None
    assert said(2, ISW, Verb.CAPTURED, RU, T0).stance is None
    assert said(3, MOD, Verb.CONTESTED, None, T0).stance is None


def test_a_denial_takes_its_meaning_from_the_claim_it_answers():
    capture = said(1, MOD, Verb.CAPTURED, RU, T0)
    assert said(2, KYIV, Verb.DENIED, None, day(1), answers=capture).stance == Control.PARTIAL


def test_a_verb_outside_the_vocabulary_is_refused():
    with pytest.raises(ValueError):
        _ = said(1, MOD, "conquered", RU, T0).stance


# --- read ------------------------------------------------------------------------------------


def test_a_position_begins_with_the_first_of_the_agreeing_run_and_keeps_every_claim_of_it():
    statements = [
        said(1, MOD, Verb.HOLDS, RU, day(0)),
        said(2, WAGNER, Verb.CAPTURED, RU, day(4)),
        said(3, MOD, Verb.HOLDS, RU, day(9)),
    ]
    [russia] = read(statements, None, WINDOW, [RU, UA])
    assert russia.control == Control.FULL
    assert russia.since == day(0)
    assert [s.id for s in russia.run] == [1, 2, 3]
    assert not russia.contradicted and russia.pairs == []


def test_a_changed_position_starts_a_new_run_and_keeps_only_the_context_since_then():
    statements = [
        said(1, KYIV, Verb.HOLDS, UA, day(0)),
        said(2, KYIV, Verb.CONTESTED, None, day(1)),
        said(3, KYIV, Verb.WITHDREW, UA, day(10)),
        said(4, KYIV, Verb.CONTESTED, None, day(11)),
    ]
    [ukraine] = read(statements, None, WINDOW, [RU, UA])
    assert ukraine.control == Control.NONE
    assert ukraine.since == day(10)
    assert [s.id for s in ukraine.run] == [3]
    assert [s.id for s in ukraine.context] == [4]


def test_a_side_with_context_only_has_no_since_and_keeps_all_its_context():
    statements = [
        said(1, MOD, Verb.CONTESTED, None, day(0)),
        said(2, MOD, Verb.LEGAL_STATUS, None, day(1)),
    ]
    [russia] = read(statements, None, WINDOW, [RU, UA])
    assert russia.control == Control.UNCLEAR
    assert russia.since is None and russia.run == []
    assert [s.id for s in russia.context] == [1, 2]


def test_an_unresolved_contradiction_dates_from_its_latest_statement_and_names_the_pair():
    statements = [
        said(1, MOD, Verb.HOLDS, RU, day(0)),
        said(2, WAGNER, Verb.HOLDS, UA, day(1)),
    ]
    [russia] = read(statements, None, WINDOW, [RU, UA])
    assert russia.control == Control.UNCLEAR
    assert russia.contradicted
    assert russia.since == day(1)
    assert [s.id for s in russia.run] == [1, 2]
    assert russia.pairs == [(1, 2)]


def test_the_pair_stays_on_record_after_the_side_settles_it():
    statements = [
        said(1, MOD, Verb.HOLDS, RU, day(0)),
        said(2, WAGNER, Verb.HOLDS, UA, day(1)),
        said(3, MOD, Verb.HOLDS, RU, day(2)),
    ]
    [russia] = read(statements, None, WINDOW, [RU, UA])
    assert russia.control == Control.FULL and not russia.contradicted
    assert [s.id for s in russia.run] == [1, 3]
    assert russia.pairs == [(1, 2)]


def test_sides_come_in_the_order_given_and_sides_not_in_it_last_by_id():
    statements = [
        said(1, 99, Verb.HOLDS, THIRD, day(0), side=THIRD),
        said(2, KYIV, Verb.HOLDS, UA, day(1)),
        said(3, MOD, Verb.HOLDS, RU, day(2)),
    ]
    assert [s.side_id for s in read(statements, None, WINDOW, [RU, UA])] == [RU, UA, THIRD]
    assert [s.side_id for s in read(statements, None, WINDOW, [UA])] == [UA, RU, THIRD]


def test_independent_speakers_hold_no_standing_position():
    statements = [said(1, ISW, Verb.CAPTURED, RU, day(0))]
    assert read(statements, None, WINDOW, [RU, UA]) == []


def test_the_position_at_a_moment_reads_only_what_was_said_before_it():
    statements = [said(1, MOD, Verb.HOLDS, RU, day(0)), said(2, MOD, Verb.WITHDREW, RU, day(5))]
    assert read(statements, day(5), WINDOW, [RU])[0].control == Control.FULL
    assert read(statements, day(5.1), WINDOW, [RU])[0].control == Control.NONE
    assert read(statements, day(0), WINDOW, [RU]) == []


# --- visible and replay ----------------------------------------------------------------------


def test_statements_are_read_in_the_order_made_ties_by_id_whatever_order_they_arrive_in():
    statements = [
        said(3, MOD, Verb.HOLDS, RU, day(1)),
        said(2, KYIV, Verb.HOLDS, UA, day(1)),
        said(1, MOD, Verb.HOLDS, RU, day(2)),
    ]
    assert [s.id for s in visible(statements, None)] == [2, 3, 1]
    assert [s.id for s in visible(statements, day(2))] == [2, 3]


def test_replay_yields_each_side_statement_after_reading_it_and_skips_independents():
    statements = [
        said(1, MOD, Verb.HOLDS, RU, day(0)),
        said(2, ISW, Verb.CAPTURED, RU, day(1)),
        said(3, KYIV, Verb.HOLDS, UA, day(2)),
    ]
    sides: dict[int, SideStatements] = {}
    seen = []
    for statement in replay(statements, None, WINDOW, sides):
        seen.append((statement.id, sorted(sides)))
    assert seen == [(1, [RU]), (3, [RU, UA])]


# --- contested -------------------------------------------------------------------------------


def test_nobody_claiming_or_one_side_claiming_is_no_contest():
    assert not contested([])
    held = read([said(1, MOD, Verb.HOLDS, RU, day(0))], None, WINDOW, [RU])
    assert not contested(held)


def test_two_sides_each_claiming_the_whole_place_contest_it():
    statements = [said(1, MOD, Verb.HOLDS, RU, day(0)), said(2, KYIV, Verb.HOLDS, UA, day(1))]
    assert contested(read(statements, None, WINDOW, [RU, UA]))


def test_a_partial_claim_denying_the_other_sides_own_partial_claim_contests_it():
    claim = said(1, MOD, Verb.PARTIALLY_HOLDS, RU, day(0))
    statements = [claim, said(2, KYIV, Verb.PARTIALLY_HOLDS, UA, day(1))]
    assert not contested(read(statements, None, WINDOW, [RU, UA]))
    denial = said(3, KYIV, Verb.DENIED, None, day(2), answers=claim)
    assert by_side(read([claim, denial], None, WINDOW, [RU, UA]))[UA].control == Control.PARTIAL
    assert contested(read([claim, denial], None, WINDOW, [RU, UA]))


# --- latest_independent ----------------------------------------------------------------------


def test_each_independent_speaker_is_listed_once_with_its_latest_word_newest_first():
    statements = [
        said(1, ISW, Verb.CAPTURED, RU, day(0)),
        said(2, 31, Verb.HOLDS, UA, day(1), side=None),
        said(3, ISW, Verb.PARTIALLY_HOLDS, RU, day(2)),
        said(4, MOD, Verb.HOLDS, RU, day(3)),
    ]
    assert [s.id for s in latest_independent(statements, None)] == [3, 2]
    assert [s.id for s in latest_independent(statements, day(2))] == [2, 1]


def test_at_most_a_bounded_number_of_independent_speakers_are_listed():
    statements = [
        said(n, 100 + n, Verb.HOLDS, RU, day(n), side=None) for n in range(INDEPENDENT_LISTED + 3)
    ]
    listed = latest_independent(statements, None)
    assert len(listed) == INDEPENDENT_LISTED
    assert listed[0].id == INDEPENDENT_LISTED + 2
