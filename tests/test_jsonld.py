"""schema.org ClaimReview: only for a verdict, rated on ClaimReview's 1–5 scale where the
verdict has a place on it, with the claimant as a person or an organisation."""

from datetime import UTC, datetime
from types import SimpleNamespace

import pytest

from claims.choices import Status
from claims.jsonld import claim_review

STATED = datetime(2023, 1, 10, 18, 0, tzinfo=UTC)
DECIDED = datetime(2023, 1, 12, 9, 30, tzinfo=UTC)


def citation(url, title):
    return SimpleNamespace(source=SimpleNamespace(url=url, title=title))


def claim(kind="military_command", citations=()):
    return SimpleNamespace(
        claimant=SimpleNamespace(kind=kind, name="Russian MoD"),
        summary="Russia says it captured Soledar.",
        stated_at=STATED,
        citations=SimpleNamespace(all=lambda: list(citations)),
    )


def verdict(status):
    return SimpleNamespace(status=status, decided_at=DECIDED)


def review(status, **kwargs):
    return claim_review(
        claim(**kwargs), verdict(status), url="https://example.org/claims/1/", site_name="CT"
    )


@pytest.mark.parametrize("status", [Status.UNREVIEWED, Status.IN_REVIEW])
def test_a_claim_still_in_the_queue_has_no_review(status):
    assert review(status) is None


def test_a_claim_without_a_verdict_has_no_review():
    assert claim_review(claim(), None, url="u", site_name="CT") is None


@pytest.mark.parametrize(
    ("status", "value"),
    [
        (Status.FALSE, 1),
        (Status.DISPUTED, 2),
        (Status.UNCONFIRMED, 3),
        (Status.PARTIALLY_CONFIRMED, 4),
        (Status.CONFIRMED, 5),
    ],
)
def test_verdicts_are_rated_from_false_to_confirmed(status, value):
    rating = review(status)["reviewRating"]
    assert rating["ratingValue"] == value
    assert (rating["worstRating"], rating["bestRating"]) == (1, 5)
    assert rating["alternateName"] == Status(status).label


def test_superseded_is_named_but_not_placed_on_the_scale():
    rating = review(Status.SUPERSEDED)["reviewRating"]
    assert rating == {"@type": "Rating", "alternateName": "Superseded"}


def test_dates_are_the_verdicts_and_the_statements_days():
    data = review(Status.DISPUTED)
    assert data["datePublished"] == "2023-01-12"
    assert data["itemReviewed"]["datePublished"] == "2023-01-10"
    assert data["url"] == "https://example.org/claims/1/"
    assert data["author"] == {"@type": "Organization", "name": "CT"}


@pytest.mark.parametrize(
    ("kind", "author_type"),
    [("spokesperson", "Person"), ("journalist", "Person"), ("military_command", "Organization")],
)
def test_the_claimant_is_a_person_or_an_organisation_by_kind(kind, author_type):
    author = review(Status.DISPUTED, kind=kind)["itemReviewed"]["author"]
    assert author == {"@type": author_type, "name": "Russian MoD"}


def test_appearances_link_only_sources_that_have_an_address():
    data = review(
        Status.CONFIRMED,
        citations=[citation("https://t.me/mod/1", "Briefing"), citation("", "Printed order")],
    )
    assert data["itemReviewed"]["appearance"] == [
        {"@type": "CreativeWork", "url": "https://t.me/mod/1", "name": "Briefing"},
        {"@type": "CreativeWork", "name": "Printed order"},
    ]
