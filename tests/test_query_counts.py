"""Every page, feed, export and API answer costs an exact number of queries, named one by one.

One place for all of them, so that a change that adds a query fails here and says which page
moved. Each pin is the list of its queries in the order they run; the count asserted is the
list's length, so the names cannot drift from the number. Every pin is measured at 5 claims and
again at 200: the same count proves nothing is read once per row.

Caches are off in tests/settings.py (API, page and card caches; the database cache with a
limit a cull never reaches), so counts do not depend on the order the tests run in. Pages as a
logged-in editor start with SESSION; anonymous API answers with the rate limit's six queries on
the database cache (Redis would cost none).
"""

from collections import defaultdict
from dataclasses import dataclass

import pytest
from django.db import connection

from claims.webhooks import subscriptions
from tests.datasets import populate

pytestmark = pytest.mark.django_db

SESSION = [
    "session",
    "user",
    "user's own permissions (the menu shows desk links by permission)",
    "user's group permissions",
]


def rate_limit(who):
    return [
        f"rate limit ({who}): read the counter",
        "rate limit: count the cache table (Django's cull check)",
        "rate limit: savepoint",
        "rate limit: read the counter's row",
        "rate limit: write the counter",
        "rate limit: release the savepoint",
    ]


ANONYMOUS_API = rate_limit("address")
TOKEN_API = [
    "token and its user",
    "the user's tokens (knox deletes expired ones at each request)",
    *rate_limit("account"),
]
ANY_PERMISSIONS = ["user's own permissions", "user's group permissions"]
MAP = ["map: places with coordinates and stored state", "map: sides holding each place"]
PLACE_PAGE = [
    "place with its parents and stored state",
    "the place's claims for the control picture",
    "one page of the place's claims",
    "sides (legend and picture rows)",
    "the picture's claims with claimant, side and verdict",
    "actors named in the picture",
    "the place's other names",
    "the listed claims with the claims they answer",
    *MAP,
]
UKRAINIAN = [
    "Ukrainian names of the places shown",
    "Ukrainian names of the actors shown",
    "Ukrainian names of the sides",
]
CLAIM_LIST = [
    "one page of claims with place, claimant, side and verdict",
    "facet: claims per claimant's side",
    "facet: claims per status",
    "facet: claims per verb",
    "sides (the side filter's choices)",
]
DASHBOARD = [
    "contested places with stored state",
    "sides",
    "claims per status",
    "latest claims",
    "latest verdicts",
]
CLAIM_PAGE = [
    "claim with place, claimant, side and current verdict",
    "citations with sources and publishers",
    "verdict history with who recorded each",
    "evidence sources of those verdicts",
    "the publisher of the current verdict's evidence (read once, lazily)",
    "claims answering this one",
    "the place's claims, for the place's picture beside the claim",
    "the claim's edit history",
    # Its citations were written with the claim, so that history holds no later change and the
    # titles of the sources it names are not read (one more query on a claim re-cited since).
    "the citations' edit history",
]
PLACE_LIST = [
    "count of places (pagination)",
    "one page of places with stored state",
    "sides (legend)",
    "actors named in the pictures",
    *MAP,
    "oblasts and raions (the region filter's choices)",
    # Sides read three times (legend, map key, filter): a repeat, not growth with the data.
    "sides (map key)",
    "sides (side filter)",
]


def signed_in(page: list[str], at: int) -> list[str]:
    """A reader's page as an editor: session and user first; the permissions when the menu
    renders, after the ``at`` queries the view ran before it."""
    return [*SESSION[:2], *page[:at], *SESSION[2:], *page[at:]]


@dataclass
class Pin:
    url: str
    queries: list[str]
    # Where PostgreSQL runs a different plan, its own list (and why, in the entry).
    postgres: list[str] | None = None
    as_editor: bool = False
    token: bool = False
    status: int = 200


def pins(d) -> dict[str, Pin]:
    town, claim, actor, source = d["town"], d["claim"], d["actor"], d["source"]
    verdict, hook = claim.current_verification_id, d["hook"].pk
    return {
        # --- pages for readers -----------------------------------------------------------
        "dashboard": Pin("/", DASHBOARD),
        "dashboard_uk": Pin("/uk/", [*DASHBOARD, *UKRAINIAN]),
        "place_list": Pin("/places/", PLACE_LIST),
        "place_list_search": Pin("/places/?q=town", PLACE_LIST),
        "place_detail": Pin(f"/places/{town.slug}/", PLACE_PAGE),
        "place_detail_uk": Pin(
            f"/uk/places/{town.slug}/", [*PLACE_PAGE[:7], *UKRAINIAN, *PLACE_PAGE[7:]]
        ),
        "place_detail_as_of": Pin(
            f"/places/{town.slug}/?as_of=2023-01-14",
            [
                "place with its parents and stored state",
                "the place's claims stated by then",
                "side ids (the as-of picture's rows)",
                "verdicts decided by then, for the picture",
                "one page of the claims stated by then",
                "verdicts decided by then, for that page",
                *PLACE_PAGE[3:],
            ],
        ),
        "place_feed": Pin(
            f"/places/{town.slug}/feed.atom",
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
            f"/embed/places/{town.slug}/",
            ["place with stored state", "sides", "the picture's claims", "actors in the picture"],
        ),
        "claim_list": Pin("/claims/", CLAIM_LIST),
        "claim_list_by_side": Pin("/claims/?side=ru-side", ["the side by slug", *CLAIM_LIST]),
        "claim_list_by_place": Pin("/claims/?place=town", ["the place by slug", *CLAIM_LIST]),
        "claim_detail": Pin(f"/claims/{claim.pk}/", CLAIM_PAGE),
        "actor_list": Pin(
            "/actors/", ["count of actors (pagination)", "sides", "one page of actors"]
        ),
        "actor_detail": Pin(
            f"/actors/{actor.slug}/",
            ["actor with parent and side", "its claims", "its sub-units", "its claims per status"],
        ),
        "source_detail": Pin(
            f"/sources/{source.pk}/",
            ["source with publisher", "claims citing it", "verdicts using it as evidence"],
        ),
        "search": Pin("/search/?q=quote", ["places", "actors", "claims"]),
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
                "no parallel workers and no statement timeout for the COPY",
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
        # --- the desk, as an editor --------------------------------------------------------
        "dashboard_as_editor": Pin("/", signed_in(DASHBOARD, 5), as_editor=True),
        "review": Pin(
            "/review/", [*SESSION, "the queue's claims", "sides (filter)"], as_editor=True
        ),
        "claim_new": Pin(
            "/claims/new/",
            [
                *SESSION,
                # Wasted, though not growing: the ?place= prefill is looked up when absent.
                "the place to prefill (slug '')",
                "actors with sides (claimant choices)",
                "sides (side choices)",
                "places (place choices)",
                "oblasts and raions (the answer picker's filter)",
                "sides (the answer picker's filter)",
            ],
            as_editor=True,
        ),
        "claim_extract": Pin("/claims/extract/", SESSION, as_editor=True),
        "claim_edit": Pin(
            f"/claims/{claim.pk}/edit/",
            [
                *SESSION,
                "claim with its relations",
                "its citations",
                "its citations again (the form's initial rows): a repeat",
                "actors with sides (claimant choices)",
                "places (place choices)",
                "sides (side choices)",
            ],
            as_editor=True,
        ),
        "claim_verify": Pin(
            f"/claims/{claim.pk}/verify/",
            [
                *SESSION,
                "claim with its relations",
                "its citations",
                "ids of sources about the same place (evidence suggestions)",
                "those sources with publishers",
                "actors with sides (new evidence's publisher choices)",
                "actors with sides again (a second publisher field): a repeat",
            ],
            as_editor=True,
        ),
        "pick_sources": Pin(
            "/desk/pick/sources/?evidence_q=a", [*SESSION, "sources matching"], as_editor=True
        ),
        "pick_claims": Pin(
            "/desk/pick/claims/?answers_q=town&place=town",
            [*SESSION, "the place by slug", "claims matching"],
            as_editor=True,
        ),
        "place_new": Pin("/places/new/", [*SESSION, "places (parent choices)"], as_editor=True),
        "place_edit": Pin(
            f"/places/{town.slug}/edit/",
            [*SESSION, "the place", "places (parent choices)"],
            as_editor=True,
        ),
        "place_names": Pin(
            f"/places/{town.slug}/names/",
            [*SESSION, "the place", "its names"],
            as_editor=True,
        ),
        "actor_new": Pin(
            "/actors/new/",
            [*SESSION, "sides (side choices)", "actors (parent choices)"],
            as_editor=True,
        ),
        "actor_edit": Pin(
            f"/actors/{actor.slug}/edit/",
            [*SESSION, "the actor", "sides (side choices)", "actors (parent choices)"],
            as_editor=True,
        ),
        "actor_names": Pin(
            f"/actors/{actor.slug}/names/",
            [*SESSION, "the actor", "its names"],
            as_editor=True,
        ),
        "sides": Pin("/sides/", [*SESSION, "sides"], as_editor=True),
        "source_new": Pin(
            "/sources/new/",
            [
                *SESSION,
                "actors (publisher choices)",
                # N+1: the publisher choices' labels read each actor's side, one query per actor
                # with a side (two here; claims/forms.py, which another change is splitting).
                "N+1: the first sided actor's side",
                "N+1: the second sided actor's side",
            ],
            as_editor=True,
        ),
        "source_edit": Pin(
            f"/sources/{source.pk}/edit/",
            [
                *SESSION,
                "the source",
                "actors (publisher choices)",
                "N+1: the first sided actor's side (as on source_new)",
                "N+1: the second sided actor's side",
            ],
            as_editor=True,
        ),
        "account": Pin(
            "/account/",
            [*SESSION, "the user's tokens", "the user's webhooks", "sides (webhook filter)"],
            as_editor=True,
        ),
        "webhook_detail": Pin(
            f"/account/webhooks/{hook}/",
            signed_in(["the webhook", "its latest attempts"], 1),
            as_editor=True,
        ),
        "password_change": Pin("/accounts/password_change/", SESSION, as_editor=True),
        "place_detail_as_editor": Pin(
            f"/places/{town.slug}/", signed_in(PLACE_PAGE, 7), as_editor=True
        ),
        "claim_detail_as_editor": Pin(
            f"/claims/{claim.pk}/", signed_in(CLAIM_PAGE, 10), as_editor=True
        ),
        "claim_list_as_editor": Pin("/claims/", signed_in(CLAIM_LIST, 4), as_editor=True),
        # --- the API, anonymous --------------------------------------------------------------
        "api_root": Pin("/api/v1/", ANONYMOUS_API),
        "api_schema": Pin("/api/schema/", ANONYMOUS_API),
        "api_docs": Pin("/api/docs/", ANONYMOUS_API),
        "api_claim_list": Pin(
            "/api/v1/claims/?page_size=200",
            [*ANONYMOUS_API, "data version (ETag)", "claims", "citations"],
        ),
        "api_claim_list_by_place": Pin(
            "/api/v1/claims/?place=town",
            [*ANONYMOUS_API, "the place's version (ETag)", "the place", "claims", "citations"],
        ),
        "api_claim_detail": Pin(
            f"/api/v1/claims/{claim.pk}/",
            [
                *ANONYMOUS_API,
                "data version (ETag)",
                "the claim",
                "its citations",
                "the claim again, as the quotable sentence reads it",
                "its citations again, for the sentence",
                "its verdicts",
                "their evidence",
            ],
        ),
        "api_verification_list": Pin(
            "/api/v1/verifications/?page_size=200",
            [*ANONYMOUS_API, "data version (ETag)", "verdicts", "their evidence"],
        ),
        "api_verification_detail": Pin(
            f"/api/v1/verifications/{verdict}/",
            [*ANONYMOUS_API, "data version (ETag)", "the verdict", "its evidence"],
        ),
        "api_place_list": Pin(
            "/api/v1/places/?page_size=200",
            [
                *ANONYMOUS_API,
                "data version (ETag)",
                "places with stored state",
                "their other names",
                "side slugs",
                "actor slugs named in the pictures",
            ],
        ),
        "api_place_detail": Pin(
            f"/api/v1/places/{town.slug}/",
            [
                *ANONYMOUS_API,
                "the place's version (ETag)",
                "the place with stored state",
                "its other names",
                "side slugs",
                "actor slugs named in the picture",
                "the place again, for the sentence describing its picture",
                "its stored state, for the sentence",
                "sides, for the sentence",
                "the picture's claims, for the sentence",
                "the picture's actors, for the sentence",
            ],
        ),
        "api_actor_list": Pin(
            "/api/v1/actors/?page_size=200", [*ANONYMOUS_API, "data version", "actors"]
        ),
        "api_actor_detail": Pin(
            f"/api/v1/actors/{actor.slug}/", [*ANONYMOUS_API, "data version", "the actor"]
        ),
        "api_source_list": Pin(
            "/api/v1/sources/?page_size=200", [*ANONYMOUS_API, "data version", "sources"]
        ),
        "api_source_detail": Pin(
            f"/api/v1/sources/{source.pk}/", [*ANONYMOUS_API, "data version", "the source"]
        ),
        # --- the API with a token ------------------------------------------------------------
        "api_claim_list_with_token": Pin(
            "/api/v1/claims/",
            [*TOKEN_API, "data version", *ANY_PERMISSIONS, "claims", "citations"],
            token=True,
        ),
        "api_webhook_list": Pin(
            "/api/v1/webhooks/", [*TOKEN_API, "the user's webhooks"], token=True
        ),
        "api_webhook_detail": Pin(
            f"/api/v1/webhooks/{hook}/", [*TOKEN_API, "the webhook"], token=True
        ),
        "api_webhook_attempts": Pin(
            f"/api/v1/webhooks/{hook}/attempts/",
            [*TOKEN_API, "the webhook", "its latest attempts"],
            token=True,
        ),
    }


class _Anything:
    slug = pk = current_verification_id = "x"


NAMES = list(pins(defaultdict(_Anything)))


def dataset(size, russia, ukraine, editor, settings):
    settings.WEBHOOK_ALLOW_INSECURE = True
    russia.slug = "ru-side"
    russia.save()
    data = populate(size, russia=russia, ukraine=ukraine)
    return {
        "town": data["town"],
        "claim": data["claims"][-1],
        "actor": data["claimants"][0],
        "source": data["sources"][0],
        "hook": subscriptions.subscription_create(
            owner=editor, url="https://example.org/hook", event_types=["claim.created"]
        ),
    }


def client_for(pin, client, api_client, token_for, editor):
    if pin.token:
        return token_for(editor)
    if pin.url.startswith("/api/"):
        return api_client
    if pin.as_editor:
        client.force_login(editor)
    else:
        client.logout()
    return client


def fetch(client, url):
    response = client.get(url)
    if getattr(response, "streaming", False):
        b"".join(response.streaming_content)
    return response


def expected(pin) -> list[str]:
    if pin.postgres is not None and connection.vendor == "postgresql":
        return pin.postgres
    return pin.queries


def named(pin) -> str:
    return "Expected, in order:\n" + "\n".join(
        f"{i}. {query}" for i, query in enumerate(expected(pin), 1)
    )


@pytest.mark.parametrize("name", NAMES)
def test_each_page_costs_its_named_queries(
    name,
    client,
    api_client,
    token_for,
    russia,
    ukraine,
    editor,
    settings,
    django_assert_num_queries,
):
    pin = pins(dataset(5, russia, ukraine, editor, settings))[name]
    reader = client_for(pin, client, api_client, token_for, editor)
    with django_assert_num_queries(len(expected(pin)), info=named(pin)):
        response = fetch(reader, pin.url)
    assert response.status_code == pin.status


def test_no_page_costs_more_with_forty_times_the_claims(
    client, api_client, token_for, russia, ukraine, editor, settings, django_assert_num_queries
):
    for name, pin in pins(dataset(200, russia, ukraine, editor, settings)).items():
        reader = client_for(pin, client, api_client, token_for, editor)
        with django_assert_num_queries(len(expected(pin)), info=f"{name}\n{named(pin)}"):
            response = fetch(reader, pin.url)
        assert response.status_code == pin.status, name
