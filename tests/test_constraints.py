"""Check constraints validated in one query (claims.constraints): the same errors as Django's
own validation, from one statement per model instead of one per constraint."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import CheckConstraint
from django.test.utils import CaptureQueriesContext

from claims.constraints import validate_constraints
from claims.models import Place, PlaceName
from tests.factories import PlaceFactory

pytestmark = pytest.mark.django_db


def errors(validate, instance, **kwargs) -> dict | None:
    try:
        validate(instance, **kwargs)
    except ValidationError as error:
        return {field: sorted(messages) for field, messages in error.message_dict.items()}
    return None


@pytest.mark.parametrize(
    "changes",
    [
        {},
        {"latitude": "48.5", "longitude": None},
        {"latitude": "91", "longitude": "30"},
        {"kind": "hamlet"},
        {"kind": "hamlet", "latitude": "48.5", "longitude": None},
    ],
    ids=["valid", "half coordinates", "latitude out of range", "unknown kind", "two at once"],
)
def test_the_errors_are_djangos_own(changes):
    place = PlaceFactory.build(**changes)
    ours = errors(validate_constraints, place)
    assert ours == errors(lambda instance: instance.validate_constraints(), place)
    assert (ours is None) == (changes == {})


def test_a_unique_constraint_over_several_fields_is_reported_as_django_does():
    place = PlaceFactory()
    PlaceName.objects.create(place=place, name="Бахмут", language="uk")
    again = PlaceName(place=place, name="Бахмут", language="uk")
    ours = errors(validate_constraints, again)
    assert ours is not None
    assert ours == errors(lambda instance: instance.validate_constraints(), again)


def test_an_excluded_field_is_not_checked():
    place = PlaceFactory.build(latitude="91", longitude="30")
    assert errors(validate_constraints, place, exclude={"latitude", "longitude"}) is None


def test_a_models_checks_take_one_statement_not_one_each():
    place = PlaceFactory.build()
    checks = [c for c in Place._meta.constraints if isinstance(c, CheckConstraint)]
    assert len(checks) > 5
    with CaptureQueriesContext(connection) as ours:
        validate_constraints(place)
    with CaptureQueriesContext(connection) as djangos:
        place.validate_constraints()
    # One SELECT of every check, inside a savepoint (taken and released), however many checks.
    selects = [q["sql"] for q in ours.captured_queries if "SAVEPOINT" not in q["sql"].upper()]
    assert len(selects) == 1
    assert len(ours) < len(djangos)
