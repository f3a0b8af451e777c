"""What a place's sentence says whatever its language (claims.sentences.outline), on Soledar in
January 2023: full control told first, a verdict only about a claim no rival claim leaves
unconfirmed, sides that said nothing left out, one third party at most."""

from claims.choices import ActorKind, Control, Status, Verb
from claims.sentences import Finding, PlaceFacts, Said, Speaker
from claims.sentences.outline import outline
from tests.sentences.stands import D13, D14, stand

MOD = Speaker("Igor Konashenkov", ActorKind.SPOKESPERSON, "Russia", "Russian Ministry of Defence")
ARMY = Speaker("Serhii Cherevaty", ActorKind.SPOKESPERSON, "Ukraine", "Armed Forces of Ukraine")
CAPTURE = Said(MOD, Verb.CAPTURED, "Russia", True, D13, "Soledar")
DENIAL = Said(ARMY, Verb.DENIED, "Russia", False, D13, "Soledar", ("Russia", Verb.CAPTURED))
PULLBACK = Said(
    Speaker("CNN", ActorKind.NEWS_ORGANISATION, None, None),
    Verb.WITHDREW,
    "Ukraine",
    False,
    D13,
    "Soledar",
)
ISW_CONFIRMS = Finding(
    "Institute for the Study of War", ActorKind.THINK_TANK, Status.CONFIRMED, D14
)


def facts(stands, third_parties=()):
    return PlaceFacts("Soledar", None, True, stands, list(third_parties), D14)


def test_two_sides_claiming_without_a_confirmation_is_told_as_neither_confirmed():
    ukraine = stand("Ukraine", Control.PARTIAL, DENIAL)
    russia = stand("Russia", Control.FULL, CAPTURE)
    plan = outline(facts([ukraine, russia]))
    assert plan.told == [russia, ukraine]
    assert plan.neither_confirmed
    assert plan.verdicts_on == []


def test_a_confirmed_claim_among_rivals_is_reported_first():
    ukraine = stand("Ukraine", Control.PARTIAL, DENIAL)
    russia = stand("Russia", Control.FULL, CAPTURE, [ISW_CONFIRMS])
    plan = outline(facts([ukraine, russia]))
    assert not plan.neither_confirmed
    assert plan.verdicts_on == [russia, ukraine]


def test_a_side_that_said_nothing_is_left_out_and_one_third_party_is_named():
    silent = stand("Ukraine", Control.UNCLEAR, None)
    russia = stand("Russia", Control.FULL, CAPTURE)
    second = Said(PULLBACK.speaker, Verb.WITHDREW, "Ukraine", False, D14, "Soledar")
    plan = outline(facts([silent, russia], [PULLBACK, second]))
    assert plan.told == [russia]
    assert plan.verdicts_on == [russia]
    assert plan.third_parties == [PULLBACK]


def test_every_claim_found_against_among_unconfirmed_rivals_is_named_beside_neither_confirmed():
    disputed = Finding("Institute for the Study of War", ActorKind.THINK_TANK, Status.DISPUTED, D14)
    ukraine = stand("Ukraine", Control.PARTIAL, DENIAL)
    russia = stand("Russia", Control.FULL, CAPTURE, [disputed])
    plan = outline(facts([ukraine, russia]))
    assert plan.neither_confirmed
    assert plan.verdicts_on == [russia]


def test_a_confirmed_partial_claim_is_reported_though_a_full_claim_is_told_first():
    partly = Finding("Reuters", ActorKind.NEWS_ORGANISATION, Status.PARTIALLY_CONFIRMED, D14)
    disputed = Finding(None, None, Status.DISPUTED, D14)
    ukraine = stand("Ukraine", Control.PARTIAL, DENIAL, [partly])
    russia = stand("Russia", Control.FULL, CAPTURE, [disputed])
    plan = outline(facts([ukraine, russia]))
    assert plan.told == [russia, ukraine]
    assert not plan.neither_confirmed
    assert plan.verdicts_on == [ukraine, russia]


def test_with_one_claim_confirmed_the_unverified_rival_is_reported_too():
    partly = Finding("Reuters", ActorKind.NEWS_ORGANISATION, Status.PARTIALLY_CONFIRMED, D14)
    ukraine = stand("Ukraine", Control.PARTIAL, DENIAL, [partly])
    russia = stand("Russia", Control.FULL, CAPTURE)
    assert outline(facts([ukraine, russia])).verdicts_on == [ukraine, russia]


def test_both_claims_found_against_are_both_reported():
    disputed = Finding(None, None, Status.DISPUTED, D14)
    ukraine = stand("Ukraine", Control.PARTIAL, DENIAL, [disputed])
    russia = stand("Russia", Control.FULL, CAPTURE, [disputed])
    plan = outline(facts([ukraine, russia]))
    assert plan.neither_confirmed
    assert plan.verdicts_on == [russia, ukraine]
