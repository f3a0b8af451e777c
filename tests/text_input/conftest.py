"""The records the text-input tests write against."""

import pytest

from tests.factories import BASE_TIME, CitationFactory, ClaimFactory


@pytest.fixture
def claimant(russian_actor):
    return russian_actor


@pytest.fixture
def world(claimant):
    """A place, a claim about it with a citation, and a source: what the desk forms refer to."""
    claim = ClaimFactory(claimant=claimant, stated_at=BASE_TIME)
    CitationFactory(claim=claim)
    return claim
