"""Reads every feature relies on, checked against the Soledar demo data: the story of 11, 12 and
13 January 2023 must read right on each day."""

from datetime import date

import pytest

from claims import pictures, selectors, services
from claims.choices import Control, Status
from claims.models import Claim, Place

pytestmark = pytest.mark.django_db


@pytest.fixture
def soledar(demo_data):
    return Place.objects.select_related("state").get(slug="soledar")


def view(place, as_of=None):
    return pictures.view(place, pictures.place_picture(place, as_of), as_of=as_of)


def test_on_13_january_russia_claims_soledar_ukraine_says_it_is_still_there(soledar):
    picture = view(soledar)
    russia, ukraine = picture.positions
    assert (russia.side.slug, russia.control) == ("russia", Control.FULL)
    assert russia.lead.claimant.slug == "wagner-group"  # Wagner claimed it first, on the 11th
    claimants = {c.claimant.slug for c in russia.claims}
    assert {"igor-konashenkov", "yevgeny-prigozhin", "russian-mod"} <= claimants
    assert russia.status == Status.UNCONFIRMED
    assert (ukraine.side.slug, ukraine.control) == ("ukraine", Control.PARTIAL)
    assert {c.claimant.slug for c in ukraine.claims} == {
        "ukrainian-officer-soledar",
        "ukrainian-officials",
        "serhii-cherevaty",
    }
    assert picture.contested
    assert picture.verdict == Status.PARTIALLY_CONFIRMED
    assert all(a.claim.claimant.side_id is None for a in picture.independent)
    assert "cnn" in {a.claim.claimant.slug for a in picture.independent}


def test_on_11_january_only_wagners_claim_stood_still_in_review(soledar):
    picture = view(soledar, date(2023, 1, 11))
    (russia,) = picture.positions
    assert russia.lead.claimant.slug == "wagner-group"
    assert russia.status == Status.IN_REVIEW  # its "superseded" verdict came on the 13th
    assert [a.claim.claimant.slug for a in picture.independent] == ["maxar"]
    assert not picture.contested


def test_on_12_january_ukraine_had_said_nothing_about_control(soledar):
    picture = view(soledar, date(2023, 1, 12))
    russia, ukraine = picture.positions
    assert russia.control == Control.FULL
    assert ukraine.control == Control.UNCLEAR
    assert [c.claimant.slug for c in ukraine.context] == ["ukrainian-officials"]
    assert not picture.contested


def test_before_any_claim_the_picture_is_empty(soledar):
    picture = view(soledar, date(2022, 12, 31))
    assert picture.is_empty
    assert picture.verdict_text == "no claims"


def test_the_place_page_shows_the_standing_dispute_and_no_history_yet(soledar):
    page = selectors.place_page(soledar)
    (dispute,) = page.disputes
    assert dispute.end is None
    assert {side.slug for side, _ in dispute.sides} == {"russia", "ukraine"}
    assert page.earlier_disputes == []


def test_a_claims_page_names_the_other_sides_claims_that_disputed_it(soledar):
    capture = Claim.objects.get(claimant__slug="igor-konashenkov")
    page = selectors.claim_page(capture)
    assert {c.claimant.slug for c in page.disputed_by} >= {"serhii-cherevaty"}
    assert page.contradicted_by == []


def test_the_dashboard_lists_places_contested_now_latest_statement_first(demo_data):
    data = selectors.dashboard()
    assert [p.place.slug for p in data.contested] == ["soledar"]


def test_editing_a_claim_keeps_the_stored_picture_current(soledar, lead):
    cherevaty = Claim.objects.get(claimant__slug="serhii-cherevaty")
    services.claim_update(
        claim=cherevaty, expected_version=cherevaty.version, user=lead, ambiguous=True
    )
    soledar.state.refresh_from_db()
    ukraine = pictures.stored(soledar.state).positions[1]
    assert cherevaty.pk not in ukraine.claims
    assert cherevaty.pk in ukraine.context
