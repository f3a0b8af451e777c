"""Verifications a text reports (claims/extraction/checks.py)."""

from claims.choices import Status

from .test_roles import run


def test_these_claims_are_the_ones_the_sentence_before_reported():
    result = run(
        "Lykhovyi said on Monday that Ukrainian troops still held Pokrovsk.\n"
        "Russia's Defence Ministry has also reported capturing Kupiansk and Myrnohrad. "
        "These claims could not be verified."
    )
    checked = {result.claims[v.claim].place for v in result.verifications}
    assert checked == {"kupiansk", "myrnohrad"}
    assert {v.status for v in result.verifications} == {Status.UNCONFIRMED}
