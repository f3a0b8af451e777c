"""Reads every feature relies on, checked against the Soledar demo data."""

from datetime import date

import pytest

from claims import selectors
from claims.choices import Status, Verb
from claims.control import Extent
from claims.models import Actor, Claim, Place

pytestmark = pytest.mark.django_db


@pytest.fixture
def soledar(demo_data):
    return Place.objects.get(slug="soledar")


def test_soledar_russia_claims_capture_ukraine_disputes_nobody_independent_confirms(soledar):
    picture = selectors.place_control_picture(soledar)
    russia, ukraine = picture.positions
    assert russia.side.slug == "russia"
    assert russia.implied.extent is Extent.FULL
    assert russia.phrase == "claims capture"
    assert russia.claim.stated_at.date() == date(2023, 1, 13)
    assert (russia.claim.effective_at.date(), russia.claim.effective_at.hour) == (
        date(2023, 1, 12),
        17,
    )
    assert russia.claim.effective_precision == "approximate"
    assert ukraine.side.slug == "ukraine"
    assert ukraine.claim.verb == Verb.DENIED
    assert ukraine.phrase == "denies Russia's capture"
    assert picture.conflict is True
    assert picture.verdict == Status.UNCONFIRMED
    assert picture.verdict_text == "not independently confirmed"
    assert not picture.confirmed_by_independent
    assert all(p.claim.claimant.side_id is None for p in picture.independent)
    assert len(picture.independent) == selectors.INDEPENDENT_IN_PICTURE


def test_as_of_11_january_shows_only_wagners_claim_still_in_review(soledar):
    picture = selectors.place_control_picture(soledar, as_of=date(2023, 1, 11))
    (russia,) = picture.positions
    assert russia.claim.claimant.slug == "wagner-group"
    assert russia.status == Status.IN_REVIEW  # its "superseded" verdict came on the 13th
    assert [p.claim.claimant.slug for p in picture.independent] == ["maxar"]
    assert picture.conflict is False


def test_as_of_hides_later_verifications_of_earlier_claims(soledar):
    wagner = Claim.objects.get(claimant__slug="wagner-group")
    assert wagner.status == Status.SUPERSEDED
    on_12th = selectors.place_control_picture(soledar, as_of=date(2023, 1, 12))
    assert on_12th.positions[0].claim == wagner
    assert on_12th.positions[0].status == Status.IN_REVIEW


def test_before_any_claim_the_picture_is_empty(soledar):
    picture = selectors.place_control_picture(soledar, as_of=date(2022, 12, 31))
    assert picture.is_empty
    assert picture.verdict_text == "no claims"


def test_conflicts_pair_claims_from_different_sides_within_the_window(soledar):
    pairs = selectors.place_conflicts(soledar)
    keys = {(a.claimant.slug, b.claimant.slug) for a, b in pairs}
    assert ("igor-konashenkov", "serhii-cherevaty") in keys
    for a, b in pairs:
        assert a.claimant.side_id != b.claimant.side_id
        assert a.claimant.side_id and b.claimant.side_id


def test_a_claims_conflicts_are_the_other_sides_clashing_claims(soledar):
    capture = Claim.objects.get(claimant__slug="igor-konashenkov")
    others = {c.claimant.slug for c in selectors.claim_conflicts(capture)}
    assert {"serhii-cherevaty", "ukrainian-officer-soledar", "hanna-maliar"} <= others
    assert "cnn" not in others
    assert "wagner-group" not in others


def test_pictures_for_many_places_match_the_single_place_picture(demo_data):
    places = Place.objects.all()
    pictures = selectors.place_pictures(places)
    for place in places:
        single = selectors.place_control_picture(place)
        many = pictures[place.pk]
        assert [p.claim.pk for p in many.positions] == [p.claim.pk for p in single.positions]
        assert many.conflict == single.conflict
        assert many.verdict == single.verdict


def test_place_pictures_take_one_query_whatever_the_number_of_places(
    demo_data, django_assert_num_queries
):
    places = list(Place.objects.all())
    with django_assert_num_queries(1):
        selectors.place_pictures(places)


def test_track_record_counts_each_outcome(demo_data):
    mod = Actor.objects.get(slug="russian-mod")
    record = selectors.actor_track_record(mod)
    assert record[Status.UNCONFIRMED] == 1
    assert sum(record.values()) == Claim.objects.filter(claimant=mod).count()
