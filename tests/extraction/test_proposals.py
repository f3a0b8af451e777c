"""What the extraction proposes (claims/extraction/proposals.py), as the API and CLI print it."""

from datetime import date

from claims.extraction.proposals import ClaimProposal, VerificationProposal


def test_a_claim_proposal_as_json_has_iso_days_and_no_internal_flags():
    data = ClaimProposal(
        place="Novoselivka",
        place_known=False,
        claimant="russian-mod",
        claimant_known=True,
        claimant_side="russia",
        claimant_kind="ministry",
        verb="captured",
        side="russia",
        stated_at=date(2024, 9, 9),
        effective_at=None,
        quote="The ministry said its forces had captured the village of Novoselivka.",
        stated_in_text=False,
    ).as_dict()
    assert (data["stated_at"], data["effective_at"]) == ("2024-09-09", None)
    assert "stated_in_text" not in data
    assert (data["place"], data["place_known"]) == ("Novoselivka", False)


def test_a_verification_proposal_as_json_has_an_iso_day():
    data = VerificationProposal(
        claim=0,
        verifier="reuters",
        verifier_known=True,
        status="unconfirmed",
        decided_at=date(2024, 9, 9),
        evidence_kind="",
        quote="Reuters could not independently verify the report.",
    ).as_dict()
    assert data["decided_at"] == "2024-09-09"
