"""The factories build what the tests assume."""

import pytest

from tests.factories import SourceFactory

pytestmark = pytest.mark.django_db


class TestFactories:
    def test_the_source_factory_gives_independent_publishers(self, db):
        assert SourceFactory().publisher.side is None
