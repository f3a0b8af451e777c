"""The desk, as an editor."""

from tests.query_counts.names import (
    CLAIM_LIST,
    CLAIM_PAGE,
    DASHBOARD,
    PLACE_PAGE,
    SESSION,
    Named,
    Pin,
    signed_in,
)


def pins(d: Named) -> dict[str, Pin]:
    return {
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
            f"/claims/{d.claim.pk}/edit/",
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
            f"/claims/{d.claim.pk}/verify/",
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
            f"/places/{d.town.slug}/edit/",
            [*SESSION, "the place", "places (parent choices)"],
            as_editor=True,
        ),
        "place_names": Pin(
            f"/places/{d.town.slug}/names/",
            [*SESSION, "the place", "its names"],
            as_editor=True,
        ),
        "actor_new": Pin(
            "/actors/new/",
            [*SESSION, "sides (side choices)", "actors (parent choices)"],
            as_editor=True,
        ),
        "actor_edit": Pin(
            f"/actors/{d.actor.slug}/edit/",
            [*SESSION, "the actor", "sides (side choices)", "actors (parent choices)"],
            as_editor=True,
        ),
        "actor_names": Pin(
            f"/actors/{d.actor.slug}/names/",
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
            f"/sources/{d.source.pk}/edit/",
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
            f"/account/webhooks/{d.hook.pk}/",
            signed_in(["the webhook", "its latest attempts"], 1),
            as_editor=True,
        ),
        "password_change": Pin("/accounts/password_change/", SESSION, as_editor=True),
        "place_detail_as_editor": Pin(
            f"/places/{d.town.slug}/", signed_in(PLACE_PAGE, 6), as_editor=True
        ),
        "claim_detail_as_editor": Pin(
            f"/claims/{d.claim.pk}/", signed_in(CLAIM_PAGE, 10), as_editor=True
        ),
        "claim_list_as_editor": Pin("/claims/", signed_in(CLAIM_LIST, 4), as_editor=True),
    }
