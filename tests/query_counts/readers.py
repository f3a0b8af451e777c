"""Pages for readers, anonymous."""

from tests.query_counts.names import (
    CLAIM_LIST,
    CLAIM_PAGE,
    DASHBOARD,
    PLACE_LIST,
    PLACE_PAGE,
    UKRAINIAN,
    Named,
    Pin,
)


def pins(d: Named) -> dict[str, Pin]:
    return {
        "dashboard": Pin("/", DASHBOARD),
        "dashboard_uk": Pin("/uk/", [*DASHBOARD, *UKRAINIAN]),
        "place_list": Pin("/places/", PLACE_LIST),
        "place_list_search": Pin("/places/?q=town", PLACE_LIST),
        "place_detail": Pin(f"/places/{d.town.slug}/", PLACE_PAGE),
        # The same reads whether the folded parts are in the page or not: only what is drawn.
        "place_detail_unfolded": Pin(f"/places/{d.town.slug}/?all=1", PLACE_PAGE),
        "place_detail_uk": Pin(
            f"/uk/places/{d.town.slug}/", [*PLACE_PAGE[:7], *UKRAINIAN, *PLACE_PAGE[7:]]
        ),
        "place_detail_as_of": Pin(
            f"/places/{d.town.slug}/?as_of=2023-01-14",
            [
                "place with its parents and stored state",
                "the place's claims stated by then",
                "side ids (the as-of picture's rows)",
                "verdicts decided by then, for the picture",
                "one page of the claims stated by then",
                "verdicts decided by then, for that page",
                *PLACE_PAGE[2:],
            ],
        ),
        "place_feed": Pin(
            f"/places/{d.town.slug}/feed.atom",
            [
                "place with stored state",
                "sides",
                "the picture's claims",
                "actors named in the picture",
                "latest claims about the place",
                "latest verdicts about the place",
            ],
        ),
        "embed_place": Pin(
            f"/embed/places/{d.town.slug}/",
            ["place with stored state", "sides", "the picture's claims", "actors in the picture"],
        ),
        "claim_list": Pin("/claims/", CLAIM_LIST),
        "claim_list_by_side": Pin("/claims/?side=ru-side", ["the side by slug", *CLAIM_LIST]),
        "claim_list_by_place": Pin("/claims/?place=town", ["the place by slug", *CLAIM_LIST]),
        "claim_detail": Pin(f"/claims/{d.claim.pk}/", CLAIM_PAGE),
        "actor_list": Pin(
            "/actors/", ["count of actors (pagination)", "sides", "one page of actors"]
        ),
        "actor_detail": Pin(
            f"/actors/{d.actor.slug}/",
            ["actor with parent and side", "its claims", "its sub-units", "its claims per status"],
        ),
        "source_detail": Pin(
            f"/sources/{d.source.pk}/",
            ["source with publisher", "claims citing it", "verdicts using it as evidence"],
        ),
        # The claims are read alone, their rows' places and claimants by id after: joined in
        # one query, planning it cost ~10 ms at 200,000 claims. A fourth lookup, the claims the
        # rows answer (with their claimants), runs only when a row answers one: none does here.
        "search": Pin(
            "/search/?q=quote",
            ["places", "actors", "claims with their sides", "the claims' places", "claimants"],
        ),
        # A word naming a verb leaves no name to look up: the claims of that verb alone.
        "search_verb": Pin(
            "/search/?q=captured",
            ["claims with their sides", "the claims' places", "claimants"],
        ),
        # The town's name besides the verb is looked up as before.
        "search_verb_and_name": Pin(
            f"/search/?q={d.town.name}+captured",
            ["places", "actors", "claims with their sides", "the claims' places", "claimants"],
        ),
        "search_empty": Pin("/search/", []),
        "suggest_place": Pin("/suggest/place/?place=To", ["places matching"]),
        "suggest_actor": Pin("/suggest/actor/?claimant=ru", ["actors matching"]),
        "claims_feed": Pin("/feeds/claims.atom", ["latest claims with everything they show"]),
        "verifications_feed": Pin(
            "/feeds/verifications.atom", ["latest verdicts with everything they show"]
        ),
        "export_claims_csv": Pin(
            "/export/claims.csv",
            [
                "first batch of claims",
                "the batch's citations",
                "other names of the batch's places",
                "next batch (empty: the end)",
            ],
            # PostgreSQL streams the CSV with COPY (claims/exports_pg.py), which goes through
            # psycopg's copy and not through Django's cursor, so only its set-up is counted.
            postgres=[
                "savepoint",
                "the COPY's settings: no parallel workers, its own timeout, sorting",
                "release the savepoint",
            ],
        ),
        "export_claims_jsonl": Pin(
            "/export/claims.jsonl",
            ["first batch of claims", "the batch's citations", "next batch (empty: the end)"],
        ),
        "export_verifications_csv": Pin(
            "/export/verifications.csv",
            ["first batch of verdicts", "the batch's evidence", "next batch (empty: the end)"],
        ),
        "export_places_geojson": Pin(
            "/export/places.geojson",
            [
                "first batch of places",
                "side slugs (the pictures' keys)",
                "actor slugs named in the pictures",
                "next batch (empty: the end)",
            ],
        ),
        "login": Pin("/accounts/login/", []),
        "desk_page_anonymous": Pin("/review/", [], status=302),
        "not_found": Pin("/no-such-page/", [], status=404),
    }
