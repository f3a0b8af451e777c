"""Data sets of a chosen size for query-count tests: the same shape at 5 or at 200 claims."""

from datetime import timedelta

from claims import services
from claims.choices import Status, Verb
from claims.models import Verification, VerificationEvidence
from tests.factories import (
    BASE_TIME,
    ActorFactory,
    CitationFactory,
    ClaimFactory,
    PlaceFactory,
    PlaceNameFactory,
    SourceFactory,
)

VERBS = [Verb.CAPTURED, Verb.DENIED, Verb.CONTESTED, Verb.HOLDS, Verb.WITHDREW]


def populate(n_claims: int, *, russia, ukraine):
    """``n_claims`` claims about one town (in a raion, in an oblast), spread over both sides and
    independent actors, each with two citations and a verdict backed by evidence."""
    oblast = PlaceFactory(name="Oblast", slug="oblast", kind="oblast")
    raion = PlaceFactory(name="Raion", slug="raion", kind="raion", parent=oblast)
    town = PlaceFactory(name="Town", slug="town", parent=raion)
    PlaceNameFactory(place=town, name="Містечко", language="uk")
    claimants = [
        ActorFactory(side=russia, slug="ru-actor"),
        ActorFactory(side=ukraine, slug="ua-actor"),
        ActorFactory(side=None, slug="observer", kind="news_organisation"),
    ]
    sources = [SourceFactory() for _ in range(4)]
    claims = []
    for i in range(n_claims):
        claimant = claimants[i % 3]
        verb = VERBS[i % len(VERBS)]
        side = None if verb == Verb.CONTESTED else (claimant.side or ukraine)
        claim = ClaimFactory(
            place=town,
            claimant=claimant,
            verb=verb,
            side=side,
            stated_at=BASE_TIME + timedelta(hours=i),
            quote=f"Quote {i}",
        )
        for source in sources[i % 2 : i % 2 + 2]:
            CitationFactory(claim=claim, source=source)
        verdict = Verification.objects.create(
            claim=claim,
            status=Status.DISPUTED,
            rationale="Contradicted by a wire report.",
            decided_at=claim.stated_at + timedelta(minutes=30),
        )
        VerificationEvidence.objects.create(verification=verdict, source=sources[3])
        claim.status, claim.current_verification = Status.DISPUTED, verdict
        claim.save(update_fields=["status", "current_verification"])
        claims.append(claim)
    services.refresh_place_states([oblast.pk, raion.pk, town.pk])
    return {"town": town, "claims": claims, "claimants": claimants, "sources": sources}
