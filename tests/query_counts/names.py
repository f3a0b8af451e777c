"""Query names shared by several pins, the pin itself and the records the pinned addresses name."""

from dataclasses import dataclass

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
# The picture and the disputes "now" are stored with the place's state (PlaceState): no query
# reads the place's statements.
PLACE_PAGE = [
    "place with its parents and stored state",
    "one page of the place's claims, as listed",
    "sides (legend and picture rows)",
    "the picture's claims with claimant, side and verdict",
    "actors named in the picture",
    "the claims whose cards are shown, in full",
    "the place's other names",
    "the listed claims with the claims they answer",
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
    # Sides read twice (pictures and map key, then the filter): a repeat, not growth.
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


@dataclass(frozen=True)
class Named:
    """The records the pinned addresses name, from the data set at either size."""

    town: object
    claim: object
    actor: object
    source: object
    hook: object
