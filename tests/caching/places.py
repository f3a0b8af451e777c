"""Places made through the services for the caching tests (each has a version of its own),
the URLs of everything cached about one, and reading them as a reader."""

from claims import services
from claims.choices import PlaceKind, Verb
from tests.factories import BASE_TIME


def take_into_review(claim, user):
    services.claim_take_into_review(claim=claim, expected_version=claim.version, user=user)


def place_with_a_claim(name: str, claimant, editor, *, parent=None, url: str = ""):
    """A place made through the services (so it has a version of its own) with one claim."""
    place = services.place_create(name=name, kind=PlaceKind.TOWN, parent=parent, user=editor)
    citations = [services.CitationInput(url=url, title=f"Report on {name}")] if url else []
    claim = services.claim_create(
        data=services.ClaimInput(
            place=place,
            claimant=claimant,
            verb=Verb.CAPTURED,
            side=claimant.side,
            summary=f"{name} was taken.",
            stated_at=BASE_TIME,
            citations=citations,
        ),
        user=editor,
    )
    return place, claim


def place_urls(slug: str) -> list[str]:
    """Everything about one place that is cached: page, card, feed and API answers."""
    return [
        f"/places/{slug}/",
        f"/embed/places/{slug}/",
        f"/places/{slug}/feed.atom",
        f"/api/v1/places/{slug}/",
        f"/api/v1/claims/?place={slug}",
        f"/api/v1/verifications/?place={slug}",
    ]


def served(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response


def warm(client, *places):
    return {url: served(client, url) for place in places for url in place_urls(place.slug)}
