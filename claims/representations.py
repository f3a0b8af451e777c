"""Claims, places, actors, sources and verifications as plain dicts, built from ``values()``.

One declaration of each resource's columns (:mod:`claims.formats`) serves the JSON API, the JSONL
and GeoJSON exports and the OpenAPI schema: no per-object serializer on the hot path, two queries
for any number of claims (the rows, then their citations).
"""

import functools
from collections.abc import Iterable
from datetime import date

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from claims import formats, picture
from claims.models import Actor, Side

CLAIM_COLUMNS = formats.claims.API.values
VERIFICATION_COLUMNS = formats.verifications.API.values
PLACE_COLUMNS = formats.catalogue.PLACE.values
ACTOR_COLUMNS = formats.catalogue.ACTOR.values
SOURCE_COLUMNS = formats.catalogue.SOURCE.values


class Links:
    """Absolute URLs for one request, built by string concatenation (no reverse() per row).

    Data links to pages by their plain addresses, whatever language the request reads: the
    answers are the same in every language (but for their sentences), and :func:`links_for`
    keeps the first Links made for a site, so a Ukrainian request must not set everyone's."""

    def __init__(self, base: str):
        with translation.override(settings.LANGUAGE_CODE):
            self._build(base)

    def _build(self, base: str):
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


def _dicts(spec: formats.Format, rows: list[dict], links: Links) -> list[dict]:
    spec.attach(rows)
    return spec.dicts(rows, links)


def claim_dicts(rows: list[dict], links: Links) -> list[dict]:
    """Turn ``values(*CLAIM_COLUMNS)`` rows into API claims, with their citations (one query)."""
    return _dicts(formats.claims.API, rows, links)


def verification_dicts(rows: list[dict], links: Links) -> list[dict]:
    """Verification events with their evidence sources (one more query)."""
    return _dicts(formats.verifications.API, rows, links)


def place_dicts(rows: list[dict], links: Links) -> list[dict]:
    """Places with their stored picture now (three more queries: names, sides, actors)."""
    stored = {
        r["id"]: picture.from_json(r["state__picture"]) if r["state__picture"] else picture.EMPTY
        for r in rows
    }
    slugs = PictureSlugs(stored.values())
    for row in rows:
        row["picture"] = picture_dict(stored[row["id"]], None, slugs)
    return _dicts(formats.catalogue.PLACE, rows, links)


def actor_dicts(rows: list[dict], links: Links) -> list[dict]:
    return _dicts(formats.catalogue.ACTOR, rows, links)


def source_dicts(rows: list[dict], links: Links) -> list[dict]:
    return _dicts(formats.catalogue.SOURCE, rows, links)


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
