"""claims.pictures: reading the picture's inputs from the database, the stored copies the
services keep, and the view objects pages show. The rules of the picture itself are in
tests/test_picture.py; how the demo's story reads on each day is in tests/test_selectors.py."""

import importlib
from datetime import UTC, datetime, timedelta

import pytest
from django.apps import apps

from claims import picture, pictures, services
from claims.choices import Control, Status, Verb
from claims.models import Place, PlaceState
from tests.factories import BASE_TIME, ClaimFactory, PlaceFactory, judge, said

pytestmark = pytest.mark.django_db


# --- Inputs ----------------------------------------------------------------------------------


def test_statements_are_grouped_by_place_and_cut_strictly_before_the_moment(
    disputed, bakhmut, django_assert_num_queries
):
    taken, held = disputed
    elsewhere = PlaceFactory()
    with django_assert_num_queries(1):
        found = pictures.statements([bakhmut.pk, elsewhere.pk])
    assert sorted(s.id for s in found[bakhmut.pk]) == [taken.pk, held.pk]
    assert elsewhere.pk not in found
    earlier = pictures.statements([bakhmut.pk], before=held.stated_at)
    assert [s.id for s in earlier[bakhmut.pk]] == [taken.pk]


def test_a_statement_carries_the_claimants_side_and_what_it_answers(
    bakhmut, russian_actor, ukrainian_actor, russia
):
    taken = ClaimFactory(place=bakhmut, claimant=russian_actor)
    denial = ClaimFactory(
        place=bakhmut, claimant=ukrainian_actor, verb=Verb.DENIED, side=russia, answers=taken
    )
    by_id = {s.id: s for s in pictures.statements([bakhmut.pk])[bakhmut.pk]}
    answer = by_id[denial.pk]
    assert answer.claimant_side_id == ukrainian_actor.side_id
    assert (answer.answers_id, answer.answers_verb, answer.answers_side_id) == (
        taken.pk,
        Verb.CAPTURED,
        russia.pk,
    )
    assert by_id[taken.pk].answers_id is None


def test_judgements_are_read_per_claim_and_cut_before_the_moment(disputed):
    taken, held = disputed
    found = pictures.judgements([taken.pk, held.pk])
    assert set(found) == {taken.pk, held.pk}
    assert [j.status for j in found[taken.pk]] == [taken.status]
    assert pictures.judgements([taken.pk], before=datetime(2000, 1, 1, tzinfo=UTC)) == {}


def test_judgements_of_more_claims_than_a_statement_takes_are_read_in_parts(
    disputed, monkeypatch, django_assert_num_queries
):
    taken, held = disputed
    monkeypatch.setattr(pictures, "IDS_PER_QUERY", 1)
    with django_assert_num_queries(2):
        found = pictures.judgements([taken.pk, held.pk])
    assert set(found) == {taken.pk, held.pk}
    # More ids than PostgreSQL's 65,535 parameters a statement, at the real size.
    monkeypatch.undo()
    many = [taken.pk, *range(10**9, 10**9 + 70_000)]
    assert set(pictures.judgements(many)) == {taken.pk}


def test_sides_are_ordered_as_the_catalogue_orders_them(russia, ukraine):
    assert pictures.side_order() == [russia.pk, ukraine.pk]


# --- Computed and stored ---------------------------------------------------------------------


def test_a_place_without_claims_has_an_empty_picture(bakhmut):
    computed = pictures.compute([bakhmut.pk])[bakhmut.pk]
    assert computed.positions == [] and not computed.contested


def test_statements_the_caller_loaded_save_a_query(disputed, bakhmut, django_assert_num_queries):
    loaded = pictures.statements([bakhmut.pk])
    # the sides' order; verdicts of the claims the picture reads
    with django_assert_num_queries(2):
        computed = pictures.compute([bakhmut.pk], loaded=loaded)
    assert computed == pictures.compute([bakhmut.pk])


def test_the_cached_rows_count_the_claims_and_keep_one_position_per_side(
    disputed, bakhmut, russia, ukraine
):
    _, held = disputed
    quiet = PlaceFactory()
    states, positions = pictures.cached([bakhmut.pk, quiet.pk])
    state, empty = states
    assert (state.place_id, state.claim_count, state.last_stated_at) == (
        bakhmut.pk,
        2,
        held.stated_at,
    )
    assert state.contested
    assert picture.from_json(state.picture) == pictures.compute([bakhmut.pk])[bakhmut.pk]
    assert (empty.claim_count, empty.last_stated_at, empty.contested) == (0, None, False)
    assert {(p.place_id, p.side_id, p.control) for p in positions} == {
        (bakhmut.pk, russia.pk, Control.FULL),
        (bakhmut.pk, ukraine.pk, Control.FULL),
    }


def test_no_stored_row_or_an_empty_one_reads_as_the_empty_picture(bakhmut):
    assert pictures.stored(None) == picture.EMPTY
    assert pictures.stored(PlaceState(place=bakhmut, picture={})) == picture.EMPTY
    assert pictures.place_picture(bakhmut) == picture.EMPTY


def test_the_picture_as_of_a_day_reads_everything_said_by_its_end(disputed, bakhmut):
    taken, _ = disputed
    first_day = pictures.place_picture(bakhmut, as_of=taken.stated_at.date())
    assert [p.control for p in first_day.positions] == [Control.FULL]
    assert len(pictures.place_picture(bakhmut).positions) == 2


def test_the_stored_picture_equals_the_one_computed_now(demo_data):
    for place in Place.objects.select_related("state"):
        assert (
            pictures.stored(getattr(place, "state", None)) == pictures.compute([place.pk])[place.pk]
        ), place.slug


# --- Stored disputes ------------------------------------------------------------------------


def computed_disputes(place_id: int) -> list[picture.Dispute]:
    said = pictures.statements([place_id]).get(place_id, [])
    found = picture.disputes(said, moment=None, window=pictures.contradiction_window())
    return picture.named(found)


def stored_disputes(place_id: int) -> list[picture.Dispute] | None:
    place = Place.objects.select_related("state").get(pk=place_id)
    return picture.disputes_from_json(place.state.disputes, pictures.contradiction_window())


def test_the_stored_disputes_equal_the_ones_computed_now(demo_data):
    states = PlaceState.objects.all()
    assert any(state.disputes["disputes"] for state in states)
    for state in states:
        assert stored_disputes(state.place_id) == computed_disputes(state.place_id), state.place_id


def test_a_dispute_as_stored_names_the_claim_each_side_began_with():
    start = BASE_TIME
    found = [picture.Dispute(start, start + timedelta(days=1), 9, {1: [3, 4, 5], 2: [6], 7: []})]
    named = picture.named(found)
    assert named == [picture.Dispute(start, start + timedelta(days=1), 9, {1: [3], 2: [6], 7: []})]
    window = timedelta(days=2)
    assert picture.disputes_from_json(picture.disputes_to_json(named, window), window) == named


def test_the_stored_disputes_follow_every_write_that_touches_the_place(
    disputed, bakhmut, russian_actor, ukrainian_actor, editor
):
    taken, held = disputed
    elsewhere = PlaceFactory(name="Soledar", slug="soledar")

    def agree():
        for place_id in PlaceState.objects.values_list("place_id", flat=True):
            assert stored_disputes(place_id) == computed_disputes(place_id)

    (open_dispute,) = stored_disputes(bakhmut.pk)
    assert open_dispute.end is None
    assert open_dispute.claims == {
        russian_actor.side_id: [taken.pk],
        ukrainian_actor.side_id: [held.pk],
    }
    judge(taken, editor)
    agree()
    left = said(bakhmut, ukrainian_actor, 10, verb=Verb.WITHDREW, side=ukrainian_actor.side)
    agree()
    assert stored_disputes(bakhmut.pk)[0].ended_by == left.pk
    # Moving the claim that ended it to another place opens the dispute again, and moves it.
    left.refresh_from_db()
    services.claim_update(claim=left, expected_version=left.version, place=elsewhere)
    agree()
    assert stored_disputes(bakhmut.pk)[0].end is None
    said(elsewhere, russian_actor, 11)
    said(elsewhere, ukrainian_actor, 12, verb=Verb.HOLDS)
    agree()
    assert stored_disputes(elsewhere.pk)
    # A claimant changing sides rereads every picture its claims are part of.
    services.actor_update(actor=ukrainian_actor, side=russian_actor.side)
    agree()
    assert PlaceState.objects.count() == 2


def test_disputes_not_stored_or_stored_under_another_window_are_computed(
    disputed, bakhmut, settings, django_assert_num_queries
):
    place = Place.objects.select_related("state").get(pk=bakhmut.pk)
    expected = computed_disputes(bakhmut.pk)
    with django_assert_num_queries(0):
        assert pictures.place_disputes(place) == expected
    settings.CONTRADICTION_WINDOW_DAYS += 1
    expected = computed_disputes(bakhmut.pk)
    # the place's statements
    with django_assert_num_queries(1):
        assert pictures.place_disputes(place) == expected
    place.state.disputes = None
    with django_assert_num_queries(1):
        assert pictures.place_disputes(place) == expected
    place.state = None
    with django_assert_num_queries(1):
        assert pictures.place_disputes(place) == expected


def test_the_migration_stores_the_disputes_of_every_place(demo_data):
    expected = {state.place_id: state.disputes for state in PlaceState.objects.all()}
    PlaceState.objects.update(disputes=None)
    migration = importlib.import_module("claims.migrations.0020_place_disputes")
    migration.fill(apps, None)
    assert {state.place_id: state.disputes for state in PlaceState.objects.all()} == expected


def test_pictures_for_many_places_take_three_queries_whatever_their_number(
    demo_data, django_assert_num_queries
):
    ids = list(Place.objects.values_list("id", flat=True))
    # statements of every place; the sides' order; verdicts of the claims the pictures read
    with django_assert_num_queries(3):
        computed = pictures.compute(ids)
    assert set(computed) == set(ids)


# --- What pages show -------------------------------------------------------------------------


def test_a_view_names_the_sides_and_the_claims_of_each_position(disputed, bakhmut):
    taken, held = disputed
    shown = pictures.view(bakhmut, pictures.place_picture(bakhmut))
    russia, ukraine = shown.positions
    assert (russia.side.slug, russia.lead, russia.latest) == ("russia", taken, taken)
    assert ukraine.claims == [held]
    assert russia.control_text == "says it controls it"
    assert [p.side.slug for p in shown.disputing] == ["russia", "ukraine"]


def test_a_one_line_view_loads_no_claims(disputed, bakhmut, django_assert_num_queries):
    item = pictures.place_picture(bakhmut)
    with django_assert_num_queries(1):  # the sides
        shown = pictures.views({bakhmut.pk: (bakhmut, item)}, claims=False)[bakhmut.pk]
    assert shown.loaded == {}
    assert [p.claims for p in shown.positions] == [[], []]
    assert [p.lead for p in shown.positions] == [None, None]


def test_extra_claims_are_loaded_with_the_ones_the_picture_names(bakhmut, russian_actor):
    other = ClaimFactory(claimant=russian_actor)
    shown = pictures.view(bakhmut, pictures.place_picture(bakhmut), extra_claims=[other.pk])
    assert shown.is_empty
    assert shown.loaded == {other.pk: other}


def test_the_summary_states_each_position_with_its_own_verdict(disputed, bakhmut):
    shown = pictures.view(bakhmut, pictures.place_picture(bakhmut))
    assert shown.summary == (
        "Contested: Russia says it controls it since 13 Jan 2023, not yet reviewed; "
        "Ukraine says it controls it since 14 Jan 2023, not yet reviewed."
    )


def test_an_empty_summary_says_no_side_has_spoken(bakhmut):
    shown = pictures.view(bakhmut, picture.EMPTY)
    assert shown.summary == "No side has made a statement about control."
    assert shown.verdict_text == "no claims"
    assert not shown.quiet


def test_a_picture_is_quiet_once_nobody_has_spoken_for_the_set_number_of_days(
    disputed, bakhmut, settings
):
    settings.QUIET_DISPUTE_DAYS = 30
    _, held = disputed
    spoke = held.stated_at.date()

    def as_of(day):
        return pictures.view(bakhmut, pictures.place_picture(bakhmut, day), as_of=day)

    assert not as_of(spoke + timedelta(days=29)).quiet
    assert as_of(spoke + timedelta(days=31)).quiet


def test_only_independent_confirmation_counts_as_confirmed_by_independent(bakhmut):
    shown = pictures.view(bakhmut, picture.EMPTY)
    for status, expected in [
        (Status.CONFIRMED, True),
        (Status.PARTIALLY_CONFIRMED, True),
        (Status.UNCONFIRMED, False),
        (Status.FALSE, False),
    ]:
        shown.verdict = status
        assert shown.confirmed_by_independent is expected, status


def test_a_verdict_without_an_actor_is_the_newsrooms():
    verdict = pictures.VerifierView(None, Status.FALSE, BASE_TIME, None, "verdict")
    assert verdict.who == "the newsroom"
    assert not verdict.is_admission
    assert pictures.VerifierView(None, Status.FALSE, BASE_TIME, None, "admission").is_admission


def test_claim_ids_collects_every_claim_a_picture_names(disputed, bakhmut):
    taken, held = disputed
    item = pictures.place_picture(bakhmut)
    assert pictures.claim_ids([item, picture.EMPTY]) >= {taken.pk, held.pk}
    assert pictures.claim_ids([]) == set()


def test_statements_of_many_places_read_as_those_of_a_few(disputed, bakhmut, monkeypatch):
    elsewhere = PlaceFactory()
    ClaimFactory(place=elsewhere)
    ids = [bakhmut.pk, elsewhere.pk]
    compiled = pictures.statements(ids), pictures.statements(ids, before=disputed[1].stated_at)
    monkeypatch.setattr(pictures, "COMPILED_PLACES", 1)
    plain = pictures.statements(ids), pictures.statements(ids, before=disputed[1].stated_at)
    assert plain == compiled
