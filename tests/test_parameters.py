"""Query parameters of lists and downloads (claims.parameters): an unknown, repeated or
malformed parameter is an error naming it, the page size is bounded, and a valid FilterSet's
values make a fair cache key."""

import pytest
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from claims import parameters
from claims.filtersets import ClaimFilterSet
from claims.models import Claim

pytestmark = pytest.mark.django_db


def request(query: str = ""):
    return RequestFactory().get(f"/api/v1/claims/?{query}")


def errors(query: str, *, paging: bool = True) -> dict:
    with pytest.raises(ValidationError) as refused:
        parameters.validated(ClaimFilterSet, request(query), Claim.objects.all(), paging=paging)
    return refused.value.message_dict


def test_an_unknown_parameter_is_named_with_the_known_ones():
    (message,) = errors("palce=soledar")["palce"]
    assert message.startswith("Unknown parameter. Known ones: ")
    assert "place" in message and "page_size" in message


def test_paging_parameters_are_unknown_where_nothing_is_paged():
    assert "page_size" in errors("page_size=10", paging=False)
    assert "page_size" not in parameters.parameter_errors(
        request("page_size=10"), ClaimFilterSet, paging=True
    )


def test_a_parameter_given_twice_is_refused_unless_it_takes_several_values():
    assert errors("place=soledar&place=bakhmut")["place"] == ["Give this parameter once."]
    assert (
        parameters.parameter_errors(
            request("verb=captured&verb=holds"), ClaimFilterSet, paging=True
        )
        == {}
    )


def test_every_bad_parameter_is_named_at_once(demo_data):
    found = errors("side=mars&colour=red&stated_after=yesterday")
    assert set(found) == {"side", "colour", "stated_after"}


def test_valid_parameters_give_the_filterset(demo_data):
    filterset = parameters.validated(ClaimFilterSet, request("place=soledar"), Claim.objects.all())
    assert set(filterset.qs.values_list("place__slug", flat=True)) == {"soledar"}


@pytest.mark.parametrize(("given", "size"), [("", 50), ("page_size=1", 1), ("page_size=200", 200)])
def test_the_page_size_defaults_to_fifty_and_may_be_one_to_two_hundred(given, size):
    assert parameters.page_size(request(given)) == size


@pytest.mark.parametrize("given", ["0", "201", "-1", "ten", "1e2", "５"])
def test_a_page_size_out_of_bounds_or_not_a_number_is_refused(given):
    with pytest.raises(ValidationError) as refused:
        parameters.page_size(request(f"page_size={given}"))
    assert refused.value.message_dict == {"page_size": ["A whole number from 1 to 200."]}


def key(query: str):
    return parameters.values_key(
        parameters.validated(ClaimFilterSet, request(query), Claim.objects.all())
    )


def test_the_same_filters_make_the_same_key_and_others_another(demo_data):
    assert key("place=soledar&verb=captured") == key("verb=captured&place=soledar")
    assert key("place=soledar") != key("place=bakhmut")
    assert key("place=soledar") != key("")


def test_a_record_in_the_key_is_its_label_and_id(demo_data):
    soledar = Claim.objects.filter(place__slug="soledar").first().place
    assert ("place", ("claims.Place", soledar.pk)) in key("place=soledar")


def test_a_value_of_an_unknown_kind_makes_no_key():
    class Filtered:
        class form:
            cleaned_data = {"place": object()}

    assert parameters.values_key(Filtered) is None
