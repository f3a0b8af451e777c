"""What the Place and PlaceName models refuse, and what a name stores for search."""

import pytest
from django.core.exceptions import ValidationError

from claims.models import PlaceName
from tests.factories import PlaceFactory
from tests.models.refusals import refused_by_database

pytestmark = pytest.mark.django_db


class TestPlaceRules:
    def test_coordinates_come_in_pairs_and_in_range(self):
        refused_by_database(lambda: PlaceFactory(latitude="48.5", longitude=None))
        refused_by_database(lambda: PlaceFactory(latitude="91", longitude="30"))
        with pytest.raises(ValidationError):
            PlaceFactory.build(latitude="48.5", longitude=None).full_clean()

    def test_a_place_cannot_lie_inside_itself(self):
        oblast = PlaceFactory(kind="oblast")
        town = PlaceFactory(parent=oblast)
        oblast.parent = town
        with pytest.raises(ValidationError) as error:
            oblast.full_clean()
        assert "inside itself" in str(error.value)

    def test_alias_languages_are_language_codes(self):
        place = PlaceFactory()
        alias = PlaceName(place=place, name="Бахмут", language="Ukrainian")
        with pytest.raises(ValidationError):
            alias.full_clean()
        refused_by_database(alias.save)

    def test_aliases_store_a_folded_form_for_search(self):
        alias = PlaceName.objects.create(
            place=PlaceFactory(), name="Артёмовск", language="ru", kind="occupation"
        )
        assert alias.folded == "артемовск"
