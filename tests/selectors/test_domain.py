"""claims.selectors.domain: plain reads over the demo data: a verification as of a day, an
actor's track record, and search that finds places, actors and claims by any spelling (another
script, a transliteration, a German or old Soviet name), the same on SQLite (skeletons) and
PostgreSQL (pg_trgm too)."""

from datetime import date

import pytest

from claims import days, selectors
from claims.choices import Status, Verb
from claims.models import Actor, Claim

pytestmark = pytest.mark.django_db


def test_an_as_of_verification_is_the_one_decided_by_then(demo_data):
    wagner = Claim.objects.get(claimant__slug="wagner-group")
    on_12th = selectors.verifications_as_of([wagner.pk], days.end_of_day(date(2023, 1, 12)))
    assert on_12th[wagner.pk].status == Status.IN_REVIEW
    assert wagner.status == Status.SUPERSEDED


def test_track_record_counts_each_outcome(demo_data):
    mod = Actor.objects.get(slug="russian-mod")
    record = selectors.actor_track_record(mod)
    assert record[Status.UNCONFIRMED] == 1
    assert sum(record.values()) == Claim.objects.filter(claimant=mod).count()


@pytest.mark.parametrize(
    ("query", "place", "claimant"),
    [
        ("Соледар", "soledar", None),
        ("Конашенков", "soledar", "igor-konashenkov"),
        ("Artemovsk", "bakhmut", None),
        ("Bachmut", "bakhmut", None),
        # Ukrainian г as "h" where the name on file has the Russian "g".
        ("Prihozhyn", "soledar", "yevgeny-prigozhin"),
    ],
)
def test_search_finds_the_place_and_its_claims_in_any_spelling(demo_data, query, place, claimant):
    found = selectors.search(query)
    if claimant is None:
        assert found["places"][0].slug == place
        expected = set(Claim.objects.filter(place__slug=place).values_list("pk", flat=True))
    else:
        assert [a.slug for a in found["actors"]] == [claimant]
        expected = set(Claim.objects.filter(claimant__slug=claimant).values_list("pk", flat=True))
    assert expected
    assert expected <= {c.pk for c in found["claims"]}
    assert {c.place.slug for c in found["claims"]} == {place}


def test_a_word_naming_a_verb_finds_every_claim_of_that_verb(demo_data):
    found = selectors.search("capture")
    captures = set(Claim.objects.filter(verb=Verb.CAPTURED).values_list("pk", flat=True))
    assert len(captures) > 1
    assert found["verbs"] == (Verb.CAPTURED,)
    assert captures <= {c.pk for c in found["claims"]}


@pytest.mark.parametrize("query", ["Soledar capture", "captured Soledar", "захоплення Соледара"])
def test_a_verb_with_a_name_finds_that_places_claims_of_that_verb(demo_data, query):
    found = selectors.search(query)
    assert [p.slug for p in found["places"]] == ["soledar"]
    captures = Claim.objects.filter(verb=Verb.CAPTURED, place__slug="soledar")
    assert {c.pk for c in found["claims"]} == set(captures.values_list("pk", flat=True))


def test_a_verb_never_hides_claims_whose_text_has_every_word(demo_data):
    claim = Claim.objects.filter(verb=Verb.DENIED).first()
    claim.summary = "Denial of the fall of Soledar, with a capture in its words"
    claim.save()
    found = selectors.search("Soledar capture")
    assert claim.pk in {c.pk for c in found["claims"]}
