"""Verifications a text reports (claims/extraction/checks.py)."""

from claims.choices import EvidenceKind, Status, Verb

from .test_engine import run
from .test_roles import run as run_on_front_towns


def test_these_claims_are_the_ones_the_sentence_before_reported():
    result = run_on_front_towns(
        "Lykhovyi said on Monday that Ukrainian troops still held Pokrovsk.\n"
        "Russia's Defence Ministry has also reported capturing Kupiansk and Myrnohrad. "
        "These claims could not be verified."
    )
    checked = {result.claims[v.claim].place for v in result.verifications}
    assert checked == {"kupiansk", "myrnohrad"}
    assert {v.status for v in result.verifications} == {Status.UNCONFIRMED}


def test_could_not_verify_either_account_marks_both_claims_unconfirmed_by_that_outlet():
    result = run(
        "Russia's Defence Ministry said its forces had captured Soledar. "
        "Cherevaty said fighting in Soledar continued. "
        "Reuters could not independently verify either account."
    )
    assert [(v.claim, v.verifier, v.status) for v in result.verifications] == [
        (0, "reuters", Status.UNCONFIRMED),
        (1, "reuters", Status.UNCONFIRMED),
    ]


def test_geolocated_footage_partly_confirms_the_matching_sides_claim():
    result = run(
        "Russia's Defence Ministry said its forces had captured Soledar. "
        "Cherevaty said fighting in Soledar continued. "
        "ISW said geolocated footage showed Russian troops in central Soledar."
    )
    [verification] = result.verifications
    assert verification.claim == 0
    assert verification.verifier == "isw"
    assert verification.status == Status.PARTIALLY_CONFIRMED
    assert verification.evidence_kind == EvidenceKind.GEOLOCATED_FOOTAGE


def test_footage_after_a_denial_partly_confirms_the_claim_not_the_denial():
    result = run(
        "Russia's Defence Ministry said on Friday its forces had captured Soledar. Cherevaty "
        "said the claim was not true. A video verified by Reuters showed Russian soldiers "
        "raising a flag in Soledar."
    )
    [check] = result.verifications
    assert result.claims[check.claim].verb == Verb.CAPTURED
