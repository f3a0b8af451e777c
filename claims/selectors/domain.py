"""Domain reads that span models: what the pages, the API, the desk and the caches ask of the
data, as plain values and querysets. Page-shaped objects are built from these in
:mod:`claims.selectors.pages`."""

from datetime import datetime

from django.db import router
from django.db.models import Count, Q
from django.utils import timezone

from claims import compiled, picture, pictures, search_terms
from claims.choices import Status
from claims.models import (
    Actor,
    Claim,
    DataVersion,
    Place,
    PlaceVersion,
    Source,
    Verification,
)
from claims.querysets import NAMED_LIMIT


def _standing(claim_ids, moment: datetime):
    """Each claim's standing judgement among those decided before ``moment`` (one query)."""
    return {
        claim_id: picture.current(rows)
        for claim_id, rows in pictures.judgements(claim_ids, before=moment).items()
    }


def verifications_as_of(claim_ids, moment: datetime) -> dict[int, Verification]:
    """Each claim's standing verification among those decided before ``moment`` (two queries)."""
    standing = _standing(claim_ids, moment)
    found = Verification.objects.in_bulk([j.id for j in standing.values() if j])
    return {claim_id: found[j.id] for claim_id, j in standing.items() if j}


def statuses_as_of(claim_ids, moment: datetime) -> dict[int, str]:
    """Each claim's status among the verdicts decided before ``moment`` (one query)."""
    return {claim_id: j.status for claim_id, j in _standing(claim_ids, moment).items() if j}


def status_counts(claims) -> dict[str, int]:
    """How many of ``claims`` currently stand at each outcome, every outcome listed (one query)."""
    counts = dict(
        claims.order_by().values_list("status").annotate(n=Count("id")).values_list("status", "n")
    )
    return {status: counts.get(status, 0) for status in Status.values}


def actor_track_record(actor) -> dict[str, int]:
    """How many of the actor's claims currently stand at each outcome."""
    return status_counts(Claim.objects.filter(claimant=actor))


def data_version() -> DataVersion:
    """The global change counter (ETag / Last-Modified validator)."""
    # One row by its key: no ORDER BY, which first() would add and every request would compile.
    version = next(iter(DataVersion.objects.filter(pk=1).order_by()[:1]), None)
    return version or DataVersion(pk=1, version=0, changed_at=timezone.now())


def place_version(slug: str) -> PlaceVersion | None:
    """The version of what the place called ``slug`` shows (one query); None when there is no
    such place, or no write has stamped it (then only the global version tells)."""
    # Asked on every answer about a place: compiled once (claims.compiled), and a slug is
    # unique, so no ORDER BY.
    return compiled.first(
        "place_version",
        PlaceVersion,
        lambda slug: PlaceVersion.objects.filter(place__slug=slug).order_by(),
        (Place._meta.get_field("slug"),),
        (slug,),
        router.db_for_read(PlaceVersion),
    )


def contested_places():
    """Places contested now, live disputes first (the latest statement by a side first)."""
    return Place.objects.filter(state__contested=True).order_by("-state__last_statement_at", "name")


def facet_counts(claims, *fields: str) -> list[tuple]:
    """How many of ``claims`` share each value of ``fields``, most first (as Datasette shows).

    Each row is the field values followed by the count.
    """
    rows = claims.order_by().values_list(*fields).annotate(n=Count("id")).values_list(*fields, "n")
    return sorted(rows, key=lambda row: (-row[-1], str(row[0])))


def search(query: str, *, limit: int = 50):
    """Claims, places (any alias) and actors matching ``query``; and the verbs its words name
    (:mod:`claims.search_terms`), with the ``rest`` of it, which names the places and actors.

    The places and actors found are the ones whose claims are searched too: each name lookup
    (the costliest part, trigram similarity over every name) runs once, not twice.
    """
    terms = search_terms.read(query)
    places, actors = [], []
    if terms.rest:
        named = terms.rest
        places = list(
            Place.objects.named(named).select_related("parent").ranked_by_name(named)[:NAMED_LIMIT]
        )
        actors = list(
            Actor.objects.named(named).select_related("side").ranked_by_name(named)[:NAMED_LIMIT]
        )
    claims = Claim.objects.shown_apart().latest_found(
        query, places=[p.pk for p in places], actors=[a.pk for a in actors], limit=limit
    )
    return {
        "places": places[:limit],
        "actors": actors[:limit],
        "verbs": terms.verbs,
        "rest": terms.rest,
        "claims": list(claims),
    }


def evidence_candidates(claim: Claim, limit: int = 60):
    """Sources worth offering as evidence: the latest cited or used about the same place."""
    about_place = Q(citations__claim__place_id=claim.place_id) | Q(
        evidence_links__verification__claim__place_id=claim.place_id
    )
    ids = list(
        Source.objects.filter(about_place)
        .order_by("-published_at", "-id")
        .values_list("id", flat=True)
        .distinct()[:limit]
    )
    # A plain filter, not a slice, so that a form can validate a choice against it.
    return (
        Source.objects.filter(pk__in=ids)
        .select_related("publisher", "publisher__side")
        .order_by("-published_at", "title")
    )


def review_queue():
    """Claims waiting for a verdict, with who has taken each into review."""
    return (
        Claim.objects.needs_review()
        .shown()
        .select_related("current_verification", "current_verification__recorded_by")
    )
