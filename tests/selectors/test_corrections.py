"""claims.selectors.corrections: what changed in a claim after it was recorded, as readers see
it (corrections) and as an editor with a form open sees it (changes since). How the claim page
and the desk show them, and their query counts, are in tests/views/test_desk.py."""

from datetime import timedelta

import pytest

from claims import services
from claims.choices import Verb
from claims.formatting import format_moment
from claims.selectors.corrections import changes_since, claim_corrections
from tests.factories import ActorFactory, ClaimFactory, PlaceFactory, SourceFactory, judge

pytestmark = pytest.mark.django_db


@pytest.fixture
def capture(russian_actor):
    return ClaimFactory(
        place=PlaceFactory(name="Soledar"),
        claimant=russian_actor,
        summary="Russia says it took Soledar.",
        citations=[services.CitationInput(source=SourceFactory(title="Wire report"))],
    )


def edit(claim, user, reason="", **changes):
    claim.refresh_from_db()
    return services.claim_update(
        claim=claim, expected_version=claim.version, user=user, reason=reason, **changes
    )


# --- Corrections -----------------------------------------------------------------------------


def test_a_claim_as_first_recorded_has_no_corrections_not_even_its_citations(capture):
    assert claim_corrections(capture) == []


def test_a_content_change_is_a_correction_with_who_why_and_both_values(capture, editor):
    edit(capture, editor, reason="Misread the date line.", summary="Wagner says it took Soledar.")
    (correction,) = claim_corrections(capture)
    assert correction.who == editor
    assert correction.reason == "Misread the date line."
    assert correction.changes == [
        ("Summary", "Russia says it took Soledar.", "Wagner says it took Soledar.")
    ]


def test_a_related_record_is_shown_by_name_and_a_choice_by_its_label(capture, editor, russia):
    wagner = ActorFactory(name="Wagner Group", side=russia)
    edit(capture, editor, claimant=wagner, verb=Verb.HOLDS)
    (correction,) = claim_corrections(capture)
    assert ("Claimant", "Russian MoD", "Wagner Group") in correction.changes
    assert ("Verb", "captured", "holds") in correction.changes


def test_a_time_reads_as_the_pages_write_times(capture, editor):
    # It read "2023-05-20 10:00:00+00:00", Python's form.
    earlier = capture.stated_at - timedelta(hours=2)
    edit(capture, editor, effective_at=earlier)
    (correction,) = claim_corrections(capture)
    (label, before, after) = correction.changes[0]
    assert label == "Effective at"
    assert after == format_moment(earlier)
    assert "+00:00" not in before + after


def test_an_empty_value_is_shown_as_a_dash(capture, editor):
    edit(capture, editor, quote="Soledar has been liberated.")
    (correction,) = claim_corrections(capture)
    assert correction.changes == [("Quote", "—", "Soledar has been liberated.")]


def test_verdicts_and_the_ambiguity_flag_are_not_corrections(capture, editor):
    judge(capture, editor)
    edit(capture, editor, ambiguous=True)
    assert claim_corrections(capture) == []


def test_a_citation_added_later_is_a_correction_naming_the_source(capture, editor):
    later = SourceFactory(title="Later analysis")
    kept = capture.citations.get().source
    edit(
        capture,
        editor,
        citations=[services.CitationInput(source=kept), services.CitationInput(source=later)],
    )
    (correction,) = claim_corrections(capture)
    assert correction.changes == [("Citation", "added", "Later analysis")]


def test_a_citation_removed_later_is_a_correction_too(capture, editor):
    edit(capture, editor, citations=[services.CitationInput(source=SourceFactory(title="New"))])
    changes = [c.changes[0] for c in claim_corrections(capture)]
    assert sorted(changes) == [("Citation", "added", "New"), ("Citation", "removed", "Wire report")]


def test_corrections_are_listed_oldest_first(capture, editor):
    edit(capture, editor, summary="First fix.")
    edit(capture, editor, summary="Second fix.")
    summaries = [c.changes[0][2] for c in claim_corrections(capture)]
    assert summaries == ["First fix.", "Second fix."]


def test_verifications_already_loaded_save_the_query_for_the_first_one(
    capture, editor, django_assert_num_queries
):
    edit(capture, editor, summary="A fix.")
    verifications = list(capture.verifications.order_by("recorded_at", "id"))
    with django_assert_num_queries(2):  # the claim's history; its citations' history
        corrections = claim_corrections(capture, verifications)
    assert corrections == claim_corrections(capture)


# --- Changes since a version -----------------------------------------------------------------


def test_nothing_changed_since_the_current_version(capture):
    capture.refresh_from_db()
    since = changes_since(capture, capture.version)
    assert (since.verifications, since.edits) == ([], [])
    assert since.version == capture.version


def test_changes_since_separate_verdicts_from_edits(capture, editor, second_editor):
    opened = capture.version
    verdict = judge(capture, second_editor)
    edit(capture, second_editor, summary="Their fix.")
    since = changes_since(capture, opened)
    assert since.verifications == [verdict]
    (record,) = since.edits
    assert record.summary == "Their fix."
    assert record.history_user == second_editor
    assert since.claim == capture


def test_changes_since_come_in_the_order_of_the_versions(capture, editor):
    opened = capture.version
    edit(capture, editor, summary="One.")
    edit(capture, editor, summary="Two.")
    versions = [r.version for r in changes_since(capture, opened).edits]
    assert versions == sorted(versions) and len(versions) == 2
    assert changes_since(capture, versions[0]).edits[0].summary == "Two."
