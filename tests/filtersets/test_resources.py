"""claims.filtersets.resources: each resource's FilterSet on its own, on small cases. The pages
and the API apply them to the demo data in tests/views/test_pages.py and tests/api/test_views.py
(and refuse malformed values there and in tests/api/test_base.py); here are the edges those do
not reach."""

from datetime import UTC, datetime, timedelta

import pytest
from django.http import QueryDict

from claims import services
from claims.choices import ActorKind, PlaceKind, SourceKind, Status, Verb
from claims.filtersets import resources
from claims.models import Actor, Place, Verification
from tests.factories import BASE_TIME, ClaimFactory, PlaceFactory, SourceFactory

pytestmark = pytest.mark.django_db


def query(params):
    data = QueryDict(mutable=True)
    for name, value in params.items():
        data.setlist(name, value if isinstance(value, list) else [value])
    return data


def found(filterset, **params):
    made = filterset(query(params))
    assert made.is_valid(), made.errors
    return set(made.qs.values_list("pk", flat=True))


def errors(filterset, **params):
    made = filterset(query(params))
    assert not made.is_valid()
    return made.errors


# --- Claims ----------------------------------------------------------------------------------


def test_stated_after_and_before_take_whole_days_at_both_ends(russian_actor):
    midnight = datetime(2023, 1, 13, tzinfo=UTC)
    first = ClaimFactory(claimant=russian_actor, stated_at=midnight)
    last = ClaimFactory(claimant=russian_actor, stated_at=midnight + timedelta(hours=23.99))
    ClaimFactory(claimant=russian_actor, stated_at=midnight + timedelta(days=1))
    ClaimFactory(claimant=russian_actor, stated_at=midnight - timedelta(seconds=1))
    assert found(
        resources.ClaimFilterSet, stated_after="2023-01-13", stated_before="2023-01-13"
    ) == {first.pk, last.pk}


def test_verbs_and_statuses_can_be_repeated(russian_actor, ukrainian_actor, editor, russia):
    taken = ClaimFactory(claimant=russian_actor, verb=Verb.CAPTURED)
    held = ClaimFactory(claimant=ukrainian_actor, verb=Verb.HOLDS)
    ClaimFactory(claimant=ukrainian_actor, verb=Verb.DENIED, side=russia)
    services.verification_record(
        claim=taken,
        expected_version=taken.version,
        status=Status.DISPUTED,
        rationale="Footage shows Ukrainian troops in the town.",
        user=editor,
    )
    verbs = found(resources.ClaimFilterSet, verb=[Verb.CAPTURED, Verb.HOLDS])
    assert verbs == {taken.pk, held.pk}
    assert found(resources.ClaimFilterSet, status=[Status.DISPUTED]) == {taken.pk}


def test_claims_changed_since_a_moment_include_that_moment(russian_actor):
    claim = ClaimFactory(claimant=russian_actor)
    at = claim.updated_at.isoformat()
    assert found(resources.ClaimFilterSet, updated_since=at) == {claim.pk}
    later = (claim.updated_at + timedelta(seconds=1)).isoformat()
    assert found(resources.ClaimFilterSet, updated_since=later) == set()


def test_a_claimant_is_found_by_a_name_as_well_as_its_slug(russian_actor, ukrainian_actor):
    mine = ClaimFactory(claimant=russian_actor)
    ClaimFactory(claimant=ukrainian_actor)
    assert found(resources.ClaimFilterSet, claimant=russian_actor.slug) == {mine.pk}
    assert found(resources.ClaimFilterSet, claimant="Russian MoD") == {mine.pk}


# --- Places ----------------------------------------------------------------------------------


def test_a_place_nobody_spoke_about_is_not_contested(russian_actor, ukrainian_actor):
    quiet = PlaceFactory()
    disputed = PlaceFactory()
    ClaimFactory(place=disputed, claimant=russian_actor)
    ClaimFactory(place=disputed, claimant=ukrainian_actor, verb=Verb.HOLDS)
    assert quiet.pk in found(resources.PlaceFilterSet, contested="false")
    assert disputed.pk not in found(resources.PlaceFilterSet, contested="false")
    assert found(resources.PlaceFilterSet, contested="true") == {disputed.pk}


def test_a_region_lists_what_lies_inside_it_not_itself(db):
    oblast = PlaceFactory(kind=PlaceKind.OBLAST, slug="donetsk-oblast")
    town = PlaceFactory(parent=oblast)
    assert found(resources.PlaceFilterSet, region="donetsk-oblast") == {town.pk}


def test_only_oblasts_and_raions_are_regions(db):
    town = PlaceFactory(kind=PlaceKind.TOWN, slug="bakhmut")
    PlaceFactory(parent=town)
    assert "region" in errors(resources.PlaceFilterSet, region="bakhmut")


def test_a_side_claims_a_place_it_says_it_holds_part_of(ukrainian_actor, russian_actor):
    part = PlaceFactory()
    ClaimFactory(place=part, claimant=ukrainian_actor, verb=Verb.PARTIALLY_HOLDS)
    left = PlaceFactory()
    ClaimFactory(place=left, claimant=ukrainian_actor, verb=Verb.WITHDREW)
    assert found(resources.PlaceFilterSet, claimed_by="ukraine") == {part.pk}


def test_places_by_kind_and_verdict(russian_actor):
    village = PlaceFactory(kind=PlaceKind.VILLAGE)
    town = PlaceFactory(kind=PlaceKind.TOWN)
    ClaimFactory(place=town, claimant=russian_actor)
    assert found(resources.PlaceFilterSet, kind=[PlaceKind.VILLAGE]) == {village.pk}
    assert found(resources.PlaceFilterSet, status=[Status.UNREVIEWED]) == {town.pk}
    assert set(Place.objects.values_list("pk", flat=True)) == {village.pk, town.pk}


# --- Actors and sources ----------------------------------------------------------------------


def test_actors_by_side_kind_and_independence(russian_actor, independent_actor):
    assert found(resources.ActorFilterSet, side="russia") == {russian_actor.pk}
    assert found(resources.ActorFilterSet, side="independent") == {independent_actor.pk}
    kinds = found(resources.ActorFilterSet, kind=[ActorKind.NEWS_ORGANISATION])
    assert kinds == {independent_actor.pk}
    assert Actor.objects.count() == 2


def test_sources_by_title_words_publisher_kind_and_exact_url(independent_actor):
    report = SourceFactory(title="Soledar falls?", publisher=independent_actor)
    other = SourceFactory(title="Another report", kind=SourceKind.VIDEO)
    assert found(resources.SourceFilterSet, q="soledar") == {report.pk}
    assert found(resources.SourceFilterSet, publisher=independent_actor.slug) == {report.pk}
    assert found(resources.SourceFilterSet, kind=[SourceKind.VIDEO]) == {other.pk}
    assert found(resources.SourceFilterSet, url=report.url) == {report.pk}
    assert found(resources.SourceFilterSet, url=report.url[:-1]) == set()


def test_a_url_longer_than_any_stored_is_refused(db):
    assert "url" in errors(resources.SourceFilterSet, url="https://a.example/" + "x" * 5000)


# --- Verifications ---------------------------------------------------------------------------


def test_verifications_by_claim_place_and_status(russian_actor, editor):
    place = PlaceFactory(slug="soledar")
    claim = ClaimFactory(place=place, claimant=russian_actor, stated_at=BASE_TIME)
    other = ClaimFactory(claimant=russian_actor)
    verdict = services.verification_record(
        claim=claim,
        expected_version=claim.version,
        status=Status.DISPUTED,
        rationale="Footage shows Ukrainian troops in the town.",
        user=editor,
    )
    first = set(claim.verifications.exclude(pk=verdict.pk).values_list("pk", flat=True))
    assert found(resources.VerificationFilterSet, claim=str(claim.pk)) == first | {verdict.pk}
    assert found(resources.VerificationFilterSet, place="soledar") == first | {verdict.pk}
    assert found(resources.VerificationFilterSet, status=[Status.DISPUTED]) == {verdict.pk}
    assert other.verifications.count() == 1
    since = verdict.recorded_at.isoformat()
    assert found(resources.VerificationFilterSet, recorded_since=since) == {verdict.pk}


@pytest.mark.parametrize("claim", ["0", "-1", str(2**62 + 1), "one"])
def test_a_claim_number_out_of_range_or_not_a_number_is_refused(db, claim):
    assert "claim" in errors(resources.VerificationFilterSet, claim=claim)


def test_an_unknown_place_is_refused_not_an_empty_list(db):
    assert "place" in errors(resources.VerificationFilterSet, place="atlantis")
    assert Verification.objects.count() == 0


def test_a_day_is_a_date_not_a_moment(db):
    assert "stated_after" in errors(resources.ClaimFilterSet, stated_after="2023-01-13T12:00:00Z")
