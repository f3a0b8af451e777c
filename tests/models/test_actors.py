"""What the models of claims.models.actors refuse: sides' colours."""

import pytest
from django.core.exceptions import ValidationError

from claims.models import Side
from tests.models.refusals import refused_by_database

pytestmark = pytest.mark.django_db


class TestSideRules:
    def test_a_side_colour_must_be_hex(self):
        side = Side(name="Somewhere", slug="somewhere", colour="red")
        with pytest.raises(ValidationError):
            side.full_clean()
        refused_by_database(side.save)
