"""Claims, places, actors, sources and verifications as plain dicts, built from ``values()``.

One definition serves the JSON API, the JSONL and GeoJSON exports: no per-object serializer on
the hot path, two queries for any number of claims (the rows, then their citations). The DRF
serializers in ``claims.api.serializers`` describe these shapes for the OpenAPI schema.
"""

import functools
from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from django.urls import reverse

from claims import picture
from claims.models import Actor, Citation, PlaceName, Side

CLAIM_COLUMNS = (
    "id",
    "verb",
    "stated_at",
    "stated_precision",
    "effective_at",
    "effective_precision",
    "quote",
    "language",
    "summary",
    "answers_id",
    "status",
    "version",
    "recorded_at",
    "updated_at",
    "place__slug",
    "place__name",
    "claimant__slug",
    "claimant__name",
    "claimant__kind",
    "claimant__side__slug",
    "claimant__side__name",
    "side__slug",
    "side__name",
    "side_id",
    "ambiguous",
    "implied_side__slug",
    "implied_control",
)


class Links:
    """Absolute URLs for one request, built by string concatenation (no reverse() per row)."""

    def __init__(self, base: str):
        self.base = base.rstrip("/")
        self.claim_api = self.base + _api("claim-detail", pk=0)[:-2]
        self.claim_page = self.base + reverse("claims:claim_detail", args=[0])[:-2]
        self.place_api = self.base + _api("place-detail", slug="x")[:-2]
        self.place_page = self.base + reverse("claims:place_detail", args=["x"])[:-2]
        self.actor_api = self.base + _api("actor-detail", slug="x")[:-2]
        self.source_api = self.base + _api("source-detail", pk=0)[:-2]
        self.claim_list = self.base + _api("claim-list")


@functools.lru_cache(maxsize=32)
def links_for(base: str) -> Links:
    """The Links for a site address, made once: the hosts a site answers to are few."""
    return Links(base)


def _api(name: str, **kwargs) -> str:
    return reverse(f"api:{name}", kwargs={"version": "v1", **kwargs})


def _side(slug, name):
    return {"slug": slug, "name": name} if slug else None


def claim_dicts(rows: list[dict], links: Links) -> list[dict]:
    """Turn ``values(*CLAIM_COLUMNS)`` rows into API claims, with their citations (one query)."""
    citations = defaultdict(list)
    if rows:
        for c in (
            Citation.objects.filter(claim_id__in=[r["id"] for r in rows])
            .order_by("claim_id", "position", "id")
            .values(
                "claim_id",
                "excerpt",
                "locator",
                "source_id",
                "source__url",
                "source__title",
                "source__kind",
                "source__publisher__slug",
            )
        ):
            citations[c["claim_id"]].append(
                {
                    "source": {
                        "id": c["source_id"],
                        "url": c["source__url"],
                        "title": c["source__title"],
                        "kind": c["source__kind"],
                        "publisher": c["source__publisher__slug"],
                        "api_url": f"{links.source_api}{c['source_id']}/",
                    },
                    "excerpt": c["excerpt"],
                    "locator": c["locator"],
                }
            )
    return [_claim(row, citations[row["id"]], links) for row in rows]


def _claim(row: dict, citations: list, links: Links) -> dict:
    pk = row["id"]
    return {
        "id": pk,
        "url": f"{links.claim_api}{pk}/",
        "page_url": f"{links.claim_page}{pk}/",
        "place": {
            "slug": row["place__slug"],
            "name": row["place__name"],
            "url": f"{links.place_api}{row['place__slug']}/",
        },
        "claimant": {
            "slug": row["claimant__slug"],
            "name": row["claimant__name"],
            "kind": row["claimant__kind"],
            "side": _side(row["claimant__side__slug"], row["claimant__side__name"]),
            "url": f"{links.actor_api}{row['claimant__slug']}/",
        },
        "verb": row["verb"],
        "side": _side(row["side__slug"], row["side__name"]),
        "ambiguous": row["ambiguous"],
        "implied_control": {
            "side": row["implied_side__slug"],
            "control": row["implied_control"] or None,
        },
        "stated_at": row["stated_at"],
        "stated_precision": row["stated_precision"],
        "effective_at": row["effective_at"],
        "effective_precision": row["effective_precision"],
        "quote": row["quote"],
        "language": row["language"],
        "summary": row["summary"],
        "answers": row["answers_id"],
        "citations": citations,
        "status": row["status"],
        "version": row["version"],
        "recorded_at": row["recorded_at"],
        "updated_at": row["updated_at"],
    }


VERIFICATION_COLUMNS = (
    "id",
    "claim_id",
    "claim__place__slug",
    "status",
    "rationale",
    "evidence_kind",
    "decided_at",
    "recorded_at",
    "claim_version",
    "recorded_by__username",
    "verifier__slug",
)


def verification_dicts(rows: list[dict], links: Links) -> list[dict]:
    """Verification events with their evidence sources (one more query)."""
    from claims.models import VerificationEvidence

    evidence = defaultdict(list)
    if rows:
        for link in (
            VerificationEvidence.objects.filter(verification_id__in=[r["id"] for r in rows])
            .order_by("verification_id", "id")
            .values("verification_id", "source_id", "source__url", "source__title")
        ):
            evidence[link["verification_id"]].append(
                {
                    "id": link["source_id"],
                    "url": link["source__url"],
                    "title": link["source__title"],
                    "api_url": f"{links.source_api}{link['source_id']}/",
                }
            )
    return [
        {
            "id": row["id"],
            "claim": row["claim_id"],
            "claim_url": f"{links.claim_api}{row['claim_id']}/",
            "place": row["claim__place__slug"],
            "status": row["status"],
            "rationale": row["rationale"],
            "evidence_kind": row["evidence_kind"],
            "evidence": evidence[row["id"]],
            "verifier": row["verifier__slug"],
            "recorded_by": row["recorded_by__username"],
            "decided_at": row["decided_at"],
            "recorded_at": row["recorded_at"],
            "claim_version": row["claim_version"],
        }
        for row in rows
    ]


PLACE_COLUMNS = (
    "id",
    "slug",
    "name",
    "kind",
    "parent__slug",
    "latitude",
    "longitude",
    "updated_at",
    "state__picture",
    "state__claim_count",
    "state__last_stated_at",
    "state__last_statement_at",
)


def place_dicts(rows: list[dict], links: Links) -> list[dict]:
    """Places with their stored picture now (three more queries: names, sides, actors)."""
    names = defaultdict(list)
    if rows:
        for alias in PlaceName.objects.filter(place_id__in=[r["id"] for r in rows]).values(
            "place_id", "name", "language", "kind"
        ):
            names[alias.pop("place_id")].append(alias)
    stored = {
        r["id"]: picture.from_json(r["state__picture"]) if r["state__picture"] else picture.EMPTY
        for r in rows
    }
    slugs = PictureSlugs(stored.values())
    return [
        {
            "slug": row["slug"],
            "name": row["name"],
            "kind": row["kind"],
            "region": row["parent__slug"],
            "latitude": float(row["latitude"]) if row["latitude"] is not None else None,
            "longitude": float(row["longitude"]) if row["longitude"] is not None else None,
            "names": names[row["id"]],
            "claim_count": row["state__claim_count"] or 0,
            "last_stated_at": row["state__last_stated_at"],
            "picture": picture_dict(stored[row["id"]], None, slugs),
            "url": f"{links.place_api}{row['slug']}/",
            "page_url": f"{links.place_page}{row['slug']}/",
            "claims_url": f"{links.claim_list}?place={row['slug']}",
            "updated_at": row["updated_at"],
        }
        for row in rows
    ]


class PictureSlugs:
    """The slugs of the sides and actors some pictures name by id (two queries at most)."""

    def __init__(self, pictures: Iterable[picture.Picture]):
        pictures = list(pictures)
        self.sides = dict(Side.objects.values_list("id", "slug")) if pictures else {}
        actor_ids = {a.actor_id for p in pictures for a in p.independent}
        actor_ids |= {v.actor_id for p in pictures for pos in p.positions for v in pos.verifiers}
        actor_ids.discard(None)
        self.actors = (
            dict(Actor.objects.filter(pk__in=actor_ids).values_list("id", "slug"))
            if actor_ids
            else {}
        )


def picture_dict(item: picture.Picture, as_of: date | None, slugs: PictureSlugs) -> dict:
    """A control picture as the API gives it (see docs/architecture.md for what it means)."""
    return {
        "as_of": as_of,
        "contested": item.contested,
        "last_statement_at": item.last_statement_at,
        "verdict": item.verdict,
        "positions": [
            {
                "side": slugs.sides.get(p.side_id),
                "control": p.control,
                "since": p.since,
                "claims": p.claims,
                "claim_count": p.claim_count,
                "status": p.status,
                "verifiers": [
                    {
                        "actor": slugs.actors.get(v.actor_id),
                        "kind": v.kind,
                        "status": v.status,
                        "decided_at": v.decided_at,
                        "claim": v.claim_id,
                    }
                    for v in p.verifiers
                ],
                "verifiers_disagree": p.verifiers_disagree,
                "contradicted_within_side": p.contradicted_within_side,
                "context": p.context,
            }
            for p in item.positions
        ],
        "independent": [
            {
                "actor": slugs.actors.get(a.actor_id),
                "claim": a.claim_id,
                "stated_at": a.stated_at,
                "status": a.status,
            }
            for a in item.independent
        ],
    }


ACTOR_COLUMNS = (
    "id",
    "slug",
    "name",
    "kind",
    "description",
    "side__slug",
    "side__name",
    "parent__slug",
    "updated_at",
)


def actor_dicts(rows: list[dict], links: Links) -> list[dict]:
    return [
        {
            "slug": row["slug"],
            "name": row["name"],
            "kind": row["kind"],
            "description": row["description"],
            "side": _side(row["side__slug"], row["side__name"]),
            "independent": row["side__slug"] is None,
            "parent": row["parent__slug"],
            "url": f"{links.actor_api}{row['slug']}/",
            "updated_at": row["updated_at"],
        }
        for row in rows
    ]


SOURCE_COLUMNS = (
    "id",
    "url",
    "title",
    "kind",
    "publisher__slug",
    "published_at",
    "language",
    "archived_url",
    "retrieved_at",
    "updated_at",
)


def source_dicts(rows: list[dict], links: Links) -> list[dict]:
    return [
        {
            "id": row["id"],
            "url": row["url"],
            "title": row["title"],
            "kind": row["kind"],
            "publisher": row["publisher__slug"],
            "published_at": row["published_at"],
            "language": row["language"],
            "archived_url": row["archived_url"],
            "retrieved_at": row["retrieved_at"],
            "api_url": f"{links.source_api}{row['id']}/",
            "updated_at": row["updated_at"],
        }
        for row in rows
    ]
