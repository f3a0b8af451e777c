"""The synthetic data generator (claims.synthetic.generator): the same data for the same seed,
ids that later rows continue from, and Cyrillic names."""

import pytest
from django.db import transaction

from claims.models import Claim
from claims.synthetic import Generator, cyrillic

pytestmark = pytest.mark.django_db


def fingerprint():
    return list(
        Claim.objects.order_by("id").values_list(
            "place__slug", "claimant__slug", "verb", "side__slug", "stated_at", "summary", "status"
        )
    )


class Discard(Exception):
    pass


def test_the_same_seed_gives_the_same_data():
    runs = []
    for _ in range(2):
        try:
            with transaction.atomic():
                Generator(places=20, claims=300, seed=5).run()
                runs.append(fingerprint())
                raise Discard
        except Discard:
            pass
    assert runs[0] == runs[1]
    assert len(runs[0]) == 300


def test_new_rows_after_generation_get_fresh_ids(editor):
    from tests.factories import ClaimFactory

    Generator(places=5, claims=50, seed=9).run()
    assert (
        ClaimFactory().pk
        > Claim.objects.exclude(summary__startswith="Claim number").order_by("-id").first().pk
    )


def test_transliteration_gives_cyrillic_names():
    assert cyrillic("Soledar") == "Соледар"
