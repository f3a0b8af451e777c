"""claims.imports.actors: actors a file names are found by slug, created as described, and never
quietly given another side."""

import io

import pytest

from claims.imports import import_file
from tests.imports.samples import (
    one_row,
)

pytestmark = pytest.mark.django_db


def test_an_actor_with_another_side_on_file_is_refused(ukraine, russia):
    from tests.factories import ActorFactory

    ActorFactory(slug="reuters", side=russia)
    ((_, message),) = import_file(io.StringIO(one_row()), source_name="side.csv").errors
    assert "“reuters” is on file as speaking for russia, not independent" in message
