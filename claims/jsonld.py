"""schema.org ClaimReview for a claim the newsroom has reached a verdict on."""

from claims.choices import QUEUE_STATUSES, Status

# ClaimReview ratings run from 1 (false) to 5 (confirmed); superseded has no place on the scale.
RATINGS = {
    Status.FALSE: 1,
    Status.DISPUTED: 2,
    Status.UNCONFIRMED: 3,
    Status.PARTIALLY_CONFIRMED: 4,
    Status.CONFIRMED: 5,
}


def claim_review(claim, verification, *, url: str, site_name: str) -> dict | None:
    """The ClaimReview for ``claim`` as judged by ``verification``; None before any verdict."""
    if verification is None or verification.status in QUEUE_STATUSES:
        return None
    claimant = claim.claimant
    rating = {"@type": "Rating", "alternateName": str(Status(verification.status).label)}
    if verification.status in RATINGS:
        rating.update(ratingValue=RATINGS[verification.status], bestRating=5, worstRating=1)
    appearances = [
        {"@type": "CreativeWork", "url": c.source.url, "name": c.source.title}
        if c.source.url
        else {"@type": "CreativeWork", "name": c.source.title}
        for c in claim.citations.all()
    ]
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": url,
        "datePublished": verification.decided_at.date().isoformat(),
        "author": {"@type": "Organization", "name": site_name},
        "claimReviewed": claim.summary,
        "itemReviewed": {
            "@type": "Claim",
            "author": {
                "@type": "Organization" if claimant.kind not in PERSON_KINDS else "Person",
                "name": claimant.name,
            },
            "datePublished": claim.stated_at.date().isoformat(),
            "appearance": appearances,
        },
        "reviewRating": rating,
    }


PERSON_KINDS = {"spokesperson", "head_of_state", "government_official", "journalist", "other"}
