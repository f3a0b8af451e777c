"""The control picture's rules, pure: standing positions, disputes, contradictions, verdicts.

Each case is a pattern seen in real reporting (tests/scenarios holds the real, sourced corpus
these rules are checked against end to end); here they are reduced to the few statements that
make the point.
"""

import random
from datetime import UTC, datetime, timedelta

from claims.choices import Control, Status, Verb
from claims.picture import (
    ADMITTED,
    Judgement,
    Statement,
    compute,
    current,
    disputes,
    from_json,
    needed_claims,
    to_json,
)
from claims.standing import contested, read

RU, UA = 1, 2
MOD, WAGNER, KYIV, UNIT, ISW, CNN = 10, 11, 20, 21, 30, 31
SIDE = {MOD: RU, WAGNER: RU, KYIV: UA, UNIT: UA, ISW: None, CNN: None}
WINDOW = timedelta(days=3)
T0 = datetime(2023, 1, 10, 12, tzinfo=UTC)


def day(n: float) -> datetime:
    return T0 + timedelta(days=n)


class Story:
    """A place's statements and verdicts, written in order."""

    def __init__(self):
        self.statements: list[Statement] = []
        self.judgements: dict[int, list[Judgement]] = {}

    def says(self, who, verb, about, when, *, answers=None, ambiguous=False, effective=None):
        answered = next((s for s in self.statements if s.id == answers), None)
        statement = Statement(
            id=len(self.statements) + 1,
            claimant_id=who,
            claimant_side_id=SIDE[who],
            verb=verb,
            side_id=about,
            stated_at=when,
            effective_at=effective or when,
            ambiguous=ambiguous,
            answers_verb=answered.verb if answered else None,
            answers_side_id=answered.side_id if answered else None,
            answers_id=answers,
        )
        self.statements.append(statement)
        self.judge(statement.id, Status.UNREVIEWED, when)
        return statement.id

    def judge(self, claim_id, status, when, verifier=None):
        rows = self.judgements.setdefault(claim_id, [])
        rows.append(
            Judgement(
                1000 + sum(map(len, self.judgements.values())), claim_id, status, when, verifier
            )
        )

    def picture(self, moment=None):
        return compute(
            self.statements, self.judgements, moment=moment, window=WINDOW, side_order=[RU, UA]
        )


def positions(picture) -> dict[int, str]:
    return {p.side_id: p.control for p in picture.positions}


# --- Standing positions ---------------------------------------------------------------------


def test_vaguer_later_statements_of_the_same_side_never_replace_its_capture_claim():
    story = Story()
    capture = story.says(MOD, Verb.CAPTURED, RU, day(0))
    fighting = story.says(WAGNER, Verb.CONTESTED, RU, day(1))
    encircled = story.says(MOD, Verb.ENCIRCLED, RU, day(2))
    status = story.says(MOD, Verb.LEGAL_STATUS, None, day(40))
    (russia,) = story.picture().positions
    assert russia.control == Control.FULL
    assert russia.claims == [capture]
    assert russia.since == day(0)
    assert russia.context == [fighting, encircled, status]


def test_a_position_stands_however_long_ago_it_was_taken():
    story = Story()
    story.says(MOD, Verb.CAPTURED, RU, day(0))
    story.says(KYIV, Verb.HOLDS, UA, day(200))
    picture = story.picture()
    assert positions(picture) == {RU: Control.FULL, UA: Control.FULL}
    assert picture.contested


def test_a_side_with_only_statements_that_claim_no_control_is_unclear():
    story = Story()
    story.says(KYIV, Verb.CONTESTED, UA, day(0))
    story.says(KYIV, Verb.CAPTURED, UA, day(1), ambiguous=True)
    (ukraine,) = story.picture().positions
    assert ukraine.control == Control.UNCLEAR
    assert ukraine.claims == [] and len(ukraine.context) == 2
    assert not ukraine.contradicted_within_side


def test_a_same_day_remark_cannot_hide_a_capture_claim_judged_false():
    story = Story()
    capture = story.says(MOD, Verb.CAPTURED, RU, day(0))
    story.says(WAGNER, Verb.CAPTURED, RU, day(0.2))
    story.judge(capture, Status.FALSE, day(2))
    (russia,) = story.picture().positions
    assert russia.status == Status.FALSE
    assert russia.claim_count == 2


def test_a_restatement_by_a_less_verified_claimant_keeps_the_confirmation():
    story = Story()
    capture = story.says(MOD, Verb.CAPTURED, RU, day(0))
    story.judge(capture, Status.CONFIRMED, day(1), verifier=ISW)
    story.says(WAGNER, Verb.HOLDS, RU, day(5))
    (russia,) = story.picture().positions
    assert russia.status == Status.CONFIRMED
    assert [(v.actor_id, v.status) for v in russia.verifiers] == [(ISW, Status.CONFIRMED)]


# --- Disputes -------------------------------------------------------------------------------


def test_contradicting_positions_stay_contested_whatever_the_gap_between_them():
    story = Story()
    story.says(MOD, Verb.CAPTURED, RU, day(0))
    story.says(KYIV, Verb.DENIED, RU, day(1), answers=1)
    story.says(MOD, Verb.ENCIRCLED, RU, day(20))
    picture = story.picture()
    assert positions(picture) == {RU: Control.FULL, UA: Control.PARTIAL}
    assert picture.contested
    assert picture.last_statement_at == day(20)


def test_a_side_that_concedes_ends_the_dispute():
    story = Story()
    story.says(MOD, Verb.CAPTURED, RU, day(0))
    story.says(KYIV, Verb.DENIED, RU, day(0.5), answers=1)
    conceded = story.says(KYIV, Verb.WITHDREW, UA, day(12))
    picture = story.picture()
    assert positions(picture) == {RU: Control.FULL, UA: Control.NONE}
    assert not picture.contested
    assert story.picture(moment=day(5)).contested
    (admission,) = [v for v in picture.positions[0].verifiers if v.kind == "admission"]
    assert (admission.actor_id, admission.status, admission.claim_id) == (KYIV, ADMITTED, conceded)


def test_both_sides_holding_part_of_a_town_is_no_dispute():
    story = Story()
    story.says(MOD, Verb.PARTIALLY_HOLDS, RU, day(0))
    story.says(KYIV, Verb.PARTIALLY_HOLDS, UA, day(0))
    assert not story.picture().contested


def test_the_history_of_disputes_records_when_each_began_and_what_ended_it():
    story = Story()
    story.says(MOD, Verb.CAPTURED, RU, day(0))
    story.says(KYIV, Verb.HOLDS, UA, day(1))
    ended = story.says(KYIV, Verb.WITHDREW, UA, day(10))
    story.says(UNIT, Verb.LIBERATED, UA, day(100))
    found = disputes(story.statements, moment=None, window=WINDOW)
    assert [(d.start, d.end, d.ended_by) for d in found] == [
        (day(1), day(10), ended),
        (day(100), None, None),
    ]
    assert found[0].claims == {RU: [1], UA: [2]}


def _disputes_read_after_each_statement(statements):
    """What :func:`disputes` finds, read the slow way: every side's standing positions read
    afresh after each statement (quadratic), the claims of the sides claiming the place while
    it is contested gathered in the order they are first seen."""
    found, open_ = [], None
    ordered = sorted(statements, key=lambda s: (s.stated_at, s.id))
    for i, statement in enumerate(ordered):
        if statement.claimant_side_id is None:
            continue
        standings = read(ordered[: i + 1], None, WINDOW, ())
        if contested(standings):
            if open_ is None:
                open_ = [statement.stated_at, None, None, {}]
                found.append(open_)
            for standing in standings:
                if standing.control in (Control.FULL, Control.PARTIAL):
                    claims = open_[3].setdefault(standing.side_id, [])
                    claims.extend(s.id for s in standing.run if s.id not in claims)
        elif open_ is not None:
            open_[1:3] = [statement.stated_at, statement.id]
            open_ = None
    return [tuple(d) for d in found]


def test_disputes_read_in_one_pass_agree_with_reading_every_position_after_each_statement():
    speakers = list(SIDE)
    verbs = [*Verb, Verb.CAPTURED, Verb.HOLDS, Verb.DENIED, Verb.WITHDREW, Verb.PARTIALLY_HOLDS]
    for seed in range(40):
        chosen = random.Random(seed)
        story = Story()
        for n in range(chosen.choice([5, 20, 60])):
            answered = chosen.choice([None, *range(max(n - 5, 1), n + 1)]) if n else None
            story.says(
                chosen.choice(speakers),
                chosen.choice(verbs),
                chosen.choice([RU, UA, None]),
                # Some statements made at the same time: recording order breaks the tie.
                day(chosen.choice([n, n, n - 1]) * chosen.choice([0.5, 2])),
                answers=answered,
                ambiguous=chosen.random() < 0.05,
            )
        found = disputes(story.statements, moment=None, window=WINDOW)
        assert [(d.start, d.end, d.ended_by, d.claims) for d in found] == (
            _disputes_read_after_each_statement(story.statements)
        ), seed


# --- Same-side contradictions ---------------------------------------------------------------


def test_an_official_and_the_unit_on_the_ground_contradicting_each_other_is_flagged():
    story = Story()
    announced = story.says(KYIV, Verb.LIBERATED, UA, day(0))
    denied = story.says(UNIT, Verb.DENIED, UA, day(0.3), answers=announced)
    picture = story.picture()
    (ukraine,) = picture.positions
    assert ukraine.control == Control.UNCLEAR
    assert ukraine.contradicted_within_side
    assert set(ukraine.claims) == {announced, denied}
    assert picture.contradictions == [(announced, denied)]


def test_the_next_statement_of_the_side_resolves_a_contradiction():
    story = Story()
    announced = story.says(KYIV, Verb.LIBERATED, UA, day(0))
    story.says(UNIT, Verb.DENIED, UA, day(0.3), answers=announced)
    settled = story.says(KYIV, Verb.HOLDS, UA, day(1))
    (ukraine,) = story.picture().positions
    assert ukraine.control == Control.FULL
    assert not ukraine.contradicted_within_side
    assert ukraine.claims == [announced, settled]
    assert ukraine.since == day(0)
    assert story.picture(moment=day(0.9)).positions[0].contradicted_within_side


def test_a_later_change_of_hands_is_news_not_a_contradiction():
    story = Story()
    story.says(KYIV, Verb.HOLDS, UA, day(0))
    withdrew = story.says(UNIT, Verb.WITHDREW, UA, day(1))
    (ukraine,) = story.picture().positions
    assert (ukraine.control, ukraine.claims) == (Control.NONE, [withdrew])
    assert not ukraine.contradicted_within_side


def test_statements_far_apart_or_by_the_same_speaker_do_not_contradict():
    story = Story()
    story.says(KYIV, Verb.LIBERATED, UA, day(0))
    story.says(UNIT, Verb.PARTIALLY_HOLDS, UA, day(10))
    story.says(UNIT, Verb.HOLDS, UA, day(10.5))
    (ukraine,) = story.picture().positions
    assert ukraine.control == Control.FULL
    assert story.picture().contradictions == []


# --- Dated verdicts -------------------------------------------------------------------------


def test_the_standing_verdict_is_the_latest_decided_whatever_order_it_was_entered_in():
    later = Judgement(1, 7, Status.PARTIALLY_CONFIRMED, day(2), ISW)
    earlier_entered_after = Judgement(2, 7, Status.FALSE, day(0), ISW)
    assert current([later, earlier_entered_after]) == later
    tie = Judgement(3, 7, Status.DISPUTED, day(2), CNN)
    assert current([later, earlier_entered_after, tie]) == tie  # recording order breaks ties


def test_bookkeeping_never_outranks_a_verdict():
    verdict = Judgement(1, 7, Status.UNCONFIRMED, day(0), None)
    taken = Judgement(2, 7, Status.IN_REVIEW, day(5), None)
    assert current([verdict, taken]) == verdict
    assert current([taken]) == taken
    assert current([]) is None


def test_a_verdict_that_changes_from_refuted_to_partly_confirmed_reads_right_on_each_day():
    story = Story()
    capture = story.says(MOD, Verb.CAPTURED, RU, day(0))
    story.judge(capture, Status.FALSE, day(1), verifier=ISW)
    story.judge(capture, Status.PARTIALLY_CONFIRMED, day(3), verifier=ISW)
    assert story.picture(moment=day(0.5)).positions[0].status == Status.UNREVIEWED
    assert story.picture(moment=day(2)).positions[0].status == Status.FALSE
    (russia,) = story.picture().positions
    assert russia.status == Status.PARTIALLY_CONFIRMED
    assert [v.status for v in russia.verifiers] == [Status.PARTIALLY_CONFIRMED]


def test_an_assessment_published_before_the_claim_counts_from_the_statement_on():
    story = Story()
    story.judgements[1] = [Judgement(99, 1, Status.PARTIALLY_CONFIRMED, day(-1), ISW)]
    story.says(MOD, Verb.CAPTURED, RU, day(0))
    assert story.picture(moment=day(-0.5)).positions == []
    assert story.picture(moment=day(0.5)).positions[0].status == Status.PARTIALLY_CONFIRMED


def test_independent_verifiers_who_disagree_are_shown_as_disagreeing():
    story = Story()
    capture = story.says(MOD, Verb.CAPTURED, RU, day(0))
    story.judge(capture, Status.PARTIALLY_CONFIRMED, day(1), verifier=ISW)
    story.judge(capture, Status.DISPUTED, day(1.5), verifier=CNN)
    (russia,) = story.picture().positions
    assert russia.verifiers_disagree
    assert {v.actor_id: v.status for v in russia.verifiers} == {
        ISW: Status.PARTIALLY_CONFIRMED,
        CNN: Status.DISPUTED,
    }
    assert russia.status == Status.PARTIALLY_CONFIRMED  # the strongest verdict leads


def test_independent_actors_latest_assessments_are_listed_beside_the_positions():
    story = Story()
    story.says(CNN, Verb.WITHDREW, UA, day(0))
    latest = story.says(CNN, Verb.CONTESTED, None, day(1))
    picture = story.picture()
    assert picture.positions == []
    assert [(a.actor_id, a.claim_id) for a in picture.independent] == [(CNN, latest)]


# --- Plumbing -------------------------------------------------------------------------------


def test_only_the_claims_a_picture_reads_verdicts_of_are_needed():
    story = Story()
    old = story.says(MOD, Verb.HOLDS, RU, day(0))
    story.says(KYIV, Verb.CONTESTED, UA, day(1))
    recent = story.says(MOD, Verb.WITHDREW, RU, day(2))
    observer = story.says(ISW, Verb.CONTESTED, None, day(3))
    wanted = needed_claims(story.statements, moment=None, window=WINDOW)
    assert wanted == {recent, observer}
    assert old not in wanted


def test_the_stored_form_reads_back_to_the_same_picture():
    story = Story()
    capture = story.says(MOD, Verb.CAPTURED, RU, day(0))
    story.says(KYIV, Verb.DENIED, RU, day(0.5), answers=capture)
    story.judge(capture, Status.PARTIALLY_CONFIRMED, day(1), verifier=ISW)
    story.says(CNN, Verb.WITHDREW, UA, day(2))
    picture = story.picture()
    assert from_json(to_json(picture)) == picture


def test_a_denial_answering_the_other_sides_partial_claim_disputes_it():
    story = Story()
    seventy_percent = story.says(MOD, Verb.PARTIALLY_HOLDS, RU, day(0))
    story.says(KYIV, Verb.DENIED, RU, day(0.3), answers=seventy_percent)
    picture = story.picture()
    assert positions(picture) == {RU: Control.PARTIAL, UA: Control.PARTIAL}
    assert picture.contested


def test_how_much_a_side_holds_is_a_matter_of_extent_not_a_contradiction():
    story = Story()
    story.says(KYIV, Verb.DENIED, RU, day(0))
    story.says(UNIT, Verb.HOLDS, UA, day(0))
    (ukraine,) = story.picture().positions
    assert ukraine.control == Control.FULL
    assert not ukraine.contradicted_within_side


def test_a_quick_concession_by_another_official_contradicts_a_denial():
    story = Story()
    claim = story.says(KYIV, Verb.LIBERATED, UA, day(0))
    denial = story.says(MOD, Verb.DENIED, UA, day(1), answers=claim)
    withdrawal = story.says(WAGNER, Verb.WITHDREW, RU, day(2))
    picture = story.picture()
    assert picture.position_of(RU).control == Control.UNCLEAR
    assert picture.contradictions == [(denial, withdrawal)]
    assert not picture.contested
