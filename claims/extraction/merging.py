"""After reading: one proposal per statement, and which claim a denial answers."""

from django.utils.translation import gettext

from claims.choices import Verb
from claims.extraction import lexicon
from claims.extraction.proposals import ClaimProposal, Extraction

# Verbs that say something about a side's control, and so can be answered.
ANSWERABLE = frozenset(
    {Verb.CAPTURED, Verb.LIBERATED, Verb.HOLDS, Verb.PARTIALLY_HOLDS, Verb.ENCIRCLED}
)

# Which statement stands when a claimant says several things about one place on one day: the
# most specific (a denial over the fighting it mentions, the claimant's "liberated" over a
# reporter's "captured").
VERB_RANK = {
    Verb.DENIED: 0,
    Verb.WITHDREW: 1,
    Verb.ENCIRCLED: 2,
    Verb.PARTIALLY_HOLDS: 3,
    Verb.LIBERATED: 4,
    Verb.CAPTURED: 5,
    Verb.HOLDS: 6,
    Verb.CONTESTED: 7,
    Verb.LEGAL_STATUS: 8,
}


def dedupe(result: Extraction) -> None:
    """One proposal per claimant, place and day: copy that repeats a statement (headline, then
    body, then a quote from it) counts once, with its most specific verb (:data:`VERB_RANK`)."""
    kept: list[ClaimProposal] = []
    moved: dict[int, int] = {}
    for i, claim in enumerate(result.claims):
        same = next((k for k, other in enumerate(kept) if _same_statement(other, claim)), None)
        if same is None:
            moved[i] = len(kept)
            kept.append(claim)
            continue
        first = kept[same]
        if VERB_RANK[Verb(claim.verb)] < VERB_RANK[Verb(first.verb)]:
            claim.effective_at = claim.effective_at or first.effective_at
            if first.stated_in_text and not claim.stated_in_text:
                claim.stated_at, claim.stated_in_text = first.stated_at, True
            kept[same] = claim
        else:
            first.effective_at = first.effective_at or claim.effective_at
            if claim.stated_in_text and not first.stated_in_text:
                first.stated_at, first.stated_in_text = claim.stated_at, True
        moved[i] = same
    for v in result.verifications:
        v.claim = moved[v.claim]
    result.claims = kept
    unique, seen_v = [], set()
    for v in result.verifications:
        key = (v.claim, v.verifier, v.status)
        if key not in seen_v:
            seen_v.add(key)
            unique.append(v)
    result.verifications = unique


def _same_statement(a: ClaimProposal, b: ClaimProposal) -> bool:
    """Same claimant and place, and the same day, or a day the text does not give (a quote
    from a statement dated earlier in the article)."""
    return (
        a.place == b.place
        and a.claimant == b.claimant
        and (a.stated_at == b.stated_at or not (a.stated_in_text and b.stated_in_text))
    )


def link_answers(result: Extraction) -> None:
    """A denial or a rebuttal answers the latest claim about the same place by the other side
    (or, when the text gives the denial first, the next one)."""
    claims = result.claims
    for i, claim in enumerate(claims):
        rebuts = claim.verb == Verb.DENIED or lexicon.REBUTTAL.search(claim.quote.lower())
        # A denier whose side is not known ("Oleh Syniehubov, head of the regional military
        # administration, denied …") answers whoever of a known side made the claim.
        unsided = claim.verb == Verb.DENIED and claim.claimant_side is None and claim.side is None
        if not rebuts or (claim.claimant_side is None and not unsided):
            continue

        def answerable(j, claim=claim):
            other = claims[j]
            return (
                other.place == claim.place
                and other.claimant_side not in (None, claim.claimant_side)
                and other.claimant != claim.claimant
                and other.verb in ANSWERABLE
                and other.stated_at <= claim.stated_at
            )

        earlier = [j for j in range(i) if answerable(j)]
        later = [j for j in range(i + 1, len(claims)) if answerable(j)]
        target = earlier[-1] if earlier else (later[0] if later else None)
        if target is None:
            continue
        claim.answers = target
        if claim.verb == Verb.DENIED:
            claim.side = claims[target].side
        claim.why.append(
            gettext("answers proposal %(number)s (%(claimant)s)")
            % {"number": target + 1, "claimant": claims[target].claimant}
        )
