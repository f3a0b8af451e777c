"""The filters the FilterSets are built from (claims.filtersets.base), on a FilterSet made here:
a record by slug or by any name, an ambiguous name's candidates kept per request, a side or
``independent``, repeatable choices, a date range in order, and ``as_of``; and, through the
claims API, names in any spelling or script, an ambiguous name naming each candidate, an unknown
one refused saying so."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.http import QueryDict

from claims.choices import PlaceKind
from claims.filtersets import base
from claims.models import Actor, Place
from tests.factories import PlaceFactory

pytestmark = pytest.mark.django_db


class PlaceFilters(base.FilterSet):
    place = base.NamedFilter(queryset=Place.objects.all(), method="the_place")
    kind = base.filters.MultipleChoiceFilter(
        choices=PlaceKind.choices, widget=base.RepeatableSelect()
    )

    class Meta:
        model = Place
        fields = []

    def the_place(self, queryset, name, value):
        return queryset.filter(pk=value.pk)


class ActorFilters(base.FilterSet):
    side = base.SideFilter()
    stated_after = base.BoundedDateFilter(field_name="created_at", lookup_expr="date__gte")
    stated_before = base.BoundedDateFilter(field_name="created_at", lookup_expr="date__lte")

    class Meta:
        model = Actor
        fields = []
        form = base.DateRangeForm


def bound(filterset, query: str):
    made = filterset(QueryDict(query), queryset=filterset._meta.model.objects.all())
    made.is_valid()
    return made


@pytest.fixture
def novoselivkas(db):
    """Many villages share a name: Novoselivka is among the commonest in Ukraine."""
    return [
        PlaceFactory(name="Novoselivka", slug="novoselivka-donetsk", kind=PlaceKind.VILLAGE),
        PlaceFactory(name="Novoselivka", slug="novoselivka-kharkiv", kind=PlaceKind.VILLAGE),
    ]


def test_a_place_is_found_by_its_slug_or_its_name(novoselivkas):
    soledar = PlaceFactory(name="Soledar", slug="soledar")
    assert set(bound(PlaceFilters, "place=soledar").qs) == {soledar}
    assert set(bound(PlaceFilters, "place=soledar ").qs) == {soledar}
    assert set(bound(PlaceFilters, "place=SOLEDAR").qs) == {soledar}


def test_an_unknown_name_is_refused_naming_what_was_typed(db):
    made = bound(PlaceFilters, "place=Atlantis")
    assert made.errors["place"] == [
        "Nothing is called “Atlantis”; give a name in any spelling, or a slug."
    ]


def test_an_ambiguous_name_is_refused_with_its_candidates(novoselivkas):
    made = bound(PlaceFilters, "place=Novoselivka")
    (message,) = made.errors["place"]
    assert "novoselivka-donetsk" in message and "novoselivka-kharkiv" in message
    ((name, candidates),) = base.ambiguities(made)
    assert name == "place"
    assert {c.slug for c in candidates} == {"novoselivka-donetsk", "novoselivka-kharkiv"}


def test_an_ambiguous_names_candidates_stay_with_its_own_request(novoselivkas):
    bound(PlaceFilters, "place=Novoselivka")
    assert base.ambiguities(bound(PlaceFilters, "place=novoselivka-donetsk")) == []
    assert base.ambiguities(bound(PlaceFilters, "")) == []


def test_a_name_offers_at_most_ten_candidates(db):
    for n in range(base.CHOICES_OFFERED + 2):
        PlaceFactory(name="Novoselivka", slug=f"novoselivka-{n}")
    ((_, candidates),) = base.ambiguities(bound(PlaceFilters, "place=Novoselivka"))
    assert len(candidates) == base.CHOICES_OFFERED


def test_a_choice_may_be_repeated_and_empty_values_mean_no_filter(db):
    village = PlaceFactory(kind=PlaceKind.VILLAGE)
    town = PlaceFactory(kind=PlaceKind.TOWN)
    PlaceFactory(kind=PlaceKind.CITY)
    assert set(bound(PlaceFilters, "kind=village&kind=town").qs) == {village, town}
    assert bound(PlaceFilters, "kind=&kind=").qs.count() == 3


def test_a_repeatable_select_offers_no_filter_first_exactly_once():
    widget = base.RepeatableSelect(choices=[("", "blank"), ("town", "Town")], empty_label="Any")
    assert widget.choices == [("", "Any"), ("town", "Town")]


def test_independent_means_an_actor_with_no_side(russian_actor, independent_actor):
    assert set(bound(ActorFilters, "side=independent").qs) == {independent_actor}
    assert set(bound(ActorFilters, "side=russia").qs) == {russian_actor}
    assert "side" in bound(ActorFilters, "side=mars").errors


def test_a_range_that_ends_before_it_starts_is_refused(db):
    made = bound(ActorFilters, "stated_after=2023-02-01&stated_before=2023-01-01")
    assert made.errors["stated_before"] == ["The end of the range is before its start."]
    assert bound(ActorFilters, "stated_after=2023-01-01&stated_before=2023-01-01").is_valid()


def test_as_of_is_a_date_and_empty_means_now():
    assert base.as_of_date("2023-01-13") == date(2023, 1, 13)
    assert base.as_of_date("") is None
    assert base.as_of_date(None) is None


@pytest.mark.parametrize("value", ["1850-01-01", "13/01/2023", "yesterday"])
def test_as_of_names_the_form_and_the_range(value):
    with pytest.raises(ValidationError) as refused:
        base.as_of_date(value)
    assert refused.value.messages == [
        "“as_of” must be a date such as 2023-01-13, between 1900 and 2199."
    ]


@pytest.mark.parametrize(
    ("params", "expected_place"),
    [
        ({"place": "soledar"}, "soledar"),
        ({"place": "Соледар"}, "soledar"),
        ({"place": "Bachmut"}, "bakhmut"),
        ({"claimant": "Конашенков"}, "soledar"),
    ],
)
def test_claim_filters_take_slugs_or_names(client, demo_data, params, expected_place):
    response = client.get("/api/v1/claims/", params)
    assert response.status_code == 200
    places = {c["place"]["slug"] for c in response.json()["results"]}
    assert places == {expected_place}


def test_an_ambiguous_name_names_the_choices_in_the_api(client, demo_data):
    response = client.get("/api/v1/claims/", {"place": "Bakh"})
    assert response.status_code == 400
    message = response.json()["place"][0]
    assert "Bakhmut (bakhmut)" in message and "Bakhmut Raion (bakhmut-raion)" in message


def test_an_unknown_name_says_so(client, demo_data):
    response = client.get("/api/v1/claims/", {"claimant": "Nobody Atall"})
    assert response.status_code == 400
    assert "Nothing is called" in response.json()["claimant"][0]


@pytest.mark.parametrize("name", ["place", "claimant", "region"])
@pytest.mark.parametrize("path", ["/api/v1/claims/", "/claims/", "/export/claims.csv"])
def test_a_name_with_a_control_character_is_refused_naming_the_filter(
    client, demo_data, path, name
):
    response = client.get(path, {name: "Sole\x00dar"})
    assert response.status_code == 400
    message = "Contains a control character (U+0000) at position 5; remove it."
    if path == "/claims/":
        assert message in response.text
    else:
        assert response.json() == {name: [message]}
