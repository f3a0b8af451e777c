"""The API, anonymous and with a token."""

from tests.query_counts.names import (
    ANONYMOUS_API,
    ANY_PERMISSIONS,
    TOKEN_API,
    Named,
    Pin,
)


def pins(d: Named) -> dict[str, Pin]:
    return {
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
            f"/api/v1/claims/{d.claim.pk}/",
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
            f"/api/v1/verifications/{d.claim.current_verification_id}/",
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
            f"/api/v1/places/{d.town.slug}/",
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
            f"/api/v1/actors/{d.actor.slug}/", [*ANONYMOUS_API, "data version", "the actor"]
        ),
        "api_source_list": Pin(
            "/api/v1/sources/?page_size=200", [*ANONYMOUS_API, "data version", "sources"]
        ),
        "api_source_detail": Pin(
            f"/api/v1/sources/{d.source.pk}/", [*ANONYMOUS_API, "data version", "the source"]
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
            f"/api/v1/webhooks/{d.hook.pk}/", [*TOKEN_API, "the webhook"], token=True
        ),
        "api_webhook_attempts": Pin(
            f"/api/v1/webhooks/{d.hook.pk}/attempts/",
            [*TOKEN_API, "the webhook", "its latest attempts"],
            token=True,
        ),
    }
