"""Webhook fixtures: subscriptions, places and claims recorded through the service. The receiver
and running the queued tasks are in tests/webhooks/receiver.py."""

import itertools
from datetime import timedelta

import pytest

from claims import services
from claims.choices import Verb
from claims.webhooks import subscriptions
from tests.factories import BASE_TIME, PlaceFactory


@pytest.fixture
def subscribe(editor):
    def make(url, events=None, claim_filter=None, owner=None):
        return subscriptions.subscription_create(
            owner=owner or editor,
            url=url,
            event_types=events or ["claim.created"],
            claim_filter=claim_filter,
        )

    return make


@pytest.fixture
def places(db):
    return PlaceFactory(name="Soledar", slug="soledar"), PlaceFactory(
        name="Bakhmut", slug="bakhmut"
    )


@pytest.fixture
def record_claim(editor):
    """Record a claim through the service, as the desk and the API do."""
    numbers = itertools.count()

    def make(place, claimant, **overrides):
        number = next(numbers)
        values = {
            "place": place,
            "claimant": claimant,
            "verb": Verb.CAPTURED,
            "side": claimant.side,
            "summary": f"Statement number {number}.",
            "stated_at": BASE_TIME + timedelta(hours=number),
        }
        values.update(overrides)
        # Statements come hours apart, several the same day: not the desk's likely duplicates.
        return services.claim_create(
            data=services.ClaimInput(**values), user=editor, allow_duplicate=True
        )

    return make
