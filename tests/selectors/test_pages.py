"""claims.selectors.pages: what the place page, the claim page and the dashboard read. How the
demo's Soledar story reads on them is in tests/test_selectors.py; their query counts are pinned
in tests/test_query_counts.py; here are the page builders' own guarantees on small cases."""

import pytest

from claims import services
from claims.choices import NameKind, Status, Verb
from claims.models import Claim, Place
from claims.selectors import pages
from tests.factories import ActorFactory, PlaceFactory, judge, said

pytestmark = pytest.mark.django_db


@pytest.fixture
def bakhmut(russia, ukraine):
    return PlaceFactory(name="Bakhmut", slug="bakhmut")


def fresh(place):
    return Place.objects.select_related("state").get(pk=place.pk)


# --- Place page ------------------------------------------------------------------------------


def test_a_place_without_claims_has_a_column_per_side_and_one_for_third_parties(bakhmut):
    page = pages.place_page(fresh(bakhmut))
    assert [c.title for c in page.columns] == [
        "Claims by Russia",
        "Claims by Ukraine",
        "Third parties",
    ]
    assert all(c.entries == [] for c in page.columns)
    assert (page.entries, page.disputes, page.truncated) == ([], [], False)
    assert page.picture.is_empty


def test_claims_are_listed_newest_first_in_their_claimants_column(
    bakhmut, russian_actor, ukrainian_actor, independent_actor
):
    taken = said(bakhmut, russian_actor, 0)
    held = said(bakhmut, ukrainian_actor, 1, verb=Verb.HOLDS)
    assessed = said(bakhmut, independent_actor, 2, side=russian_actor.side)
    page = pages.place_page(fresh(bakhmut))
    assert [e.claim.pk for e in page.entries] == [assessed.pk, held.pk, taken.pk]
    russia, ukraine, third = page.columns
    assert [e.claim.pk for e in russia.entries] == [taken.pk]
    assert [e.claim.pk for e in ukraine.entries] == [held.pk]
    assert [e.claim.pk for e in third.entries] == [assessed.pk]
    entry = russia.entries[0]
    assert (entry.claim.verb, entry.claim.stated_at) == (Verb.CAPTURED, taken.stated_at)
    assert entry.values["claimant__name"] == "Russian MoD"
    assert entry.status == Status.UNREVIEWED
    assert "status" not in entry.values


def test_a_long_list_is_cut_at_the_newest_and_says_so(bakhmut, russian_actor, monkeypatch):
    monkeypatch.setattr(pages, "PLACE_PAGE_CLAIMS", 2)
    made = [said(bakhmut, russian_actor, n, verb=Verb.HOLDS) for n in range(3)]
    page = pages.place_page(fresh(bakhmut))
    assert page.truncated
    assert [e.claim.pk for e in page.entries] == [made[2].pk, made[1].pk]
    monkeypatch.setattr(pages, "PLACE_PAGE_CLAIMS", 3)
    assert not pages.place_page(fresh(bakhmut)).truncated


def test_as_of_a_day_the_page_lists_only_what_was_said_by_its_end_with_the_verdicts_then(
    bakhmut, russian_actor, ukrainian_actor, editor
):
    taken = said(bakhmut, russian_actor, 0)
    said(bakhmut, ukrainian_actor, 1, verb=Verb.HOLDS)
    judge(taken, editor)
    then = pages.place_page(fresh(bakhmut), as_of=taken.stated_at.date())
    assert then.as_of == taken.stated_at.date()
    assert [(e.claim.pk, e.status) for e in then.entries] == [(taken.pk, Status.UNREVIEWED)]
    now = pages.place_page(fresh(bakhmut))
    assert now.entries[-1].status == Status.DISPUTED


def test_a_dispute_a_concession_ended_is_history_with_the_claim_that_ended_it(
    bakhmut, russian_actor, ukrainian_actor
):
    taken = said(bakhmut, russian_actor, 0)
    held = said(bakhmut, ukrainian_actor, 1, verb=Verb.HOLDS)
    left = said(bakhmut, ukrainian_actor, 10, verb=Verb.WITHDREW, side=ukrainian_actor.side)
    page = pages.place_page(fresh(bakhmut))
    (dispute,) = page.earlier_disputes
    assert dispute.end is not None
    assert dispute.ended_by == Claim.objects.get(pk=left.pk)
    assert {side.slug: [c.pk for c in claims] for side, claims in dispute.sides} == {
        "russia": [taken.pk],
        "ukraine": [held.pk],
    }
    assert not page.picture.contested


def test_a_long_page_shows_each_columns_latest_and_folds_the_rest_unread(
    bakhmut, russian_actor, ukrainian_actor, monkeypatch
):
    monkeypatch.setattr(pages, "INLINE_CLAIMS", 3)
    first, second, third = (said(bakhmut, russian_actor, n, verb=Verb.HOLDS) for n in (0, 2, 4))
    ukrainian = said(bakhmut, ukrainian_actor, 3, verb=Verb.HOLDS)
    page = pages.place_page(fresh(bakhmut))
    assert page.folded and not page.unfolded
    newest_first = [third.pk, ukrainian.pk, second.pk, first.pk]
    assert [e.claim.pk for e in page.entries] == newest_first
    # Each column's latest two, column by column: the cards the page renders.
    assert [e.claim.pk for e in page.shown_entries] == [third.pk, second.pk, ukrainian.pk]
    unfolded = pages.place_page(fresh(bakhmut), unfold=True)
    assert not unfolded.folded and unfolded.unfolded
    assert [e.claim.pk for e in unfolded.shown_entries] == newest_first


def test_a_short_page_shows_everything_without_being_asked(bakhmut, russian_actor, monkeypatch):
    monkeypatch.setattr(pages, "INLINE_CLAIMS", 3)
    for n in range(3):
        said(bakhmut, russian_actor, n, verb=Verb.HOLDS)
    page = pages.place_page(fresh(bakhmut))
    assert not page.folded and not page.unfolded
    assert page.shown_entries == page.entries


def test_a_folded_page_counts_earlier_disputes_without_reading_their_claims(
    bakhmut, russian_actor, ukrainian_actor, monkeypatch
):
    monkeypatch.setattr(pages, "INLINE_CLAIMS", 2)
    said(bakhmut, russian_actor, 0)
    held = said(bakhmut, ukrainian_actor, 1, verb=Verb.HOLDS)
    said(bakhmut, ukrainian_actor, 10, verb=Verb.WITHDREW, side=ukrainian_actor.side)

    def ukraine_in_dispute(page):
        (dispute,) = page.earlier_disputes
        return [c.pk for side, claims in dispute.sides if side.slug == "ukraine" for c in claims]

    # The claim that held the place is in no standing position: only the dispute names it.
    assert ukraine_in_dispute(pages.place_page(fresh(bakhmut))) == []
    assert ukraine_in_dispute(pages.place_page(fresh(bakhmut), unfold=True)) == [held.pk]


def test_a_page_before_any_dispute_shows_none(bakhmut, russian_actor, ukrainian_actor):
    taken = said(bakhmut, russian_actor, 0)
    said(bakhmut, ukrainian_actor, 1, verb=Verb.HOLDS)
    page = pages.place_page(fresh(bakhmut), as_of=taken.stated_at.date())
    assert page.disputes == [] and page.earlier_disputes == []


def test_the_page_lists_the_places_other_names(bakhmut):
    services.place_name_add(
        place=bakhmut, name="Артемівськ", language="uk", kind=NameKind.HISTORICAL
    )
    page = pages.place_page(fresh(bakhmut))
    assert [n.name for n in page.names] == ["Артемівськ"]


# --- Claim page ------------------------------------------------------------------------------


def test_a_claim_nobody_answered_or_disputed_has_empty_lists(bakhmut, russian_actor):
    taken = said(bakhmut, russian_actor, 0)
    page = pages.claim_page(taken)
    assert (page.answered_by, page.contradicted_by, page.disputed_by) == ([], [], [])
    assert [v.status for v in page.verifications] == [Status.UNREVIEWED]


def test_a_claim_page_lists_its_verdicts_in_the_order_decided(bakhmut, russian_actor, editor):
    taken = said(bakhmut, russian_actor, 0)
    judge(taken, editor)
    page = pages.claim_page(Claim.objects.get(pk=taken.pk))
    assert [v.status for v in page.verifications] == [Status.UNREVIEWED, Status.DISPUTED]


def test_answers_are_listed_in_the_order_made(bakhmut, russian_actor, ukrainian_actor, russia):
    taken = said(bakhmut, russian_actor, 0)
    later = said(bakhmut, ukrainian_actor, 2, verb=Verb.DENIED, side=russia, answers=taken)
    sooner = said(bakhmut, ukrainian_actor, 1, verb=Verb.DENIED, side=russia, answers=taken)
    page = pages.claim_page(taken)
    assert page.answered_by == [sooner, later]
    assert set(page.disputed_by) == {sooner, later}


def test_a_same_side_contradiction_is_named_on_both_claims_pages(
    bakhmut, russian_actor, russia, ukraine
):
    wagner = ActorFactory(name="Wagner Group", side=russia)
    held = said(bakhmut, russian_actor, 0, verb=Verb.HOLDS)
    lost = said(bakhmut, wagner, 0.5, verb=Verb.HOLDS, side=ukraine)
    assert pages.claim_page(held).contradicted_by == [lost]
    assert pages.claim_page(lost).contradicted_by == [held]
    assert pages.claim_page(held).disputed_by == []


# --- Dashboard -------------------------------------------------------------------------------


def test_an_empty_dashboard(db):
    board = pages.dashboard()
    assert (board.contested, board.latest_claims, board.latest_verifications) == ([], [], [])


def test_the_dashboard_shows_at_most_its_rows_newest_first_and_no_first_verifications(
    bakhmut, russian_actor, editor, monkeypatch
):
    monkeypatch.setattr(pages, "DASHBOARD_ROWS", 2)
    made = [said(bakhmut, russian_actor, n, verb=Verb.HOLDS) for n in range(3)]
    judge(made[0], editor)
    board = pages.dashboard()
    assert [c.pk for c in board.latest_claims] == [made[2].pk, made[1].pk]
    assert [(v.claim_id, v.status) for v in board.latest_verifications] == [
        (made[0].pk, Status.DISPUTED)
    ]
    assert dict(board.status_counts)[Status.UNREVIEWED] == 2


def test_the_dashboards_contested_places_are_one_line_views(
    bakhmut, russian_actor, ukrainian_actor
):
    said(bakhmut, russian_actor, 0)
    held = said(bakhmut, ukrainian_actor, 1, verb=Verb.HOLDS)
    (shown,) = pages.dashboard().contested
    assert shown.place == bakhmut and shown.contested
    assert shown.loaded == {}
    assert shown.last_statement_at == held.stated_at


def test_the_page_place_is_read_as_select_related_reads_it(
    bakhmut, russia, django_assert_num_queries
):
    # Built from one compiled row rather than by the ORM: the same values, parents and state.
    oblast = PlaceFactory(name="Donetsk oblast", slug="donetsk-oblast")
    raion = PlaceFactory(name="Bakhmut raion", slug="bakhmut-raion", parent=oblast)
    Place.objects.filter(pk=bakhmut.pk).update(parent=raion)
    for place_slug in ("donetsk-oblast", "bakhmut"):
        expected = Place.objects.select_related("parent__parent__parent", "state").get(
            slug=place_slug
        )
        with django_assert_num_queries(1):
            place = pages.page_place(place_slug)
        with django_assert_num_queries(0):
            assert fields(place) == fields(expected) and place._state.adding is False
            assert [fields(p) for p in place.ancestors()] == [
                fields(p) for p in expected.ancestors()
            ]
            assert fields(getattr(place, "state", None)) == fields(getattr(expected, "state", None))
    assert pages.page_place("no-such-place") is None


def fields(record):
    if record is None:
        return None
    return {f.attname: getattr(record, f.attname) for f in record._meta.concrete_fields}
