"""What a place's sentence says, in any language: which sides' stands are told and in what
order, whose claim the verdict is about, and which third party is named. The language modules
(:mod:`claims.sentences.en`, :mod:`claims.sentences.uk`) only word it, so the rule of never
saying more than the evidence has one home."""

from dataclasses import dataclass

from claims.choices import Control, Status

CONFIRMING = (Status.CONFIRMED, Status.PARTIALLY_CONFIRMED)
REFUTING = (Status.FALSE, Status.DISPUTED)


@dataclass(frozen=True)
class Outline:
    told: list  # the stands with a statement, claims of full control first
    # Two sides claim the place and no verifier has confirmed either: the verdict says so.
    neither_confirmed: bool
    # The stand whose findings the verdict reports (None: no verdict); when neither claim is
    # confirmed, the first claim a verifier found against, which that verdict adds.
    verdict_on: object
    third_parties: list  # the third parties named (one at most: a sentence, not a list)


def outline(facts) -> Outline:
    told = sorted(
        (stand for stand in facts.stands if stand.stated is not None),
        key=lambda stand: stand.control != Control.FULL,
    )
    claiming = [stand for stand in told if stand.control in (Control.FULL, Control.PARTIAL)]
    neither_confirmed = len(claiming) > 1 and not any(
        finding.status in CONFIRMING for stand in claiming for finding in stand.findings
    )
    if neither_confirmed:
        refuted = (
            stand
            for stand in claiming
            if any(finding.status in REFUTING for finding in stand.findings)
        )
        verdict_on = next(refuted, None)
    else:
        verdict_on = claiming[0] if claiming else None
    return Outline(
        told=told,
        neither_confirmed=neither_confirmed,
        verdict_on=verdict_on,
        third_parties=facts.third_parties[:1],
    )
