"""The demo data: what `manage.py load_demo` builds, and that it is safe to run twice."""

import pytest
from django.core.management import call_command

from claims import demo
from claims.models import Actor, Claim, Place, PlaceName, Source, Verification

pytestmark = pytest.mark.django_db


def snapshot():
    return [m.objects.count() for m in (Place, PlaceName, Actor, Source, Claim, Verification)]


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


def test_the_demo_covers_every_claim_the_article_reports(demo_data):
    claimants = set(Claim.objects.values_list("claimant__slug", flat=True))
    assert {
        "igor-konashenkov",
        "wagner-group",
        "serhii-cherevaty",
        "ukrainian-officer-soledar",
        "ukrainian-officials",
        "hanna-maliar",
        "cnn",
        "isw",
        "john-kirby",
        "maxar",
    } <= claimants
    assert Claim.objects.count() >= 10
    assert Place.objects.get(slug="soledar").parent.parent.slug == "donetsk-oblast"


def test_bakhmut_is_known_by_its_occupation_era_name(demo_data):
    names = set(PlaceName.objects.filter(place__slug="bakhmut").values_list("name", "kind"))
    assert ("Артёмовск", "occupation") in names
    assert ("Бахмут", "official") in names


def test_demo_quotes_stay_short():
    assert all(len(item.quote) <= 100 for item in demo.CLAIMS)


def test_demo_sources_carry_only_addresses_where_they_were_found(demo_data):
    """URLs were checked against the publications themselves; the rest stay empty rather than
    guessed (see the comment on demo.SOURCES)."""
    urls = dict(Source.objects.exclude(url="").values_list("publisher__slug", "url"))
    assert urls == {
        "cnn": "https://www.cnn.com/europe/live-news/russia-ukraine-war-news-1-13-23",
        "isw": "https://www.understandingwar.org/backgrounder/"
        "russian-offensive-campaign-assessment-january-12-2023",
    }


def test_the_isw_quote_says_what_isw_said(demo_data):
    claim = Claim.objects.get(claimant__slug="isw", place__slug="soledar")
    assert "is not an operationally significant development" in claim.quote
    assert claim.ambiguous  # "likely": an assessment, not a confirmation


def test_the_third_column_names_third_parties_with_their_kind(client, demo_data):
    page = client.get("/places/soledar/").content.decode()
    assert "Third parties" in page
    assert "Independent assessments" not in page
    assert "spokesperson, US National Security Council: foreign government" in page
    assert "think tank" in page and "imagery provider" in page and "news organisation" in page
