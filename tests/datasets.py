"""Data sets of a chosen size for query-count tests: the same shape at 5 or at 200 claims."""

from datetime import timedelta

from claims import services
from claims.choices import Precision, Status, Verb
from tests.factories import (
    BASE_TIME,
    ActorFactory,
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
        claim = services.claim_create(
            data=services.ClaimInput(
                place=town,
                claimant=claimant,
                verb=verb,
                side=side,
                stated_at=BASE_TIME + timedelta(hours=i),
                stated_precision=Precision.DAY,
                quote=f"Quote {i}",
                summary=f"Claim number {i} about control.",
                citations=[services.CitationInput(source=s) for s in sources[i % 2 : i % 2 + 2]],
            ),
            allow_duplicate=True,  # a claimant speaks about the town several times a day here
        )
        services.verification_record(
            claim=claim,
            expected_version=claim.version,
            status=Status.DISPUTED,
            rationale="Contradicted by a wire report.",
            evidence=[sources[3]],
            decided_at=claim.stated_at + timedelta(minutes=30),
        )
        claim.refresh_from_db()
        claims.append(claim)
    services.refresh_place_states([oblast.pk, raion.pk, town.pk])
    return {"town": town, "claims": claims, "claimants": claimants, "sources": sources}
