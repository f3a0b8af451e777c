"""Named querysets (claims.querysets): places in a region, names in any spelling, claims cut by
time and by the review queue, and the related rows loaded in a fixed number of queries."""

from datetime import timedelta

import pytest

from claims import services
from claims.choices import ActorKind, PlaceKind, Status
from claims.models import Actor, ActorName, Claim, Place
from claims.querysets import shown_through
from tests.factories import (
    BASE_TIME,
    ActorFactory,
    CitationFactory,
    ClaimFactory,
    PlaceFactory,
    PlaceNameFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def donetsk():
    """Donetsk oblast → Bakhmut raion → Soledar, and Kramatorsk raion beside it."""
    oblast = PlaceFactory(name="Donetsk oblast", kind=PlaceKind.OBLAST)
    raion = PlaceFactory(name="Bakhmut raion", kind=PlaceKind.RAION, parent=oblast)
    PlaceFactory(name="Soledar", parent=raion)
    PlaceFactory(name="Kramatorsk raion", kind=PlaceKind.RAION, parent=oblast)
    return oblast


def names(places) -> set[str]:
    return {place.name for place in places}


class TestPlaces:
    def test_within_a_region_is_every_place_at_any_depth_and_the_region(self, donetsk):
        PlaceFactory(name="Kharkiv oblast", kind=PlaceKind.OBLAST)
        assert names(Place.objects.within(donetsk)) == {
            "Donetsk oblast",
            "Bakhmut raion",
            "Soledar",
            "Kramatorsk raion",
        }

    def test_within_can_leave_the_region_out(self, donetsk):
        raion = Place.objects.get(name="Bakhmut raion")
        assert names(Place.objects.within(raion, include_region=False)) == {"Soledar"}

    def test_exactly_named_matches_any_alias_ignoring_case_and_accents(self):
        bakhmut = PlaceFactory(name="Bakhmut")
        PlaceNameFactory(place=bakhmut, name="Артемовськ", language="uk")
        PlaceFactory(name="Bakhmutske")
        assert list(Place.objects.exactly_named("  артемовськ ")) == [bakhmut]
        assert list(Place.objects.exactly_named("BAKHMUT")) == [bakhmut]
        assert not Place.objects.exactly_named("Bakhmu").exists()

    def test_ranked_by_name_puts_the_exact_name_first(self):
        PlaceFactory(name="Avdiivka")
        PlaceFactory(name="Bakhmutske")
        PlaceFactory(name="Bakhmut")
        assert [p.name for p in Place.objects.ranked_by_name("bakhmut")] == [
            "Bakhmut",
            "Avdiivka",
            "Bakhmutske",
        ]

    def test_spelled_finds_another_transliteration_but_not_a_fragment(self):
        bakhmut = PlaceFactory(name="Bakhmut")
        assert list(Place.objects.spelled("Bachmut")) == [bakhmut]
        assert not Place.objects.spelled("Ba").exists()

    def test_named_finds_a_part_of_an_alias(self):
        soledar = PlaceFactory(name="Soledar")
        PlaceNameFactory(place=soledar, name="Соледар", language="uk")
        PlaceFactory(name="Siversk")
        assert list(Place.objects.named("оледа")) == [soledar]


class TestActors:
    def test_an_actor_is_found_by_its_alias_in_any_case(self):
        ministry = ActorFactory(name="Russian Ministry of Defence", kind=ActorKind.MINISTRY)
        ActorName.objects.create(actor=ministry, name="Міноборони Росії", language="uk")
        ActorFactory(name="Wagner Group")
        assert list(Actor.objects.named("міноборони")) == [ministry]
        assert list(Actor.objects.exactly_named("МІНОБОРОНИ РОСІЇ")) == [ministry]
        ranked = [actor.name for actor in Actor.objects.ranked_by_name("wagner group")]
        assert ranked == ["Wagner Group", "Russian Ministry of Defence"]


class TestClaims:
    def test_stated_before_leaves_out_claims_made_at_or_after_the_moment(self, russian_actor):
        early = ClaimFactory(claimant=russian_actor, stated_at=BASE_TIME)
        ClaimFactory(claimant=russian_actor, stated_at=BASE_TIME + timedelta(days=1))
        assert list(Claim.objects.stated_before(BASE_TIME + timedelta(hours=1))) == [early]
        assert not Claim.objects.stated_before(BASE_TIME).exists()

    def test_needs_review_is_the_unreviewed_and_those_in_review(self, russian_actor, editor):
        waiting = ClaimFactory(claimant=russian_actor)
        judged = ClaimFactory(claimant=russian_actor)
        services.verification_record(
            claim=judged,
            expected_version=judged.version,
            status=Status.DISPUTED,
            rationale="Contradicted by the General Staff.",
            user=editor,
        )
        assert list(Claim.objects.needs_review()) == [waiting]

    def test_search_needs_every_word_in_the_quote_or_summary(self, russian_actor):
        found = ClaimFactory(claimant=russian_actor, summary="Wagner fighters entered Soledar.")
        ClaimFactory(claimant=russian_actor, summary="Fighting continues near Soledar.")
        assert list(Claim.objects.search("soledar wagner")) == [found]
        assert not Claim.objects.search("  ").exists()

    def test_with_related_loads_any_number_of_claims_in_two_queries(
        self, russian_actor, django_assert_num_queries
    ):
        for _ in range(3):
            CitationFactory(claim=ClaimFactory(claimant=russian_actor))
        # 1. claims with place, claimant, sides and current verdict, 2. citations with sources
        with django_assert_num_queries(2):
            rows = [
                (c.place.name, c.claimant.side.name, [x.source.title for x in c.citations.all()])
                for c in Claim.objects.with_related()
            ]
        assert len(rows) == 3
        assert all(len(titles) == 1 for _, _, titles in rows)

    def test_shown_through_prefixes_every_relation_a_phrase_reads(self):
        related = shown_through("claim")
        assert related[0] == "claim"
        assert "claim__claimant__side" in related
        assert all(name == "claim" or name.startswith("claim__") for name in related)


@pytest.mark.parametrize("query", ["Соледар", "Конашенков", "Bachmut", "capture", "Soledar"])
def test_the_latest_found_are_the_latest_of_all_that_match(demo_data, query):
    # A small limit, so that each alternative is cut before they are merged (PostgreSQL).
    places = list(Place.objects.named(query).values_list("pk", flat=True))
    actors = list(Actor.objects.named(query).values_list("pk", flat=True))
    everything = Claim.objects.find(query, places=places, actors=actors)
    latest = Claim.objects.latest_found(query, places=places, actors=actors, limit=3)
    expected = list(everything.order_by("-stated_at", "-id").values_list("pk", flat=True)[:3])
    assert expected
    assert [claim.pk for claim in latest] == expected
