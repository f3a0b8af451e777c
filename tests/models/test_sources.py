"""What the Source model refuses."""

import pytest
from django.core.exceptions import ValidationError

from tests.factories import SourceFactory
from tests.models.refusals import refused_by_database

pytestmark = pytest.mark.django_db


class TestSourceRules:
    def test_source_urls_are_unique_but_many_sources_may_have_none(self):
        SourceFactory(url="https://example.org/a")
        SourceFactory(url="")
        SourceFactory(url="")
        refused_by_database(lambda: SourceFactory(url="https://example.org/a"))
        duplicate = SourceFactory.build(url="https://example.org/a")
        duplicate.publisher.save()
        with pytest.raises(ValidationError):
            duplicate.full_clean()
