"""An article cut into sentences and clauses (claims/extraction/sentences.py)."""

from datetime import date

from claims.choices import Verb

from .test_engine import FRIDAY, run, run_with_bodies


def test_a_second_speaker_joined_by_a_day_after_is_a_claim_of_its_own_dated_a_day_earlier():
    result = run_with_bodies(
        "Ukraine's military said on Friday that its troops had pulled back from Soledar, a day "
        "after Russia's Defence Ministry said its forces had captured the town."
    )
    found = {(c.claimant, c.verb, c.stated_at) for c in result.claims}
    assert found == {
        ("armed-forces-of-ukraine", Verb.WITHDREW, FRIDAY),
        ("russian-mod", Verb.CAPTURED, date(2023, 1, 12)),
    }


def test_a_second_speaker_joined_by_and_makes_a_claim_of_their_own():
    claims = run(
        "On Friday Cherevaty dismissed reports of fighting in Bakhmut as propaganda, and the "
        "Russian Defence Ministry said its forces had captured Soledar."
    ).claims
    assert [(c.claimant, c.place, c.verb) for c in claims] == [
        ("serhii-cherevaty", "bakhmut", Verb.DENIED),
        ("russian-mod", "soledar", Verb.CAPTURED),
    ]
