"""manage.py load_demo: loads the Soledar demo data, safe to repeat, and leaves a database that
has claims alone when asked to. What the data holds is checked in tests/test_demo.py."""

import pytest
from django.core.management import call_command

from claims.models import Actor, Claim, Place, PlaceName, Source, Verification
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db


def snapshot():
    return [m.objects.count() for m in (Place, PlaceName, Actor, Source, Claim, Verification)]


def test_a_first_load_says_what_it_added(capsys):
    call_command("load_demo")
    out = capsys.readouterr().out
    assert out.startswith("Demo data loaded: added ")
    assert f"{Claim.objects.count()} claims" in out
    assert f"{Place.objects.count()} places" in out
    assert Claim.objects.exists()


def test_loading_twice_changes_nothing(capsys):
    call_command("load_demo")
    first = snapshot()
    call_command("load_demo")
    assert snapshot() == first
    assert (
        "added 0 sides, 0 places, 0 names, 0 actors, 0 sources, 0 claims" in capsys.readouterr().out
    )


def test_if_empty_leaves_a_database_with_claims_alone(demo_data, capsys):
    call_command("load_demo", "--if-empty")
    assert "already has claims" in capsys.readouterr().out


def test_if_empty_loads_into_an_empty_database(capsys):
    call_command("load_demo", "--if-empty")
    assert "Demo data loaded" in capsys.readouterr().out
    assert Claim.objects.exists()


def test_if_empty_counts_any_claim_not_only_the_demos(russian_actor, capsys):
    ClaimFactory(claimant=russian_actor)
    before = snapshot()
    call_command("load_demo", "--if-empty")
    assert "already has claims" in capsys.readouterr().out
    assert snapshot() == before


def test_a_missing_part_of_the_demo_is_added_back(demo_data, capsys):
    full = snapshot()
    PlaceName.objects.filter(place__slug="soledar").first().delete()
    call_command("load_demo")
    assert snapshot() == full
    assert "1 names" in capsys.readouterr().out
