"""One proposal per statement and the claim a denial answers (claims/extraction/merging.py)."""

from claims.choices import Verb

from .test_engine import run


def test_denial_answers_the_capture_claim_and_takes_its_side():
    result = run(
        "Russia's Defence Ministry said its forces had captured Soledar. "
        "Serhii Cherevaty, a Ukrainian army spokesman, said the claim was not true."
    )
    capture, denial = result.claims
    assert capture.verb == Verb.CAPTURED
    assert denial.verb == Verb.DENIED
    assert denial.answers == 0
    assert denial.side == "russia"
    assert denial.claimant_side == "ukraine"


def test_the_claimants_quoted_word_for_a_taking_stands_over_the_reporters():
    [claim] = run(
        'Russian forces captured Soledar, "the settlement of Soledar has been liberated," '
        "Russia's Defence Ministry said."
    ).claims
    assert (claim.claimant, claim.verb, claim.side) == ("russian-mod", Verb.LIBERATED, "russia")


def test_a_denier_of_unknown_side_answers_the_claim_and_takes_its_side():
    result = run(
        "Russia's Defence Ministry said on Friday its forces had captured Soledar and Bakhmut. "
        "Ivan Marchenko, head of the district administration, denied on Friday that the towns "
        "had been captured."
    )
    denials = [c for c in result.claims if c.claimant == "Ivan Marchenko"]
    assert [(c.place, c.verb, c.side) for c in denials] == [
        ("soledar", Verb.DENIED, "russia"),
        ("bakhmut", Verb.DENIED, "russia"),
    ]
    assert all(result.claims[c.answers].claimant == "russian-mod" for c in denials)
