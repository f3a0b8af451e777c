"""The outside formats of places, actors and sources (claims.formats.catalogue): what each
column makes of a row read from the database."""

from datetime import UTC, datetime
from decimal import Decimal

from claims.formats.catalogue import ACTOR, PLACE, SOURCE
from claims.representations import Links

LINKS = Links("http://testserver/")
AT = datetime(2023, 1, 13, 9, tzinfo=UTC)


def place_row(**values) -> dict:
    row = dict.fromkeys(PLACE.values)
    row.update(slug="soledar", name="Soledar", kind="town", updated_at=AT, names=[], picture={})
    row.update(values)
    return row


def test_a_place_gives_degrees_as_numbers_and_none_when_unknown():
    located = PLACE.as_dict(
        place_row(latitude=Decimal("48.68330"), longitude=Decimal("38.06670")), LINKS
    )
    assert (located["latitude"], located["longitude"]) == (48.6833, 38.0667)
    unknown = PLACE.as_dict(place_row(), LINKS)
    assert (unknown["latitude"], unknown["longitude"]) == (None, None)


def test_a_place_without_stored_state_has_no_claims_and_no_region():
    place = PLACE.as_dict(place_row(), LINKS)
    assert place["claim_count"] == 0
    assert place["region"] is None
    assert (
        PLACE.as_dict(place_row(state__claim_count=7, parent__slug="donetsk-oblast"), LINKS)[
            "region"
        ]
        == "donetsk-oblast"
    )


def test_a_place_links_to_its_api_object_its_page_and_its_claims():
    place = PLACE.as_dict(place_row(), LINKS)
    assert place["url"] == "http://testserver/api/v1/places/soledar/"
    assert place["page_url"] == "http://testserver/places/soledar/"
    assert place["claims_url"] == "http://testserver/api/v1/claims/?place=soledar"


def actor_row(**values) -> dict:
    row = dict.fromkeys(ACTOR.values)
    row.update(slug="igor-konashenkov", name="Igor Konashenkov", kind="spokesperson")
    row.update(description="", updated_at=AT, **values)
    return row


def test_an_actor_with_no_side_is_independent():
    actor = ACTOR.as_dict(actor_row(), LINKS)
    assert (actor["side"], actor["independent"]) == (None, True)
    sided = ACTOR.as_dict(actor_row(side__slug="russia", side__name="Russia"), LINKS)
    assert sided["side"] == {"slug": "russia", "name": "Russia"}
    assert sided["independent"] is False
    assert sided["url"] == "http://testserver/api/v1/actors/igor-konashenkov/"


def test_a_source_links_to_its_api_object_by_id():
    row = dict.fromkeys(SOURCE.values)
    row.update(id=7, url="", title="Briefing", kind="briefing", updated_at=AT)
    source = SOURCE.as_dict(row, LINKS)
    assert source["api_url"] == "http://testserver/api/v1/sources/7/"
    assert source["publisher"] is None
    assert list(source) == SOURCE.names
