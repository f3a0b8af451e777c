"""Data sets of a chosen size for query-count tests: the same shape at 5 or at 200 claims, and a
desk crowded with sources and claims for the pickers."""

from datetime import timedelta

from django.db import connection
from django.utils import timezone

from claims import services
from claims.choices import Precision, Status, Verb
from claims.models import Citation, Claim, Source
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


def build_desk(russia, ukraine, n_sources: int, n_claims: int) -> Claim:
    """Sources and claims, half of the claims about one town, made by the database itself from
    a counter (only their number matters here); returns the town's newest claim."""
    town, elsewhere = PlaceFactory(slug="town"), PlaceFactory(slug="elsewhere")
    # Named, not numbered by the factory's counter: the pickers' tests search for numbers, and
    # "Actor 597" would answer a search for "97" depending on which tests ran before.
    ru = ActorFactory(side=russia, name="Defence ministry")
    ua = ActorFactory(side=ukraine, name="General staff")
    wire = ActorFactory(side=None, name="Wire agency", kind="news_organisation")
    now = timezone.now()
    insert_counted(
        n_sources,
        "claims_source (url, title, kind, publisher_id, published_at, language, archived_url,"
        " created_at, updated_at)",
        "'https://news' || (i %% 50) || '.example.org/report-' || i, 'Report ' || i ||"
        " ' on the front', 'article', CASE WHEN i %% 3 = 0 THEN %s ELSE %s END, %s, '', '', %s, %s",
        [ru.pk, wire.pk, BASE_TIME, now, now],
        [],
    )
    insert_counted(
        n_claims,
        "claims_claim (place_id, claimant_id, verb, side_id, stated_at, stated_precision,"
        " effective_at, effective_precision, quote, summary, language, status, version,"
        " search_document, recorded_at, updated_at, ambiguous, implied_control)",
        "CASE WHEN i %% 2 = 1 THEN %s ELSE %s END, CASE WHEN i %% 2 = 1 THEN %s ELSE %s END,"
        " CASE WHEN i %% 2 = 1 THEN %s ELSE %s END, CASE WHEN i %% 2 = 1 THEN %s ELSE %s END,"
        " %s, 'day', %s, 'day', '', 'Claim number ' || i || ' about the town.', '',"
        " 'unreviewed', 1, ' claim number ' || i || ' about the town ', %s, %s, %s, ''",
        [town.pk, elsewhere.pk, ru.pk, ua.pk, Verb.CAPTURED, Verb.HOLDS, russia.pk, ukraine.pk],
        [BASE_TIME, BASE_TIME, now, now, False],
    )
    cited = min(2_000, n_sources, n_claims // 2)
    sources = list(Source.objects.values_list("pk", flat=True)[:cited])
    claims = list(Claim.objects.filter(place=town).values_list("pk", flat=True)[:cited])
    Citation.objects.bulk_create(
        Citation(claim_id=c, source_id=s) for c, s in zip(claims, sources, strict=True)
    )
    return Claim.objects.filter(place=town).order_by("-pk").first()


def insert_counted(count: int, into: str, values: str, *params: list) -> None:
    """INSERT ``count`` rows whose ``values`` may use the counter ``i`` (0 … count - 1); a
    literal % is written %%, as both backends take %s placeholders."""
    with connection.cursor() as cursor:
        cursor.execute(
            "WITH RECURSIVE counter(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM counter"
            f" WHERE i < %s) INSERT INTO {into} SELECT {values} FROM counter",
            [count - 1, *(p for group in params for p in group)],
        )
