"""The demo data: what `manage.py load_demo` builds (the command itself, and that it is safe to
run twice: tests/management/commands/test_load_demo.py)."""

import pytest

from claims import demo
from claims.models import Claim, Place, PlaceName, Source

pytestmark = pytest.mark.django_db


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
