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
    # The stands whose findings the verdict reports: the one claim when a single side claims
    # the place; when several do, each, the confirmed first, then those found against, so that
    # no side's verdict is told and its rival's left out.
    verdicts_on: list
    third_parties: list  # the third parties named (one at most: a sentence, not a list)


def _found(stand, statuses) -> bool:
    return any(finding.status in statuses for finding in stand.findings)


def outline(facts) -> Outline:
    told = sorted(
        (stand for stand in facts.stands if stand.stated is not None),
        key=lambda stand: stand.control != Control.FULL,
    )
    claiming = [stand for stand in told if stand.control in (Control.FULL, Control.PARTIAL)]
    if len(claiming) > 1:
        confirmed = [stand for stand in claiming if _found(stand, CONFIRMING)]
        refuted = [
            stand for stand in claiming if stand not in confirmed and _found(stand, REFUTING)
        ]
        rest = [stand for stand in claiming if stand not in confirmed + refuted]
        # With none confirmed, "neither side's claim had been confirmed" tells the rest.
        neither_confirmed = not confirmed
        verdicts_on = confirmed + refuted + ([] if neither_confirmed else rest)
    else:
        neither_confirmed, verdicts_on = False, claiming
    return Outline(
        told=told,
        neither_confirmed=neither_confirmed,
        verdicts_on=verdicts_on,
        third_parties=facts.third_parties[:1],
    )
